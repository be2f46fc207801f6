"""Closing a site on a day that already has marks: the attendance side of calendar editing.

The calendar edit itself (reasons, openings, audit, removal) is app/core/calendar_edit.py.
"""

from dataclasses import dataclass
from datetime import date

from flask_babel import gettext as _
from flask_babel import ngettext
from sqlalchemy import func, select

from app.attendance.models import AttendanceMark, MarkSource
from app.core import calendar_edit
from app.core.errors import DomainError
from app.core.models import SiteDayOverride
from app.extensions import db


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

    The calendar's own rules are core's (calendar_edit.checked_override). A closure of a
    day that already has marks is refused (DayHasMarks, with the counts) unless
    `keep_marks`: the marks then stay served meals of that day, so a closed day never
    silently counts meals in the register.
    """
    stored_reason = calendar_edit.checked_override(day, is_open=is_open, reason=reason, note=note)
    keeps_marks = False
    if not is_open:
        marks = marks_on(site_id, day)
        override = calendar_edit.day_override(site_id, day)
        already_kept = override is not None and not override.is_open and override.keeps_marks
        if marks.total and not (keep_marks or already_kept):
            raise DayHasMarks(marks, day)
        keeps_marks = marks.total > 0
    return calendar_edit.save_day_override(
        site_id,
        day,
        is_open=is_open,
        stored_reason=stored_reason,
        keeps_marks=keeps_marks,
        user_id=user_id,
    )
