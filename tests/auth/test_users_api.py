from app.auth.models import Role
from app.core.audit import history


def test_admin_creates_and_changes_users(app, client, make_site, login_as):
    login_as(Role.ADMIN)
    site = make_site()
    created = client.post(
        "/api/v1/users",
        json={
            "username": "vasile.driver",
            "full_name": "Vasile Ceban",
            "role": "driver",
            "password": "o-parola-destul-de-lunga",
            "site_ids": [site.id],
        },
    )
    assert created.status_code == 201, created.json
    assert "password" not in created.json
    user_id = created.json["id"]
    changed = client.patch(f"/api/v1/users/{user_id}", json={"role": "staff", "phone": "069000111"})
    assert changed.status_code == 200
    assert changed.json["role"] == "staff"
    with app.app_context():
        fields = {e.field for e in history("user", user_id)}
    assert {"role", "phone"} <= fields


def test_user_input_errors(client, login_as):
    login_as(Role.ADMIN)
    short = client.post(
        "/api/v1/users",
        json={"username": "a b", "full_name": "X", "role": "chef", "password": "123"},
    )
    assert short.status_code == 422
    assert {"username", "full_name", "role", "password"} <= set(short.json["errors"])
    no_site = client.post(
        "/api/v1/users",
        json={"username": "ana", "full_name": "Ana", "role": "staff", "password": "o-parola-lunga"},
    )
    assert no_site.status_code == 422
    assert "site_ids" in no_site.json["errors"]


def test_duplicate_username_is_409(client, login_as, make_user):
    login_as(Role.ADMIN)
    existing = make_user(Role.MANAGER)
    again = client.post(
        "/api/v1/users",
        json={
            "username": existing.username,
            "full_name": "Alt",
            "role": "manager",
            "password": "o-parola-lunga",
        },
    )
    assert again.status_code == 409
    assert again.json["errors"]["username"]


def test_token_page_issues_a_working_bearer_token(app, client, login_as):
    import re

    from flask.testing import FlaskClient

    user = login_as(Role.MANAGER)
    page = client.post("/account/token").get_data(as_text=True)
    token = re.search(r'<code id="token">([^<]+)</code>', page).group(1)
    fresh: FlaskClient = app.test_client()
    me = fresh.get("/api/v1/me", headers={"Authorization": f"Bearer {token}"})
    assert me.status_code == 200
    assert me.json["username"] == user.username
