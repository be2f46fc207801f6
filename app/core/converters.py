"""URL converters: a path that names no possible record is a 404 before any query runs."""

import re
from datetime import date

from flask_babel import gettext as _
from werkzeug.routing import IntegerConverter

from app.core import clock
from app.core.errors import InvalidInputError, NotFoundError
from app.core.schemas import INT32_MAX


class IdConverter(IntegerConverter):
    """`<int:...>` limited to what a 32-bit integer column holds (PostgreSQL refuses more)."""

    def __init__(self, url_map, fixed_digits=0, min=None, max=INT32_MAX, signed=False):
        super().__init__(url_map, fixed_digits=fixed_digits, min=min, max=max, signed=signed)


# Service days (sheets, kitchen counts, delivery lists, closures) are looked for a few
# years around today; further out there is nothing to show and the calendar arithmetic
# would only overflow (0001-01-01 minus a day, 9999-12-31 plus one).
SERVICE_YEARS_BACK = 10
SERVICE_YEARS_AHEAD = 2


def service_day(text: str) -> date | None:
    """The date an ISO `YYYY-MM-DD` path segment names, or None when it names no
    possible service day (not a date, or outside the window around today)."""
    if not re.fullmatch(r"[0-9]{4}-[0-9]{2}-[0-9]{2}", text):
        return None
    try:
        day = date.fromisoformat(text)
    except ValueError:
        return None
    year = clock.today().year
    if not year - SERVICE_YEARS_BACK <= day.year <= year + SERVICE_YEARS_AHEAD:
        return None
    return day


def named_by(model, ref: str):
    """The condition for a row named on the command line by id (ASCII digits) or by name,
    or None when the text can name no row: an id past 32 bits, NUL or undecodable
    characters (PostgreSQL refuses them outright). `str.isdigit()` would also take "²"."""
    if any(c == "\x00" or "\ud800" <= c <= "\udfff" for c in ref):
        return None
    if re.fullmatch(r"[0-9]+", ref):
        return model.id == int(ref) if int(ref) <= INT32_MAX else None
    return model.name == ref


def parse_day(text: str) -> date:
    """The service day a URL names: a malformed date is bad input (422), a date no
    service day can fall on is not found (404), the same on every page and endpoint."""
    try:
        day = date.fromisoformat(text)
    except ValueError:
        raise InvalidInputError(
            _("Data trebuie scrisă AAAA-LL-ZZ (de exemplu 2026-11-16)."), field="date"
        ) from None
    if service_day(text) != day:
        raise NotFoundError(_("Nu există zi de serviciu la această dată."))
    return day
