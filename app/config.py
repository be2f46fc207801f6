"""Settings read from environment variables, with safe defaults for local use."""

import math
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
    env = os.environ.get("CANTINA_ENV", "development")
    # one setting for every generated file kept (CANTINA_REPORT_KEEP_MONTHS: its old name)
    exports_keep = _int("CANTINA_EXPORTS_KEEP_MONTHS", _int("CANTINA_REPORT_KEEP_MONTHS", 24))
    return {
        "ENV": env,
        "SECRET_KEY": os.environ.get("SECRET_KEY", DEFAULT_SECRET),
        "SQLALCHEMY_DATABASE_URI": database_url,
        "TIMEZONE": os.environ.get("CANTINA_TIMEZONE", "Europe/Chisinau"),
        "BABEL_DEFAULT_LOCALE": os.environ.get("CANTINA_LANGUAGE", "ro"),
        "BABEL_DEFAULT_TIMEZONE": os.environ.get("CANTINA_TIMEZONE", "Europe/Chisinau"),
        "LANGUAGES": LANGUAGES,
        "EXPORTS_DIR": os.environ.get("CANTINA_EXPORTS_DIR", str(INSTANCE_DIR / "exports")),
        # uploaded lists wait here between the preview and the confirmation
        "IMPORTS_DIR": os.environ.get("CANTINA_IMPORTS_DIR", str(INSTANCE_DIR / "imports")),
        # the scheduler touches this file; /readyz wants it fresh
        "SCHEDULER_HEARTBEAT_FILE": os.environ.get(
            "CANTINA_HEARTBEAT_FILE", str(INSTANCE_DIR / "scheduler.heartbeat")
        ),
        "SCHEDULER_HEARTBEAT_MAX_AGE": _int("CANTINA_HEARTBEAT_MAX_AGE", 180),
        "BACKUP_DIR": os.environ.get("CANTINA_BACKUP_DIR", str(INSTANCE_DIR / "backups")),
        "BACKUP_KEEP": _int("CANTINA_BACKUP_KEEP", 14),
        "BACKUP_TIME": os.environ.get("CANTINA_BACKUP_TIME", "02:30"),
        "IMPORT_KEEP_HOURS": _int("CANTINA_IMPORT_KEEP_HOURS", 24),
        # long work (imports, reports) runs in threads of the web process, this many of a
        # kind at once per process; a report asked on the Reports page is kept this long
        "BACKGROUND_JOBS": True,
        "JOBS_AT_ONCE": _int("CANTINA_JOBS_AT_ONCE", 2),
        "REPORT_JOB_KEEP_HOURS": _int("CANTINA_REPORT_JOB_KEEP_HOURS", 24),
        # Law 133/2011: people who left more than this many years ago are anonymised
        "RETENTION_YEARS": _int("CANTINA_RETENTION_YEARS", 3),
        "EXPORTS_KEEP_MONTHS": exports_keep,
        # the dashboard warns when a site holds fewer parcels of a type than this
        "LOW_STOCK": _int("CANTINA_LOW_STOCK", 5),
        "RETENTION_TIME": os.environ.get("CANTINA_RETENTION_TIME", "03:15"),
        "STAFF_MARK_DAYS": _int("CANTINA_STAFF_MARK_DAYS", 3),
        "ABSENCE_ALERT_DAYS": _int("CANTINA_ABSENCE_ALERT_DAYS", 3),
        # the summary's age groups: 0-17, 18-62, 63+ by default
        "REPORT_AGE_BOUNDS": os.environ.get("CANTINA_REPORT_AGE_BOUNDS", "18,63"),
        "MONTHLY_REPORTS_TIME": os.environ.get("CANTINA_MONTHLY_REPORTS_TIME", "06:30"),
        # the monthly report job's own clean-up follows the same setting
        "REPORT_KEEP_MONTHS": exports_keep,
        "DELIVERY_LIST_TIME": os.environ.get("CANTINA_DELIVERY_LIST_TIME", "07:00"),
        # failed logins per account, address or device before each try must wait,
        # the longest wait, and how long a quiet key keeps its count
        "LOGIN_FREE_FAILURES": _int("CANTINA_LOGIN_FREE_FAILURES", 3),
        "LOGIN_ADDRESS_FREE_FAILURES": _int("CANTINA_LOGIN_ADDRESS_FREE_FAILURES", 20),
        "LOGIN_DELAY_CAP_SECONDS": _int("CANTINA_LOGIN_DELAY_CAP_SECONDS", 900),
        "LOGIN_FORGET_HOURS": _int("CANTINA_LOGIN_FORGET_HOURS", 24),
        # reverse proxies in front of the app whose X-Forwarded-For is believed
        "TRUSTED_PROXIES": _int("CANTINA_TRUSTED_PROXIES", 0),
        # the load benchmark's floor routes (app/ops/bench.py); never on otherwise
        "BENCH_ROUTES": _bool("CANTINA_BENCH_ROUTES", False),
        "SMTP_HOST": os.environ.get("SMTP_HOST", ""),
        "SMTP_PORT": _int("SMTP_PORT", 25),
        "SMTP_USER": os.environ.get("SMTP_USER", ""),
        "SMTP_PASSWORD": os.environ.get("SMTP_PASSWORD", ""),
        "SMTP_STARTTLS": _bool("SMTP_STARTTLS", False),
        "MAIL_FROM": os.environ.get("MAIL_FROM", "cantina@localhost"),
        "PASSWORD_METHOD": "scrypt",
        "SESSION_COOKIE_HTTPONLY": True,
        "SESSION_COOKIE_SAMESITE": "Lax",
        # Secure in production unless SESSION_COOKIE_SECURE=false says otherwise
        "SESSION_COOKIE_SECURE": _bool("SESSION_COOKIE_SECURE", env == "production"),
        "REMEMBER_COOKIE_SECURE": _bool("SESSION_COOKIE_SECURE", env == "production"),
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


def secret_weakness(secret: str) -> str | None:
    """Why a secret key is too weak to sign sessions, or None when it will do.

    Length alone is not enough: "x" * 48 or a sentence of dictionary words is long and
    guessable. The key must be long, use many different characters, repeat no short
    pattern, and keep about 90 bits of estimated entropy (a Shannon estimate, which
    undercounts a random key) once known words are removed.
    """
    if len(secret) < MIN_SECRET_LENGTH:
        return f"it is shorter than {MIN_SECRET_LENGTH} characters"
    if len(set(secret)) < 10:
        return "it uses too few different characters"
    for size in range(1, len(secret) // 2 + 1):
        if (secret[:size] * (len(secret) // size + 1))[: len(secret)] == secret:
            return "it repeats a short pattern"
    steps = sum(abs(ord(b) - ord(a)) <= 1 for a, b in zip(secret, secret[1:], strict=False))
    if steps > len(secret) // 2:
        return "it is mostly runs of consecutive characters"
    rest = secret.lower()
    for word in sorted(_secret_words(), key=len, reverse=True):
        rest = rest.replace(word, " ")
    rest = rest.translate(str.maketrans("", "", " -_.:,;!/")) or ""
    if _entropy_bits(rest) < MIN_SECRET_BITS:
        return "it is made of words or patterns that can be guessed"
    return None


MIN_SECRET_LENGTH = 32
MIN_SECRET_BITS = 90


def _entropy_bits(text: str) -> float:
    """Shannon estimate: the characters' own spread times the length."""
    if not text:
        return 0.0
    counts = {c: text.count(c) for c in set(text)}
    per_char = -sum(n / len(text) * math.log2(n / len(text)) for n in counts.values())
    return per_char * len(text)


def _secret_words() -> list[str]:
    words = Path(__file__).parent / "auth" / "data" / "common_passwords.txt"
    found = {
        line.strip()
        for line in words.read_text(encoding="utf-8").splitlines()
        if len(line.strip()) >= 4 and line.strip().isalpha() and not line.startswith("#")
    }
    return sorted(found | _SECRET_WORDS)


_SECRET_WORDS = {
    "secret", "secure", "production", "cantina", "change", "this", "please", "flask",
    "session", "django", "random", "string", "value", "sign", "token", "development",
}  # fmt: skip


def check_production(config: dict) -> None:
    """Refuse to run in production with a secret that is known or can be guessed."""
    if config.get("ENV") != "production":
        return
    secret = config.get("SECRET_KEY") or ""
    if not secret or secret == DEFAULT_SECRET:
        raise ConfigError(
            "SECRET_KEY is missing or left at the development default; "
            "set SECRET_KEY to a long random value before starting in production "
            '(for example: python -c "import secrets; print(secrets.token_hex(32))").'
        )
    weakness = secret_weakness(secret)
    if weakness:
        raise ConfigError(
            f"SECRET_KEY is too weak for production: {weakness}. Use a long random value "
            '(for example: python -c "import secrets; print(secrets.token_hex(32))").'
        )
