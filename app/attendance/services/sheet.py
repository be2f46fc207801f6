"""The daily sheet: who is expected, their marks, and marking them."""

from collections import Counter
from dataclasses import dataclass
from datetime import date, timedelta

from flask import current_app
from flask_babel import gettext as _
from sqlalchemy import and_, bindparam, func, select

from app.attendance.models import AttendanceMark, Mark, MarkSource, Meal
from app.attendance.services.expected import (
    EXPECTED_IDS,
    ExpectedPerson,
    StoredMark,
    due_params,
    expected_people,
    expected_with_marks,
    not_serving_message,
    require_service_day,
)
from app.attendance.services.marks import (
    MARKS_FOR_SERVICE,
    MarkInput,
    hold_marks,
    stored_marks,
    upsert_marks,
)
from app.auth.models import Role
from app.beneficiaries.models import Beneficiary
from app.core import audit, calendar, clock
from app.core.db import read_rows, take_write_lock
from app.core.errors import DomainError, InvalidInputError
from app.core.labels import label
from app.extensions import db


@dataclass
class SheetRow:
    person: ExpectedPerson
    mark: Mark | None = None
    source: MarkSource | None = None
    reason: str | None = None

    def __post_init__(self):
        # flat copies for the API dump (dotted attribute paths are slow over 200 rows)
        self.beneficiary_id = self.person.beneficiary_id
        self.name = self.person.name
        self.service = self.person.service
        self.diet_notes = self.person.diet_notes
        self.portions = self.person.portions

    @property
    def allowed_marks(self) -> tuple[Mark, ...]:
        return MARKS_FOR_SERVICE[self.person.service]

    @property
    def by_driver(self) -> bool:
        return self.source == MarkSource.DRIVER


@dataclass
class Sheet:
    site_id: int
    day: date
    meal: Meal
    status: calendar.DayStatus
    closed_message: str | None
    rows: list[SheetRow]

    @property
    def counts(self) -> dict[str, int]:
        return _counts(Counter(row.mark.value if row.mark else "unmarked" for row in self.rows))

    @property
    def at_table(self) -> list[SheetRow]:
        return [row for row in self.rows if not row.person.delivered]

    @property
    def delivered(self) -> list[SheetRow]:
        return [row for row in self.rows if row.person.delivered]


@dataclass
class Marked:
    """What a write of marks answers: the rows it wrote, and how many changed."""

    rows: list[SheetRow]
    changed: int


def _counts(found: Counter) -> dict[str, int]:
    return {key: found.get(key, 0) for key in [m.value for m in Mark] + ["unmarked"]}


_EXPECTED = EXPECTED_IDS.subquery()
_COUNTS = (
    select(AttendanceMark.mark, func.count())
    .select_from(_EXPECTED)
    .outerjoin(
        AttendanceMark,
        and_(
            AttendanceMark.beneficiary_id == _EXPECTED.c.beneficiary_id,
            AttendanceMark.day == bindparam("day"),
            AttendanceMark.meal == bindparam("meal"),
        ),
    )
    .group_by(AttendanceMark.mark)
)


def sheet_counts(site_id: int, day: date, meal: Meal) -> dict[str, int]:
    """The sheet's counts by mark (and unmarked), counted in one SQL query."""
    meal = Meal(meal)
    found = read_rows(_COUNTS, {**due_params(site_id, day, meal), "meal": meal})
    return _counts(Counter({(mark.value if mark else "unmarked"): n for mark, n in found}))


def daily_sheet(site_id: int, day: date, meal: Meal, only: set[int] | None = None) -> Sheet:
    """Everyone expected at the site on the day for the meal, with their mark if any.

    `only`: the rows of some people only (those of them expected), read by their ids."""
    meal = Meal(meal)
    status = calendar.day_status(site_id, day)
    people = expected_people(site_id, day, meal, only=only)
    # by person, as mark_sheet reads them, so the GET and the PUT answer the same sheet
    marks = stored_marks(day, meal, [person.beneficiary_id for person in people])
    rows = []
    for person in people:
        found = marks.get(person.beneficiary_id)
        rows.append(
            SheetRow(person, found.mark, found.source, found.reason)
            if found is not None
            else SheetRow(person)
        )
    return Sheet(site_id, day, meal, status, not_serving_message(status), rows)


def _check_day(site_id: int, day: date, user, reason: str | None) -> bool:
    """Refuse a day nobody may mark; returns True when the day is a late correction."""
    today = clock.today()
    if day > today:
        raise DomainError(_("Nu se pot face marcaje pentru o zi viitoare."))
    require_service_day(site_id, day)
    return _late_correction(day, today, user, reason)


