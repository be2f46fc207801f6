"""CSRF: every form and every session-authenticated write needs the token."""

import re

import pytest

from app.auth.models import Role
from tests.conftest import PASSWORD


@pytest.fixture
def csrf_on(app):
    app.config["WTF_CSRF_ENABLED"] = True
    yield
    app.config["WTF_CSRF_ENABLED"] = False


def token_from(html: str) -> str:
    return re.search(r'name="csrf_token" value="([^"]+)"', html).group(1)


def test_login_without_token_is_refused(client, make_user, csrf_on):
    user = make_user(Role.MANAGER)
    response = client.post("/login", data={"username": user.username, "password": PASSWORD})
    assert response.status_code == 400


def test_login_with_token_works(client, make_user, csrf_on):
    user = make_user(Role.MANAGER)
    token = token_from(client.get("/login").get_data(as_text=True))
    response = client.post(
        "/login", data={"username": user.username, "password": PASSWORD, "csrf_token": token}
    )
    assert response.status_code == 302


def test_session_api_write_needs_the_token_header(client, make_user, csrf_on):
    admin = make_user(Role.ADMIN)
    token = token_from(client.get("/login").get_data(as_text=True))
    client.post(
        "/login", data={"username": admin.username, "password": PASSWORD, "csrf_token": token}
    )
    refused = client.post("/api/v1/districts", json={"name": "Fără token"})
    assert refused.status_code == 400
    assert refused.is_json
    page_token = token_from(client.get("/users/new").get_data(as_text=True))
    accepted = client.post(
        "/api/v1/districts", json={"name": "Cu token"}, headers={"X-CSRFToken": page_token}
    )
    assert accepted.status_code == 201


def test_bearer_token_calls_need_no_csrf(app, client, make_user, csrf_on):
    from app.auth import services
    from app.auth.models import User
    from app.extensions import db

    admin = make_user(Role.ADMIN)
    with app.app_context():
        token = services.issue_token(db.session.get(User, admin.id))
        db.session.commit()
    response = client.post(
        "/api/v1/districts", json={"name": "Prin API"}, headers={"Authorization": f"Bearer {token}"}
    )
    assert response.status_code == 201
    wrong = client.get("/api/v1/me", headers={"Authorization": "Bearer wrong"})
    assert wrong.status_code == 401
