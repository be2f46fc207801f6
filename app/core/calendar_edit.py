"""Editing a site's calendar: closures and exceptional openings, audited.

The calendar itself (whether a site serves on a day) is app/core/calendar.py. What a
closure does to marks already taken that day is attendance's question: it checks them
between `checked_override` and `save_day_override` (see attendance's calendar_edit).
"""

from datetime import date

from flask_babel import gettext as _
from sqlalchemy import select

from app.core import audit, calendar, clock
from app.core.errors import DomainError, InvalidInputError
from app.core.models import SiteDayOverride
from app.extensions import db

OPENING_REASON = "exceptional_opening"
CLOSURE_REASONS = ("no_water", "no_gas", "no_power", "training", "other")


def day_override(site_id: int, day: date) -> SiteDayOverride | None:
    """The manager's exception to the usual calendar on that day, if any."""
    return db.session.scalar(
        select(SiteDayOverride).where(
            SiteDayOverride.site_id == site_id, SiteDayOverride.day == day
        )
    )


def checked_override(day: date, *, is_open: bool, reason: str | None, note: str | None) -> str:
    """Refuse an override the calendar does not allow; the reason to store otherwise.

    A closure needs a reason (no water, no gas, no power, training, or other with a
    note); an opening may carry a note. Only days that would otherwise be the other
    way, inside the editable range.
    """
    calendar.check_editable_day(day, clock.today())
    note = (note or "").strip() or None
    if calendar.is_default_service_day(day) == is_open:
        raise DomainError(
            _("Centrul lucrează oricum în această zi.")
            if is_open
            else _("Centrul nu lucrează oricum în această zi.")
        )
    if is_open:
        return note or OPENING_REASON
    if reason not in CLOSURE_REASONS:
        raise InvalidInputError(_("Alegeți motivul închiderii."), field="reason")
    if reason == "other" and note is None:
        raise InvalidInputError(_("Descrieți motivul închiderii."), field="note")
    return note if reason == "other" else reason


def save_day_override(
    site_id: int,
    day: date,
    *,
    is_open: bool,
    stored_reason: str,
    keeps_marks: bool = False,
    user_id=None,
) -> SiteDayOverride:
    """Write a checked override (see checked_override), replacing an earlier one; audited."""
    override = day_override(site_id, day)
    if override is None:
        override = SiteDayOverride(
            site_id=site_id,
            day=day,
            is_open=is_open,
            reason=stored_reason,
            keeps_marks=keeps_marks,
            created_by_id=user_id,
        )
        db.session.add(override)
        db.session.flush()
        audit.record(
            "site_day_override",
            override.id,
            "create",
            field="is_open",
            new=is_open,
            reason=stored_reason,
            site_id=site_id,
            user_id=user_id,
        )
        if keeps_marks:
            audit.record(
                "site_day_override",
                override.id,
                "update",
                field="keeps_marks",
                new=True,
                site_id=site_id,
                user_id=user_id,
            )
        return override
    before = audit.snapshot(override, ("is_open", "reason", "keeps_marks"))
    override.is_open = is_open
    override.reason = stored_reason
    override.keeps_marks = keeps_marks
    db.session.flush()
    audit.record_changes(
        "site_day_override",
        override.id,
        before,
        audit.snapshot(override, ("is_open", "reason", "keeps_marks")),
        site_id=site_id,
        user_id=user_id,
    )
    return override


def remove_day_override(site_id: int, day: date, *, user_id=None) -> None:
    """Back to the usual calendar on that day (weekdays that are not holidays)."""
    calendar.check_editable_day(day, clock.today())
    override = day_override(site_id, day)
    if override is None:
        raise DomainError(_("Ziua nu are nicio excepție de șters."))
    audit.record(
        "site_day_override",
        override.id,
        "delete",
        field="is_open",
        old=override.is_open,
        reason=override.reason,
        site_id=site_id,
        user_id=user_id,
    )
    db.session.delete(override)
    db.session.flush()
