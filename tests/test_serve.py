"""`cantina serve` (gunicorn) keeps every request's login to itself."""

import http.cookiejar
import os
import re
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

import pytest

from app.auth import services
from app.auth.models import Role
from app.extensions import db
from tests.conftest import PASSWORD, fresh_database, is_postgres, make_test_app


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


def opener(jar=None):
    handlers = [NoRedirect()]
    if jar is not None:
        handlers.append(urllib.request.HTTPCookieProcessor(jar))
    return urllib.request.build_opener(*handlers)


def status(open_, url, data=None) -> int:
    try:
        return open_.open(url, data=data, timeout=10).status
    except urllib.error.HTTPError as exc:
        return exc.code


@pytest.fixture
def served(database_url, tmp_path):
    url = f"{database_url}_serve" if is_postgres(database_url) else f"sqlite:///{tmp_path / 's.db'}"
    fresh_database(url)
    app = make_test_app(url)
    with app.app_context():
        db.create_all()
        services.create_user(
            username="maria", full_name="Maria", role=Role.MANAGER, password=PASSWORD
        )
        db.session.commit()
        db.engine.dispose()
    port = free_port()
    env = dict(
        os.environ,
        DATABASE_URL=url,
        SECRET_KEY="s" * 40,
        CANTINA_INSTANCE=str(tmp_path),
        HOME=str(tmp_path),
    )
    cantina = Path(sys.executable).with_name("cantina")
    proc = subprocess.Popen(
        [str(cantina), "serve", "--port", str(port), "--workers", "1"],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    base = f"http://127.0.0.1:{port}"
    for _ in range(100):
        try:
            urllib.request.urlopen(f"{base}/login", timeout=1)
            break
        except OSError:
            time.sleep(0.1)
    yield base
    proc.terminate()
    proc.wait(timeout=10)


def test_a_login_does_not_leak_into_other_requests(served):
    jar = http.cookiejar.CookieJar()
    maria = opener(jar)
    form = maria.open(f"{served}/login", timeout=10).read().decode()
    assert "Autentificare" in form
    token = re.search(r'name="csrf_token" value="([^"]+)"', form).group(1)
    data = urllib.parse.urlencode(
        {"username": "maria", "password": PASSWORD, "csrf_token": token}
    ).encode()
    assert status(maria, f"{served}/login", data) == 302
    assert status(maria, f"{served}/") == 200
    stranger = opener()
    assert status(stranger, f"{served}/login") == 200
    assert status(stranger, f"{served}/") == 302
    assert status(stranger, f"{served}/api/v1/me") == 401
