"""Settings read from environment variables, with safe defaults for local use."""

import os
from pathlib import Path

INSTANCE_DIR = Path(os.environ.get("CANTINA_INSTANCE", Path.cwd() / "instance"))
DEFAULT_SECRET = "dev-only-not-secret"  # noqa: S105 - refused in production
LANGUAGES = ("ro", "ru", "en")


class ConfigError(RuntimeError):
    """Raised when the configuration cannot run safely."""


def _bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def _int(name: str, default: int) -> int:
    value = os.environ.get(name)
    return int(value) if value not in (None, "") else default


def load_config() -> dict:
    """Read the settings from the environment."""
    database_url = os.environ.get("DATABASE_URL") or f"sqlite:///{INSTANCE_DIR / 'cantina.db'}"
    if database_url.startswith("postgres://"):
        database_url = "postgresql://" + database_url[len("postgres://") :]
    if database_url.startswith("postgresql://"):
        database_url = "postgresql+psycopg://" + database_url[len("postgresql://") :]
    return {
        "ENV": os.environ.get("CANTINA_ENV", "development"),
        "SECRET_KEY": os.environ.get("SECRET_KEY", DEFAULT_SECRET),
        "SQLALCHEMY_DATABASE_URI": database_url,
        "TIMEZONE": os.environ.get("CANTINA_TIMEZONE", "Europe/Chisinau"),
        "BABEL_DEFAULT_LOCALE": os.environ.get("CANTINA_LANGUAGE", "ro"),
        "BABEL_DEFAULT_TIMEZONE": os.environ.get("CANTINA_TIMEZONE", "Europe/Chisinau"),
        "LANGUAGES": LANGUAGES,
        "EXPORTS_DIR": os.environ.get("CANTINA_EXPORTS_DIR", str(INSTANCE_DIR / "exports")),
        # uploaded lists wait here between the preview and the confirmation
        "IMPORTS_DIR": os.environ.get("CANTINA_IMPORTS_DIR", str(INSTANCE_DIR / "imports")),
        "IMPORT_KEEP_HOURS": _int("CANTINA_IMPORT_KEEP_HOURS", 24),
        "STAFF_MARK_DAYS": _int("CANTINA_STAFF_MARK_DAYS", 3),
        "ABSENCE_ALERT_DAYS": _int("CANTINA_ABSENCE_ALERT_DAYS", 3),
        # the summary's age groups: 0-17, 18-62, 63+ by default
        "REPORT_AGE_BOUNDS": os.environ.get("CANTINA_REPORT_AGE_BOUNDS", "18,63"),
        "MONTHLY_REPORTS_TIME": os.environ.get("CANTINA_MONTHLY_REPORTS_TIME", "06:30"),
        "REPORT_KEEP_MONTHS": _int("CANTINA_REPORT_KEEP_MONTHS", 24),
        "DELIVERY_LIST_TIME": os.environ.get("CANTINA_DELIVERY_LIST_TIME", "07:00"),
        "LOGIN_MAX_FAILURES": _int("CANTINA_LOGIN_MAX_FAILURES", 5),
        "LOGIN_LOCK_MINUTES": _int("CANTINA_LOGIN_LOCK_MINUTES", 15),
        "SMTP_HOST": os.environ.get("SMTP_HOST", ""),
        "SMTP_PORT": _int("SMTP_PORT", 25),
        "SMTP_USER": os.environ.get("SMTP_USER", ""),
        "SMTP_PASSWORD": os.environ.get("SMTP_PASSWORD", ""),
        "SMTP_STARTTLS": _bool("SMTP_STARTTLS", False),
        "MAIL_FROM": os.environ.get("MAIL_FROM", "cantina@localhost"),
        "PASSWORD_METHOD": "scrypt",
        "SESSION_COOKIE_HTTPONLY": True,
        "SESSION_COOKIE_SAMESITE": "Lax",
        "SESSION_COOKIE_SECURE": _bool("SESSION_COOKIE_SECURE", False),
        "REMEMBER_COOKIE_HTTPONLY": True,
        "REMEMBER_COOKIE_SAMESITE": "Lax",
        "MAX_CONTENT_LENGTH": 20 * 1024 * 1024,
        "SQLALCHEMY_ENGINE_OPTIONS": {"pool_pre_ping": True},
        # flask-smorest / OpenAPI
        "API_TITLE": "Cantina",
        "API_VERSION": "v1",
        "OPENAPI_VERSION": "3.0.3",
        "OPENAPI_URL_PREFIX": "/api/v1",
        "OPENAPI_JSON_PATH": "openapi.json",
        "WTF_CSRF_CHECK_DEFAULT": False,
        "WTF_CSRF_TIME_LIMIT": None,
    }


def check_production(config: dict) -> None:
    """Refuse to run in production with a secret anyone can read in the source."""
    if config.get("ENV") != "production":
        return
    secret = config.get("SECRET_KEY") or ""
    if not secret or secret == DEFAULT_SECRET:
        raise ConfigError(
            "SECRET_KEY is missing or left at the development default; "
            "set SECRET_KEY to a long random value before starting in production "
            '(for example: python -c "import secrets; print(secrets.token_hex(32))").'
        )
    if len(secret) < 32:
        raise ConfigError(
            "SECRET_KEY is too short for production: use at least 32 random characters."
        )
