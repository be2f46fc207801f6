"""Who may do what in the delivery domain, and the JSON API."""

import pytest

from app.auth.models import Role
from app.core.clock import today
from tests.conftest import login

ROLES = list(Role)


@pytest.fixture
def world(app, make_site, make_person, make_user, todays_list):
    site = make_site()
    driver = make_user(Role.DRIVER, [site])
    delivery_list = todays_list(site, [make_person(site)], driver=driver)
    return site, driver, delivery_list


PAGES = [
    ("/sites/{site}/routes", {"admin", "manager", "staff"}),
    ("/routes/{route}", {"admin", "manager", "staff"}),
    ("/routes/{route}/suggest", {"admin", "manager", "staff"}),
    ("/sites/{site}/delivery/{day}", {"admin", "manager", "staff"}),
    ("/sites/{site}/delivery/{day}.xlsx", {"admin", "manager", "staff"}),
    ("/delivery/concerns", {"admin", "manager", "staff"}),
    ("/driver", {"driver"}),
    ("/driver/lists/{list}", {"admin", "manager", "staff", "driver"}),
    ("/delivery-lists/{list}/print", {"admin", "manager", "staff", "driver"}),
    ("/api/v1/sites/{site}/routes", {"admin", "manager", "staff"}),
    ("/api/v1/routes/{route}", {"admin", "manager", "staff"}),
    ("/api/v1/routes/{route}/stops", {"admin", "manager", "staff"}),
    ("/api/v1/delivery-lists", {"admin", "manager", "staff", "driver"}),
    ("/api/v1/delivery-lists/{list}", {"admin", "manager", "staff", "driver"}),
]


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize(("path", "allowed"), PAGES)
def test_role_matrix(client, world, make_user, role, path, allowed):
    site, driver, delivery_list = world
    user = driver if role == Role.DRIVER else make_user(role, [site] if role == Role.STAFF else [])
    login(client, user)
    url = path.format(
        site=site.id, route=delivery_list.route_id, list=delivery_list.id, day=today().isoformat()
    )
    response = client.get(url)
    expected = 200 if role.value in allowed else 403
    assert response.status_code == expected, (role, url, response.status_code)


@pytest.mark.parametrize(
    "path",
    ["/sites/{site}/routes", "/routes/{route}", "/api/v1/routes/{route}", "/driver/lists/{list}"],
)
def test_staff_of_another_site_are_kept_out(client, world, make_site, login_as, path):
    site, _, delivery_list = world
    login_as(Role.STAFF, [make_site()])
    url = path.format(site=site.id, route=delivery_list.route_id, list=delivery_list.id)
    assert client.get(url).status_code in (403, 404)


@pytest.mark.parametrize(
    ("method", "path", "body"),
    [
        ("post", "/api/v1/sites/{site}/routes", {"name": "X"}),
        ("patch", "/api/v1/routes/{route}", {"name": "Y"}),
        ("post", "/api/v1/routes/{route}/stops", {"beneficiary_id": 1}),
        ("put", "/api/v1/routes/{route}/stops", {"stop_ids": []}),
        ("post", "/sites/{site}/routes", None),
        ("post", "/sites/{site}/delivery/generate", None),
    ],
)
def test_drivers_do_not_manage_routes(client, world, method, path, body):
    site, driver, delivery_list = world
    login(client, driver)
    url = path.format(site=site.id, route=delivery_list.route_id)
    response = getattr(client, method)(url, json=body) if body else getattr(client, method)(url)
    assert response.status_code == 403


def test_api_routes_and_outcomes(client, app, world, make_person, login_as):
    site, driver, delivery_list = world
    newcomer = make_person(site, last_name="Nou")
    login_as(Role.STAFF, [site])
    created = client.post(
        f"/api/v1/sites/{site.id}/routes", json={"name": "API", "weekdays": "135"}
    )
    assert created.status_code == 201, created.json
    route_id = created.json["id"]
    assert client.post(f"/api/v1/sites/{site.id}/routes", json={"name": "API"}).status_code == 409
    bad = client.post(f"/api/v1/sites/{site.id}/routes", json={"name": "Z", "weekdays": "89"})
    assert bad.status_code == 422 and "weekdays" in bad.json["errors"]
    stop = client.post(f"/api/v1/routes/{route_id}/stops", json={"beneficiary_id": newcomer.id})
    assert stop.status_code == 201 and stop.json["name"].startswith("Nou")
    assert client.get(f"/api/v1/routes/{route_id}/stops").json[0]["beneficiary_id"] == newcomer.id
    assert (
        client.patch(f"/api/v1/routes/{route_id}", json={"active": False}).json["active"] is False
    )

    listed = client.get(f"/api/v1/delivery-lists?date={today().isoformat()}&site_id={site.id}")
    assert [item["id"] for item in listed.json["items"]] == [delivery_list.id]
    assert listed.json["items"][0]["total"] == 1
    detail = client.get(f"/api/v1/delivery-lists/{delivery_list.id}").json
    stop_id = detail["stops"][0]["id"]

    login(client, driver)
    url = f"/api/v1/delivery-lists/{delivery_list.id}/stops/{stop_id}"
    missing_reason = client.put(url, json={"outcome": "not_delivered"})
    assert missing_reason.status_code == 422 and "failure_reason" in missing_reason.json["errors"]
    done = client.put(
        url,
        json={"outcome": "not_delivered", "failure_reason": "refused", "concern": True,
              "concern_note": "pare bolnav"},
    )  # fmt: skip
    assert done.status_code == 200
    assert (done.json["outcome"], done.json["failure_reason"]) == ("not_delivered", "refused")
    detail = client.get(f"/api/v1/delivery-lists/{delivery_list.id}").json
    assert detail["stops"][0]["concern"] is True and detail["done"] == 1


@pytest.mark.parametrize(
    ("day", "status"),
    [("2026-13-45", 422), ("16.11.2026", 422), ("2026-11-16x.xlsx", 422), ("1900-01-02", 404)],
)
def test_a_bad_date_is_answered_as_in_attendance(client, world, login_as, day, status):
    """A malformed date is bad input (422), a date no service day can fall on is not
    found (404), on the delivery pages as on the attendance sheet and API."""
    site = world[0]
    login_as(Role.MANAGER)
    assert client.get(f"/sites/{site.id}/delivery/{day}").status_code == status
    if not day.endswith(".xlsx"):
        assert client.get(f"/sites/{site.id}/attendance/{day}/lunch").status_code == status
