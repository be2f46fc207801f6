"""Every answer carries the content security policy and the permissions policy; what a
logged-in user receives, downloads included, is never stored by the browser."""

import re
from pathlib import Path

import pytest

from app.auth import throttle
from app.auth.models import Role
from tests.conftest import PASSWORD, login

TEMPLATES = Path(__file__).resolve().parents[2] / "app" / "templates"


def assert_policies(response):
    csp = response.headers.get("Content-Security-Policy", "")
    directives = dict(
        (part.split(" ", 1) + [""])[:2] for part in (d.strip() for d in csp.split(";")) if part
    )
    assert directives.get("script-src") == "'self'", csp
    assert "unsafe-inline" not in csp and "unsafe-eval" not in csp
    assert directives.get("object-src") == "'none'"
    assert directives.get("frame-ancestors") == "'none'"
    assert "camera=()" in response.headers.get("Permissions-Policy", "")


ANONYMOUS_PATHS = [
    "/login",
    "/",
    "/nu-exista",
    "/api/v1/me",
    "/api/v1/openapi.json",
    "/static/app.css",
]


@pytest.mark.parametrize("path", ANONYMOUS_PATHS)
def test_every_answer_carries_the_policies(client, path):
    response = client.get(path)
    response.close()
    assert_policies(response)


def test_logged_in_pages_are_not_stored(client, make_user):
    login(client, make_user(Role.MANAGER))
    for path in ("/", "/sites", "/api/v1/me"):
        response = client.get(path)
        assert response.headers["Cache-Control"] == "no-store", path
        assert_policies(response)


def test_downloads_of_personal_data_are_not_stored(client, make_user, make_site):
    site = make_site()
    login(client, make_user(Role.MANAGER))
    for path in (
        f"/sites/{site.id}/register/2026/11/lunch/xlsx",
        f"/sites/{site.id}/delivery/2026-11-16.xlsx",
        "/beneficiaries/import/template.xlsx",
    ):
        response = client.get(path)
        assert response.status_code == 200, path
        assert response.headers["Cache-Control"] == "no-store", path


def test_no_template_carries_inline_script_or_event_handler():
    """JSON data islands are allowed (the CSP does not run them); code lives in app/static."""
    offenders = []
    for template in TEMPLATES.rglob("*.html"):
        text = template.read_text(encoding="utf-8")
        for tag in re.findall(r"<script\b[^>]*>", text):
            if "src=" not in tag and 'type="application/json"' not in tag:
                offenders.append(f"{template.name}: {tag}")
        for handler in re.findall(r"\son[a-z]+\s*=", text):
            offenders.append(f"{template.name}: {handler.strip()}")
        if "javascript:" in text:
            offenders.append(f"{template.name}: javascript: URL")
    assert offenders == []


def test_the_device_cookie_is_signed_httponly_and_limited_to_the_login(app, client, make_user):
    user = make_user(Role.STAFF)
    response = client.post("/login", data={"username": user.username, "password": PASSWORD})
    cookies = response.headers.getlist("Set-Cookie")
    (device,) = [c for c in cookies if c.startswith(throttle.DEVICE_COOKIE + "=")]
    assert "HttpOnly" in device and "Path=/login" in device and "SameSite=Lax" in device
    value = device.split(";", 1)[0].split("=", 1)[1]
    with app.app_context():
        assert throttle.read_device_cookie(value)[0] == user.id
        assert throttle.read_device_cookie(value[:-2] + "xx") is None


def test_cookies_are_secure_when_configured(app, client, make_user):
    user = make_user(Role.STAFF)
    app.config["SESSION_COOKIE_SECURE"] = True
    try:
        response = client.post(
            "/login",
            data={"username": user.username, "password": PASSWORD},
            base_url="https://localhost",
        )
    finally:
        app.config["SESSION_COOKIE_SECURE"] = False
    cookies = response.headers.getlist("Set-Cookie")
    assert cookies and all("Secure" in c for c in cookies)