def _late_correction(day: date, today: date, user, reason: str | None) -> bool:
    window = current_app.config.get("STAFF_MARK_DAYS", 3)
    if day >= today - timedelta(days=window):
        return False
    if user.role not in (Role.ADMIN, Role.MANAGER):
        raise DomainError(
            _(
                "Personalul poate marca doar ziua de azi și ultimele %(n)s zile; "
                "corecturile mai vechi le face managerul.",
                n=window,
            )
        )
    if not (reason or "").strip():
        raise InvalidInputError(
            _("Pentru o corectură mai veche de %(n)s zile indicați motivul.", n=window),
            field="reason",
        )
    return True


def mark_attendance(
    site_id: int,
    day: date,
    meal: Meal,
    marks: list[MarkInput],
    *,
    user,
    reason: str | None = None,
    unmarked_only: bool = False,
) -> int:
    """Record a list of marks on a site's sheet: all of them, or none.

    Every mark is checked first (the day, the person expected, the kind of mark);
    then all are written in one upsert, so sending the same mark again changes
    nothing. A driver's delivery outcome is not overwritten by site staff. `reason`
    applies to marks that carry none; managers must give one for days older than the
    staff window. With `unmarked_only`, people marked meanwhile (by another tablet
    or a driver, after the caller read the sheet) keep their mark. Returns how many
    stored marks changed.
    """
    return mark_sheet(
        site_id, day, meal, marks, user=user, reason=reason, unmarked_only=unmarked_only
    ).changed


def mark_sheet(
    site_id: int,
    day: date,
    meal: Meal,
    marks: list[MarkInput],
    *,
    user,
    reason: str | None = None,
    unmarked_only: bool = False,
) -> Marked:
    """mark_attendance, answering the rows written, as they stand after the marks.

    Only the people marked are read (their enrolments and stored marks), not the
    whole roster: a tap costs the same on a sheet of 10 or of 300.
    """
    meal = Meal(meal)
    today = clock.today()
    if day > today:
        raise DomainError(_("Nu se pot face marcaje pentru o zi viitoare."))
    require_service_day(site_id, day)
    late = _late_correction(
        day, today, user, reason or next((m.reason for m in marks if m.reason), None)
    )
    hold_marks(day, meal, [m.beneficiary_id for m in marks])  # before they are read
    expected, current = expected_with_marks(
        site_id, day, meal, only={m.beneficiary_id for m in marks}
    )
    seen: set[int] = set()
    for item in marks:
        person = expected.get(item.beneficiary_id)
        if person is None:
            raise InvalidInputError(_not_expected_message(item.beneficiary_id, day), "marks")
        if item.beneficiary_id in seen:
            raise InvalidInputError(
                _("%(name)s apare de două ori în listă.", name=person.name), field="marks"
            )
        seen.add(item.beneficiary_id)
        if item.mark not in MARKS_FOR_SERVICE[person.service]:
            raise InvalidInputError(
                _(
                    "Marcajul „%(mark)s” nu se potrivește pentru %(name)s (%(service)s).",
                    mark=label(item.mark),
                    name=person.name,
                    service=label(person.service),
                ),
                field="marks",
            )
        if late and not (item.reason or reason or "").strip():
            raise InvalidInputError(_("Indicați motivul corecturii."), field="reason")
    if unmarked_only:  # whoever was marked since the caller read the sheet stays so
        marks, seen = _unmarked(marks, current)
    _refuse_over_driver(expected, current, seen, user)
    if take_write_lock():
        # SQLite: the lock is taken only now, so another tablet may have marked the same
        # people since they were read; their stored marks are read again under the lock
        current = {
            b: StoredMark(row.mark, row.source, row.reason)
            for b, row in stored_marks(day, meal, seen).items()
        }
        if unmarked_only:
            marks, seen = _unmarked(marks, current)
        _refuse_over_driver(expected, current, seen, user)
    changed = upsert_marks(
        site_id=site_id,
        day=day,
        meal=meal,
        marks=marks,
        enrolments={b: expected[b].enrolment_id for b in seen},
        source=MarkSource.STAFF,
        reason=reason,
        user_id=user.id,
        previous={b: current[b] for b in seen if b in current},
    )
    db.session.flush()
    # the rows after the write, without reading them back
    rows = []
    for item in marks:
        why = item.reason or reason or None
        stored = current.get(item.beneficiary_id)
        unchanged = stored is not None and stored.mark == item.mark and stored.reason == why
        source = stored.source if unchanged else MarkSource.STAFF
        rows.append(SheetRow(expected[item.beneficiary_id], item.mark, source, why))
    return Marked(rows, changed)


