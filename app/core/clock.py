"""The one notion of 'now' and 'today': Europe/Chisinau unless configured otherwise."""

from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

from flask import current_app, has_app_context

DEFAULT_TZ = "Europe/Chisinau"


def local_tz() -> ZoneInfo:
    name = current_app.config.get("TIMEZONE", DEFAULT_TZ) if has_app_context() else DEFAULT_TZ
    return ZoneInfo(name)


def utcnow() -> datetime:
    """Timezone-aware now in UTC, what we store."""
    return datetime.now(UTC)


def now_local() -> datetime:
    return datetime.now(local_tz())


def today() -> date:
    """Today's date where the canteens are."""
    return now_local().date()
