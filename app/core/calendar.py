"""The one place that answers whether a site serves on a date.

A site serves on weekdays that are not public holidays of the Republic of Moldova,
unless a manager closed it that day, and also on a day a manager opened it.
Attendance, delivery lists, kitchen counts and reports all ask here.
"""

from dataclasses import dataclass
from datetime import date, timedelta
from functools import lru_cache

import holidays
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from marshmallow import ValidationError
from sqlalchemy import bindparam, select

from app.core import clock
from app.core.db import read_rows
from app.core.errors import InvalidInputError
from app.core.models import SiteDayOverride
from app.extensions import db

# The calendar can be edited from this day up to this many years after today: a date
# outside is a typing slip (01.01.1900, 31.12.2999), never a real closure.
EARLIEST_DAY = date(2000, 1, 1)
YEARS_AHEAD = 2


def latest_day(today: date) -> date:
    """The last day whose calendar may be edited (two years after today)."""
    try:
        return today.replace(year=today.year + YEARS_AHEAD)
    except ValueError:  # 29 February
        return today.replace(year=today.year + YEARS_AHEAD, day=28)


def check_editable_day(day: date, today: date) -> None:
    """Refuse a calendar change on a date outside the sensible window."""
    last = latest_day(today)
    if not EARLIEST_DAY <= day <= last:
        raise InvalidInputError(
            _(
                "Alegeți o zi între %(first)s și %(last)s.",
                first=EARLIEST_DAY.strftime("%d.%m.%Y"),
                last=last.strftime("%d.%m.%Y"),
            ),
            field="day",
        )


def editable_day(day: date) -> None:
    """A schema validator: the calendar's own window, said in the calendar's words."""
    try:
        check_editable_day(day, clock.today())
    except InvalidInputError as exc:
        raise ValidationError(exc.message) from exc


# the schemas' generic date range gives way to this narrower one (app/core/schemas.py)
editable_day.is_date_window = True


@lru_cache(maxsize=64)
def _holidays_of(year: int) -> dict[date, str]:
    return dict(holidays.country_holidays("MD", years=year, language="ro"))


def public_holiday(day: date) -> str | None:
    """The name (in Romanian) of the Moldovan public holiday on that day, if any."""
    return _holidays_of(day.year).get(day)


def is_default_service_day(day: date) -> bool:
    return day.weekday() < 5 and public_holiday(day) is None


@dataclass(frozen=True)
class DayStatus:
    day: date
    serves: bool
    weekend: bool
    holiday: str | None
    override_open: bool | None  # True opened, False closed, None no override
    reason: str | None
    # closed after people were marked, their marks kept as served meals of that day
    keeps_marks: bool = False

    @property
    def counts_marks(self) -> bool:
        """Whether the monthly register counts the meals marked on this day."""
        return self.serves or self.keeps_marks


_override = SiteDayOverride.__table__.c
# built once, of the table's columns: a tap asks it, and assembling an ORM query and its
# objects costs more than running it
_OVERRIDES = select(
    _override.day, _override.is_open, _override.reason, _override.keeps_marks
).where(
    _override.site_id == bindparam("site_id"),
    _override.day >= bindparam("start"),
    _override.day <= bindparam("end"),
)


def overrides(site_id: int, start: date, end: date) -> dict:
    """A site's overrides between two dates, by day (with is_open, reason, keeps_marks)."""
    rows = read_rows(_OVERRIDES, {"site_id": site_id, "start": start, "end": end})
    return {row.day: row for row in rows}


def _status(day: date, override) -> DayStatus:
    holiday = public_holiday(day)
    default = day.weekday() < 5 and holiday is None
    serves = override.is_open if override is not None else default
    return DayStatus(
        day=day,
        serves=serves,
        weekend=day.weekday() >= 5,
        holiday=holiday,
        override_open=override.is_open if override is not None else None,
        reason=override.reason if override is not None else None,
        keeps_marks=bool(override is not None and not override.is_open and override.keeps_marks),
    )


