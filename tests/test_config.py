import secrets
import subprocess
import sys

import pytest

from app import create_app
from app.config import DEFAULT_SECRET, ConfigError


@pytest.mark.parametrize("secret", [None, "", DEFAULT_SECRET, "short"])
def test_production_refuses_missing_or_default_secret(secret):
    config = {"ENV": "production", "SECRET_KEY": secret}
    with pytest.raises(ConfigError, match="SECRET_KEY"):
        create_app(config)


def test_production_starts_with_a_real_secret(tmp_path):
    secret = secrets.token_hex(32)
    app = create_app(
        {
            "ENV": "production",
            "SECRET_KEY": secret,
            "SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path / 'p.db'}",
        }
    )
    assert app.config["SECRET_KEY"] == secret


@pytest.mark.parametrize(
    "secret",
    [
        "x" * 48,
        "ab" * 24,
        "abcdefghijklmnopqrstuvwxyz0123456789",
        "my-super-secret-key-for-production-2026",
        "correct-horse-battery-staple-canteen-moldova",
        "Password123Password123Password123!",
    ],
)
def test_production_refuses_long_but_guessable_secrets(secret, tmp_path):
    with pytest.raises(ConfigError, match="SECRET_KEY is too weak"):
        create_app({"ENV": "production", "SECRET_KEY": secret})


@pytest.mark.parametrize("make", [lambda: secrets.token_hex(32), lambda: secrets.token_urlsafe(32)])
def test_random_secrets_pass_the_strength_check(make):
    from app.config import secret_weakness

    assert [secret_weakness(make()) for _ in range(200)] == [None] * 200


def test_session_cookie_is_secure_in_production_unless_turned_off(monkeypatch):
    from app.config import load_config

    monkeypatch.delenv("SESSION_COOKIE_SECURE", raising=False)
    monkeypatch.setenv("CANTINA_ENV", "production")
    assert load_config()["SESSION_COOKIE_SECURE"] is True
    monkeypatch.setenv("SESSION_COOKIE_SECURE", "false")
    assert load_config()["SESSION_COOKIE_SECURE"] is False
    monkeypatch.setenv("CANTINA_ENV", "development")
    monkeypatch.delenv("SESSION_COOKIE_SECURE")
    assert load_config()["SESSION_COOKIE_SECURE"] is False


def test_serve_in_production_without_secret_says_why(tmp_path):
    env = {
        "PATH": "/usr/bin:/bin",
        "CANTINA_ENV": "production",
        "CANTINA_INSTANCE": str(tmp_path),
        "HOME": str(tmp_path),
    }
    done = subprocess.run(
        [sys.executable, "-m", "app.cli", "serve"],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode != 0
    assert "SECRET_KEY" in done.stderr


def test_defaults_are_local_and_chisinau(monkeypatch, tmp_path):
    monkeypatch.delenv("DATABASE_URL", raising=False)
    from app.config import load_config

    config = load_config()
    assert config["SQLALCHEMY_DATABASE_URI"].startswith("sqlite:///")
    assert config["SQLALCHEMY_DATABASE_URI"].endswith("cantina.db")
    assert config["TIMEZONE"] == "Europe/Chisinau"
    assert config["BABEL_DEFAULT_LOCALE"] == "ro"


def test_postgres_urls_use_psycopg(monkeypatch):
    monkeypatch.setenv("DATABASE_URL", "postgres://u@h/db")
    from app.config import load_config

    assert load_config()["SQLALCHEMY_DATABASE_URI"] == "postgresql+psycopg://u@h/db"


def test_demo_logins_match_the_accounts_created(app, ctx):
    from sqlalchemy import select

    from app import demo
    from app.auth.models import User
    from app.extensions import db

    demo.load()
    created = set(db.session.scalars(select(User.username)))
    assert {username for username, _, _ in demo.logins()} <= created
    sample = db.session.scalar(select(User).where(User.username == "staff.lozova"))
    assert sample.check_password(demo.DEMO_PASSWORD)
    assert [s.name for s in sample.sites] == ["CCAS Lozova"]
