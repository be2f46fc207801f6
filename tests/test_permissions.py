"""Who reaches what: every page and endpoint checks the role, and the site, on the server."""

import pytest

from app.auth.models import Role

PUBLIC_ENDPOINTS = {
    "static",
    "auth.login",
    "auth.logout",
    "auth.set_language",
    "api-docs.openapi_json",
    # liveness and readiness for the supervisor: no personal data, no session
    "ops.healthz",
    "ops.readyz",
}


def test_every_endpoint_declares_its_roles(app):
    """A new page cannot slip in without a permission check."""
    unprotected = []
    for rule in app.url_map.iter_rules():
        if rule.endpoint in PUBLIC_ENDPOINTS:
            continue
        view = app.view_functions[rule.endpoint]
        if not getattr(view, "allowed_roles", None) and not getattr(view, "login_only", False):
            unprotected.append(rule.rule)
    assert unprotected == []


def test_anonymous_is_sent_to_login_or_gets_401(app, client):
    for rule in app.url_map.iter_rules():
        if rule.endpoint in PUBLIC_ENDPOINTS or "GET" not in rule.methods:
            continue
        url = rule.rule.replace("<int:", "<").replace("<", "").replace(">", "")
        for arg in rule.arguments:
            url = url.replace(arg, "1")
        response = client.get(url)
        if rule.rule.startswith("/api/"):
            assert response.status_code == 401, rule.rule
            assert response.is_json and response.json["message"]
        else:
            assert response.status_code == 302, rule.rule
            assert "/login" in response.headers["Location"]


# (path, roles that may open it); {own} and {other} are site ids.
PLATFORM_PAGES = [
    ("/", {"admin", "manager", "staff", "driver"}),
    ("/sites", {"admin", "manager", "staff"}),
    ("/sites/{own}", {"admin", "manager", "staff"}),
    ("/sites/{own}/edit", {"admin"}),
    ("/sites/new", {"admin"}),
    ("/places", {"admin", "manager"}),
    ("/users", {"admin"}),
    ("/users/new", {"admin"}),
    ("/api/v1/me", {"admin", "manager", "staff", "driver"}),
    ("/api/v1/users", {"admin"}),
    ("/api/v1/districts", {"admin", "manager", "staff", "driver"}),
    ("/api/v1/localities", {"admin", "manager", "staff", "driver"}),
    ("/api/v1/sites", {"admin", "manager", "staff"}),
    ("/api/v1/sites/{own}", {"admin", "manager", "staff"}),
]


@pytest.mark.parametrize("role", list(Role))
@pytest.mark.parametrize(("path", "allowed"), PLATFORM_PAGES)
def test_role_matrix_on_own_site(client, make_site, login_as, role, path, allowed):
    own = make_site()
    login_as(role, [own] if role in (Role.STAFF, Role.DRIVER) else [])
    response = client.get(path.format(own=own.id))
    if role.value in allowed:
        assert response.status_code == 200, (role, path, response.status_code)
    else:
        assert response.status_code == 403, (role, path, response.status_code)


@pytest.mark.parametrize("path", ["/sites/{other}", "/api/v1/sites/{other}"])
@pytest.mark.parametrize("role", [Role.STAFF, Role.DRIVER])
def test_site_people_cannot_open_another_site(client, make_site, login_as, role, path):
    own, other = make_site(), make_site()
    login_as(role, [own])
    response = client.get(path.format(other=other.id))
    assert response.status_code == 403


def test_staff_site_list_shows_only_their_sites(client, make_site, login_as):
    own, other = make_site(), make_site()
    login_as(Role.STAFF, [own])
    listed = client.get("/api/v1/sites").json
    assert [s["id"] for s in listed["items"]] == [own.id]
    page = client.get("/sites").get_data(as_text=True)
    assert own.name in page and other.name not in page


@pytest.mark.parametrize(
    ("method", "path", "body"),
    [
        ("post", "/api/v1/sites", {"name": "X", "kind": "canteen", "locality_id": 1}),
        ("patch", "/api/v1/sites/{own}", {"name": "Renamed"}),
        ("post", "/api/v1/districts", {"name": "Nou"}),
        ("post", "/api/v1/users", {"username": "x"}),
    ],
)
@pytest.mark.parametrize("role", [Role.MANAGER, Role.STAFF, Role.DRIVER])
def test_only_admin_changes_places_and_users(client, make_site, login_as, role, method, path, body):
    own = make_site()
    login_as(role, [own] if role in (Role.STAFF, Role.DRIVER) else [])
    response = getattr(client, method)(path.format(own=own.id), json=body)
    assert response.status_code == 403
    assert response.json["message"]
