"""Editing a site's calendar: closures and exceptional openings."""

from dataclasses import dataclass
from datetime import date

from flask_babel import gettext as _
from flask_babel import ngettext
from sqlalchemy import func, select

from app.attendance.models import AttendanceMark, MarkSource
from app.attendance.services.expected import CLOSURE_REASONS
from app.core import audit, calendar, clock
from app.core.errors import DomainError, InvalidInputError
from app.core.models import SiteDayOverride
from app.extensions import db

OPENING_REASON = "exceptional_opening"


@dataclass(frozen=True)
class MarksOnDay:
    at_table: int  # marked by the canteen staff
    deliveries: int  # delivery outcomes recorded by drivers

    @property
    def total(self) -> int:
        return self.at_table + self.deliveries


def marks_on(site_id: int, day: date) -> MarksOnDay:
    """How many attendance marks and delivery outcomes a site holds for a day."""
    rows = dict(
        db.session.execute(
            select(AttendanceMark.source, func.count())
            .where(AttendanceMark.site_id == site_id, AttendanceMark.day == day)
            .group_by(AttendanceMark.source)
        ).all()
    )
    return MarksOnDay(
        at_table=rows.get(MarkSource.STAFF, 0), deliveries=rows.get(MarkSource.DRIVER, 0)
    )


class DayHasMarks(DomainError):
    """A closure asked for on a day that already has marks: keep them, or do not close."""

    def __init__(self, marks: MarksOnDay, day: date):
        counted = []
        if marks.at_table:
            counted.append(ngettext("%(num)d marcaj", "%(num)d marcaje", marks.at_table))
        if marks.deliveries:
            counted.append(
                ngettext(
                    "%(num)d rezultat de livrare", "%(num)d rezultate de livrare", marks.deliveries
                )
            )
        super().__init__(
            _(
                "Pe %(day)s sunt deja înregistrate: %(counted)s. Închiderea nu a fost salvată: "
                "alegeți dacă le păstrați ca mese servite într-o zi excepțională sau "
                "renunțați la închidere.",
                day=day.strftime("%d.%m.%Y"),
                counted=", ".join(counted),
            ),
            field="keep_marks",
        )
        self.marks = marks


def set_day_override(
    site_id: int,
    day: date,
    *,
    is_open: bool,
    reason: str | None,
    note: str | None,
    keep_marks: bool = False,
    user_id=None,
) -> SiteDayOverride:
    """Close a site on a day it would serve, or open it on a day it would not.

    A closure needs a reason (no water, no gas, no power, training, or other with a
    note); an opening may carry a note. Audited; replaces an earlier override.
    A closure of a day that already has marks is refused (DayHasMarks, with the
    counts) unless `keep_marks`: the marks then stay served meals of that day, so a
    closed day never silently counts meals in the register.
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
        stored_reason = note or OPENING_REASON
    else:
        if reason not in CLOSURE_REASONS:
            raise InvalidInputError(_("Alegeți motivul închiderii."), field="reason")
        if reason == "other" and note is None:
            raise InvalidInputError(_("Descrieți motivul închiderii."), field="note")
        stored_reason = note if reason == "other" else reason
    override = db.session.scalar(
        select(SiteDayOverride).where(
            SiteDayOverride.site_id == site_id, SiteDayOverride.day == day
        )
    )
    keeps_marks = False
    if not is_open:
        marks = marks_on(site_id, day)
        already_kept = override is not None and not override.is_open and override.keeps_marks
        if marks.total and not (keep_marks or already_kept):
            raise DayHasMarks(marks, day)
        keeps_marks = marks.total > 0
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
    override = db.session.scalar(
        select(SiteDayOverride).where(
            SiteDayOverride.site_id == site_id, SiteDayOverride.day == day
        )
    )
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