def _unmarked(marks: list[MarkInput], current: dict) -> tuple[list[MarkInput], set[int]]:
    kept = [m for m in marks if m.beneficiary_id not in current]  # no mark stored
    return kept, {m.beneficiary_id for m in kept}


def _refuse_over_driver(expected, current, people, user) -> None:
    """Staff do not overwrite a delivery the driver recorded; a manager corrects it."""
    if user.role != Role.STAFF:
        return
    for beneficiary_id in people:
        stored = current.get(beneficiary_id)
        person = expected[beneficiary_id]
        if stored is not None and stored.source == MarkSource.DRIVER and person.delivered:
            raise DomainError(
                _(
                    "Șoferul a marcat deja livrarea pentru %(name)s; o corectură o face managerul.",
                    name=person.name,
                )
            )


def _not_expected_message(beneficiary_id: int, day: date) -> str:
    # The same words whether the id is unknown, enrolled elsewhere or not expected here:
    # a refusal must not tell a user of this site who a person of another site is.
    return _(
        "Persoana nr. %(id)s nu este înscrisă aici la acest serviciu pe %(day)s.",
        id=beneficiary_id,
        day=day.strftime("%d.%m.%Y"),
    )


def _mark_unmarked(site_id, day, meal, rows_of, mark: Mark, *, user, reason) -> int:
    """Mark every row `rows_of(sheet)` gives that is not yet marked; how many were."""
    sheet = daily_sheet(site_id, day, meal)
    marks = [
        MarkInput(row.person.beneficiary_id, mark) for row in rows_of(sheet) if row.mark is None
    ]
    if not marks:
        _check_day(site_id, day, user, reason)
        return 0
    return mark_attendance(site_id, day, meal, marks, user=user, reason=reason, unmarked_only=True)


def mark_all_present(
    site_id: int, day: date, meal: Meal, *, user, reason: str | None = None
) -> int:
    """Mark present everyone at the table (not the delivered meals) not yet marked."""
    return _mark_unmarked(
        site_id, day, meal, lambda sheet: sheet.at_table, Mark.PRESENT, user=user, reason=reason
    )


def mark_all_delivered(
    site_id: int, day: date, meal: Meal, *, user, reason: str | None = None
) -> int:
    """Mark delivered every home-delivered meal of the sheet not yet marked."""
    return _mark_unmarked(
        site_id, day, meal, lambda sheet: sheet.delivered, Mark.DELIVERED, user=user, reason=reason
    )


def staff_may_mark(day: date) -> bool:
    """Whether site staff may still mark that day (today and the last STAFF_MARK_DAYS)."""
    window = current_app.config.get("STAFF_MARK_DAYS", 3)
    return day >= clock.today() - timedelta(days=window)


def clear_mark(
    site_id: int,
    day: date,
    meal: Meal,
    beneficiary_id: int,
    *,
    user,
    reason: str | None = None,
) -> bool:
    """Undo a mark: the person is back to unmarked. Audited; clearing twice does nothing.

    The same rules as marking: no future, closed or (for staff) too old day, a reason
    for a manager's late correction, and a driver's outcome stays unless a manager
    clears it. Returns whether a mark was removed.
    """
    meal = Meal(meal)
    late = _check_day(site_id, day, user, reason)
    if late and not (reason or "").strip():
        raise InvalidInputError(_("Indicați motivul corecturii."), field="reason")
    take_write_lock()  # SQLite: the mark is read under the lock, as it is deleted
    hold_marks(day, meal, [beneficiary_id])  # PostgreSQL: no other write of it meanwhile
    stored = db.session.scalar(
        select(AttendanceMark).where(
            AttendanceMark.site_id == site_id,
            AttendanceMark.beneficiary_id == beneficiary_id,
            AttendanceMark.day == day,
            AttendanceMark.meal == meal,
        )
    )
    if stored is None:
        return False
    if stored.source == MarkSource.DRIVER and user.role == Role.STAFF:
        person = db.session.get(Beneficiary, beneficiary_id)
        raise DomainError(
            _(
                "Șoferul a marcat deja livrarea pentru %(name)s; o corectură o face managerul.",
                name=person.full_name,
            )
        )
    audit.record(
        "attendance_mark",
        stored.id,
        "delete",
        field="mark",
        old=stored.mark,
        new=None,
        reason=reason,
        site_id=site_id,
        user_id=user.id,
        person_id=beneficiary_id,
    )
    db.session.delete(stored)
    db.session.flush()
    return True