def day_status(site_id: int, day: date) -> DayStatus:
    return _status(day, overrides(site_id, day, day).get(day))


def serves_on(site_id: int, day: date) -> bool:
    """True when the site serves lunch (and its other daily services) on that day."""
    return day_status(site_id, day).serves


MONTHS = (
    _l("ianuarie"), _l("februarie"), _l("martie"), _l("aprilie"), _l("mai"), _l("iunie"),
    _l("iulie"), _l("august"), _l("septembrie"), _l("octombrie"), _l("noiembrie"),
    _l("decembrie"),
)  # fmt: skip


def month_name(month: int) -> str:
    """The month's name in the page's language."""
    return str(MONTHS[month - 1])


def neighbour_months(year: int, month: int) -> tuple[date, date]:
    """The first days of the month before and of the month after, for page links."""
    previous = date(year - 1, 12, 1) if month == 1 else date(year, month - 1, 1)
    following = date(year + 1, 1, 1) if month == 12 else date(year, month + 1, 1)
    return previous, following


def month_days(site_id: int, year: int, month: int) -> list[DayStatus]:
    start = date(year, month, 1)
    end = (start.replace(day=28) + timedelta(days=4)).replace(day=1) - timedelta(days=1)
    found = overrides(site_id, start, end)
    return [
        _status(start + timedelta(days=i), found.get(start + timedelta(days=i)))
        for i in range((end - start).days + 1)
    ]


def service_days(site_id: int, start: date, end: date) -> list[date]:
    """The days a site serves between two dates, both included."""
    found = overrides(site_id, start, end)
    days = []
    current = start
    while current <= end:
        if _status(current, found.get(current)).serves:
            days.append(current)
        current += timedelta(days=1)
    return days


def register_days(site_id: int, start: date, end: date) -> list[date]:
    """The days whose marks the register counts: service days, and closures that kept them."""
    found = overrides(site_id, start, end)
    days = []
    current = start
    while current <= end:
        if _status(current, found.get(current)).counts_marks:
            days.append(current)
        current += timedelta(days=1)
    return days


def previous_service_days(
    site_id: int, before: date, count: int, limit_days: int = 60
) -> list[date]:
    """Up to `count` service days strictly before a date, most recent first."""
    days = service_days(site_id, before - timedelta(days=limit_days), before - timedelta(days=1))
    return list(reversed(days))[:count]


def service_days_of_sites(site_ids, start: date, end: date) -> dict[int, list[date]]:
    """service_days for many sites at once: one query for all their overrides."""
    site_ids = list(site_ids)
    found: dict[int, dict[date, SiteDayOverride]] = {site_id: {} for site_id in site_ids}
    if site_ids:
        rows = db.session.scalars(
            select(SiteDayOverride).where(
                SiteDayOverride.site_id.in_(site_ids),
                SiteDayOverride.day >= start,
                SiteDayOverride.day <= end,
            )
        )
        for row in rows:
            found[row.site_id][row.day] = row
    span = [start + timedelta(days=i) for i in range((end - start).days + 1)]
    default = [day for day in span if is_default_service_day(day)]
    result = {}
    for site_id, own in found.items():
        if not own:
            result[site_id] = list(default)
        else:
            result[site_id] = [day for day in span if _status(day, own.get(day)).serves]
    return result


def day_statuses(site_ids, day: date) -> dict[int, DayStatus]:
    """day_status for many sites at once: one query for all their overrides of the day."""
    site_ids = list(site_ids)
    found = {}
    if site_ids:
        found = {
            row.site_id: row
            for row in db.session.scalars(
                select(SiteDayOverride).where(
                    SiteDayOverride.site_id.in_(site_ids), SiteDayOverride.day == day
                )
            )
        }
    return {site_id: _status(day, found.get(site_id)) for site_id in site_ids}
