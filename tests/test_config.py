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
    app = create_app(
        {
            "ENV": "production",
            "SECRET_KEY": "x" * 48,
            "SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path / 'p.db'}",
        }
    )
    assert app.config["SECRET_KEY"] == "x" * 48


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
