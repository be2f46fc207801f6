"""Logout, a password reset and a deactivation end every session of the user: a cookie
saved before them no longer logs anyone in (the session carries a version)."""

from app.auth import services
from app.auth.models import Role
from app.extensions import db
from tests.conftest import PASSWORD, login


def saved_session(client) -> str:
    return client.get_cookie("session").value


def replay(app, cookie: str):
    """A fresh browser sending only the saved cookie."""
    other = app.test_client()
    other.set_cookie("session", cookie)
    return other


def test_a_cookie_saved_before_logout_does_not_work_after_it(app, client, make_user):
    user = make_user(Role.MANAGER)
    login(client, user)
    cookie = saved_session(client)
    assert replay(app, cookie).get("/").status_code == 200
    client.post("/logout")
    thief = replay(app, cookie)
    assert thief.get("/").status_code == 302
    assert thief.get("/api/v1/me").status_code == 401


def test_logout_ends_the_users_other_sessions(app, make_user):
    user = make_user(Role.MANAGER)
    phone, laptop = app.test_client(), app.test_client()
    login(phone, user)
    login(laptop, user)
    laptop.post("/logout")
    assert phone.get("/").status_code == 302


def test_an_admin_password_reset_ends_the_users_sessions_and_token(app, client, make_user):
    user = make_user(Role.MANAGER)
    with app.app_context():
        token = services.issue_token(db.session.get(type(user), user.id))
        db.session.commit()
    login(client, user)
    cookie = saved_session(client)
    admin = app.test_client()
    login(admin, make_user(Role.ADMIN))
    reset = admin.patch(f"/api/v1/users/{user.id}", json={"password": "o-parola-noua-lunga"})
    assert reset.status_code == 200, reset.json
    assert client.get("/").status_code == 302
    assert replay(app, cookie).get("/").status_code == 302
    assert (
        app.test_client()
        .get("/api/v1/me", headers={"Authorization": f"Bearer {token}"})
        .status_code
        == 401
    )
    # the admin's own session is untouched, and the new password works
    assert admin.get("/").status_code == 200
    login(app.test_client(), user, "o-parola-noua-lunga")


def test_the_reset_page_form_ends_sessions_too(app, client, make_user, make_site):
    user = make_user(Role.STAFF, sites=[make_site()])
    login(client, user)
    admin = app.test_client()
    login(admin, make_user(Role.ADMIN))
    saved = admin.post(
        f"/users/{user.id}",
        data={
            "full_name": user.full_name,
            "role": "staff",
            "language": "ro",
            "site_ids": [str(i) for i in user.site_ids],
            "active": "true",
            "password": "o-parola-noua-lunga",
        },
    )
    assert saved.status_code == 302, saved.get_data(as_text=True)
    assert client.get("/").status_code == 302


def test_deactivation_ends_sessions_even_after_reactivation(app, client, make_user):
    user = make_user(Role.MANAGER)
    with app.app_context():
        token = services.issue_token(db.session.get(type(user), user.id))
        db.session.commit()
    login(client, user)
    cookie = saved_session(client)
    admin = app.test_client()
    login(admin, make_user(Role.ADMIN))
    assert admin.patch(f"/api/v1/users/{user.id}", json={"active": False}).status_code == 200
    assert client.get("/").status_code == 302
    assert admin.patch(f"/api/v1/users/{user.id}", json={"active": True}).status_code == 200
    assert replay(app, cookie).get("/").status_code == 302
    bearer = {"Authorization": f"Bearer {token}"}
    assert app.test_client().get("/api/v1/me", headers=bearer).status_code == 401


def test_other_changes_keep_the_session(app, client, make_user):
    user = make_user(Role.MANAGER)
    login(client, user)
    admin = app.test_client()
    login(admin, make_user(Role.ADMIN))
    assert admin.patch(f"/api/v1/users/{user.id}", json={"phone": "069000111"}).status_code == 200
    assert client.get("/").status_code == 200


def test_changing_ones_password_ends_the_other_sessions(app, client, make_user):
    user = make_user(Role.MANAGER)
    login(client, user)
    other_device = app.test_client()
    login(other_device, user)
    changed = client.post(
        "/account/password",
        data={"current_password": PASSWORD, "password": "alta-parola-a-mea"},
    )
    assert changed.status_code == 302
    assert client.get("/").status_code == 200  # this session goes on
    assert other_device.get("/").status_code == 302
    login(app.test_client(), user, "alta-parola-a-mea")


def test_a_password_change_needs_the_current_password_and_a_good_new_one(client, make_user):
    user = make_user(Role.MANAGER)
    login(client, user)
    wrong = client.post(
        "/account/password",
        data={"current_password": "nu-e-a-mea", "password": "alta-parola-a-mea"},
    )
    assert wrong.status_code == 409
    assert 'id="err-current_password"' in wrong.get_data(as_text=True)
    weak = client.post(
        "/account/password", data={"current_password": PASSWORD, "password": "1234567890"}
    )
    assert weak.status_code == 422
    assert 'id="err-password"' in weak.get_data(as_text=True)
    assert client.get("/").status_code == 200


def test_guessing_the_current_password_from_an_open_session_is_throttled(
    app, client, make_user, monkeypatch
):
    from app.auth import throttle

    frozen = throttle.utcnow()
    monkeypatch.setattr(throttle, "utcnow", lambda: frozen)
    user = make_user(Role.MANAGER)
    login(client, user)
    statuses = [
        client.post(
            "/account/password",
            data={"current_password": f"ghicit-{n}", "password": "alta-parola-a-mea"},
        ).status_code
        for n in range(6)
    ]
    free = app.config["LOGIN_FREE_FAILURES"]
    assert statuses[: free + 1] == [409] * (free + 1)
    assert statuses[free + 1] == 429
