from app.auth.models import Role, User
from tests.conftest import PASSWORD, login


def test_login_page_answers(client):
    page = client.get("/login")
    assert page.status_code == 200
    assert "Autentificare" in page.get_data(as_text=True)


def test_login_and_logout(client, make_user):
    user = make_user(Role.MANAGER)
    login(client, user)
    home = client.get("/")
    assert home.status_code == 200
    assert user.full_name in home.get_data(as_text=True)
    client.post("/logout")
    assert client.get("/").status_code == 302


def test_wrong_password_is_refused(client, make_user):
    user = make_user(Role.MANAGER)
    page = client.post("/login", data={"username": user.username, "password": "nope"})
    assert page.status_code == 401
    assert "greșită" in page.get_data(as_text=True)


def test_empty_fields_are_shown_beside_the_form(client):
    page = client.post("/login", data={"username": "", "password": ""})
    assert page.status_code == 422
    assert 'aria-invalid="true"' in page.get_data(as_text=True)


def test_passwords_are_hashed_with_scrypt_by_default():
    from app.config import load_config

    assert load_config()["PASSWORD_METHOD"] == "scrypt"
    user = User(username="x", full_name="x", role=Role.ADMIN)
    user.set_password(PASSWORD)  # outside an app: the default method
    assert user.password_hash.startswith("scrypt:")
    assert PASSWORD not in user.password_hash
    assert user.check_password(PASSWORD) and not user.check_password("other")


def test_session_cookie_is_httponly_and_samesite(client, make_user):
    user = make_user(Role.MANAGER)
    response = login(client, user)
    cookie = response.headers.get("Set-Cookie")
    assert "HttpOnly" in cookie
    assert "SameSite=Lax" in cookie


def test_inactive_user_cannot_log_in(app, client, make_user):
    user = make_user(Role.MANAGER, active=False)
    page = client.post("/login", data={"username": user.username, "password": PASSWORD})
    assert page.status_code == 401


def test_next_only_redirects_inside_the_site(client, make_user):
    user = make_user(Role.MANAGER)
    response = client.post(
        "/login?next=https://evil.example/",
        data={"username": user.username, "password": PASSWORD},
    )
    assert response.headers["Location"] == "/"


def test_language_switch(client, make_user):
    login(client, make_user(Role.MANAGER))
    client.get("/lang/en")
    page = client.get("/sites")
    assert '<html lang="en">' in page.get_data(as_text=True)
