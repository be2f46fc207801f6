"""Attendance: who is expected, recording marks (idempotent), the daily sheet,
the kitchen count and the absence alert."""

from collections import Counter
from dataclasses import dataclass, field
from datetime import date, timedelta

from flask import current_app
from flask_babel import gettext as _
from flask_babel import ngettext
from flask_login import current_user
from sqlalchemy import (
    ARRAY,
    Integer,
    String,
    any_,
    bindparam,
    case,
    exists,
    func,
    or_,
    select,
    text,
)
from sqlalchemy import insert as sa_insert
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert

from app.attendance import labels  # noqa: F401 - words for marks and closure reasons
from app.attendance.labels import closure_reason_label
from app.attendance.models import AttendanceMark, Mark, MarkSource, Meal
from app.auth.models import Role
from app.auth.permissions import require_site, visible_site_ids
from app.beneficiaries.models import (
    LUNCH_SERVICES,
    Beneficiary,
    Enrolment,
    EnrolmentPause,
    EnrolmentStatus,
)
from app.core import audit, calendar, clock
from app.core.clock import utcnow
from app.core.errors import DomainError, InvalidInputError, NotFoundError
from app.core.labels import label
from app.core.models import AuditEntry, SiteDayOverride
from app.core.types import UTCDateTime
from app.delivery.models import RouteStop
from app.extensions import db
from app.places.models import Service, Site

# Which marks fit which service: people at the table are present or absent; a
# delivered lunch is handed over or not. Either may be excused in advance.
MARKS_FOR_SERVICE = {
    Service.LUNCH: (Mark.PRESENT, Mark.ABSENT, Mark.EXCUSED),
    Service.DAY_CARE: (Mark.PRESENT, Mark.ABSENT, Mark.EXCUSED),
    Service.DELIVERY: (Mark.DELIVERED, Mark.NOT_DELIVERED, Mark.EXCUSED),
}
NORMAL_DIET = "normal"


def upsert_mark(
    *,
    site_id: int,
    beneficiary_id: int,
    day: date,
    meal: Meal,
    mark: Mark,
    source: MarkSource,
    enrolment_id: int | None = None,
    reason: str | None = None,
    user_id: int | None = None,
) -> bool:
    """Record one mark; one row per person, day and meal whatever the concurrency.

    INSERT ... ON CONFLICT DO UPDATE on both engines: two tablets sending the same
    mark at once cannot create two rows or an error; the last write wins. Returns True
    when the stored mark changed (the change is then audited).
    """
    previous = db.session.execute(
        select(AttendanceMark.id, AttendanceMark.mark, AttendanceMark.reason).where(
            AttendanceMark.beneficiary_id == beneficiary_id,
            AttendanceMark.day == day,
            AttendanceMark.meal == meal,
        )
    ).first()
    if previous is not None and previous.mark == mark and previous.reason == reason:
        return False
    values = {
        "site_id": site_id,
        "beneficiary_id": beneficiary_id,
        "enrolment_id": enrolment_id,
        "day": day,
        "meal": meal,
        "mark": mark,
        "source": source,
        "reason": reason,
        "marked_by_id": user_id,
        "marked_at": utcnow(),
    }
    insert = pg_insert if db.session.get_bind().dialect.name == "postgresql" else sqlite_insert
    statement = insert(AttendanceMark).values(**values)
    statement = statement.on_conflict_do_update(
        index_elements=["beneficiary_id", "day", "meal"],
        set_={
            k: statement.excluded[k] for k in values if k not in ("beneficiary_id", "day", "meal")
        },
    ).returning(AttendanceMark.id)
    mark_id = db.session.execute(statement).scalar_one()
    audit.record(
        "attendance_mark",
        mark_id,
        "update" if previous is not None else "create",
        field="mark",
        old=previous.mark if previous is not None else None,
        new=mark,
        reason=reason,
        site_id=site_id,
        user_id=user_id,
    )
    return True


def upsert_marks(
    *,
    site_id: int,
    day: date,
    meal: Meal,
    marks: list["MarkInput"],
    enrolments: dict[int, int],
    source: MarkSource,
    reason: str | None = None,
    user_id: int | None = None,
    previous: dict | None = None,
) -> int:
    """Record many marks of one sheet in one statement; same guarantees as upsert_mark.

    Marks equal to what is stored are left alone; the others go in one multi-row
    INSERT ... ON CONFLICT DO UPDATE and each change is audited. `previous` (the stored
    marks by person, with .mark and .reason) saves a query when the caller has them.
    Returns how many changed.
    """
    if previous is None:
        previous = stored_marks(day, meal, [m.beneficiary_id for m in marks])
    now = utcnow()
    rows = []
    for item in marks:
        why = item.reason or reason or None
        before = previous.get(item.beneficiary_id)
        if before is not None and before.mark == item.mark and before.reason == why:
            continue
        rows.append(
            {
                "site_id": site_id,
                "beneficiary_id": item.beneficiary_id,
                "enrolment_id": enrolments.get(item.beneficiary_id),
                "day": day,
                "meal": meal,
                "mark": item.mark,
                "source": source,
                "reason": why,
                "marked_by_id": user_id,
                "marked_at": now,
            }
        )
    if not rows:
        return 0
    audit_rows = [
        {
            "entity_id": None,  # filled below from the stored ids
            "beneficiary_id": row["beneficiary_id"],
            "action": "update" if row["beneficiary_id"] in previous else "create",
            "old_value": (
                previous[row["beneficiary_id"]].mark.value
                if row["beneficiary_id"] in previous
                else None
            ),
            "new_value": row["mark"].value,
            "reason": row["reason"],
        }
        for row in rows
    ]
    if db.session.get_bind().dialect.name == "postgresql":
        stored = _upsert_marks_postgresql(rows, site_id, day, meal, source, user_id, now)
    else:
        statement = sqlite_insert(AttendanceMark.__table__)
        statement = statement.on_conflict_do_update(
            index_elements=["beneficiary_id", "day", "meal"],
            set_={k: statement.excluded[k] for k in rows[0] if k not in _MARK_KEY},
        ).returning(AttendanceMark.beneficiary_id, AttendanceMark.id)
        stored = dict(db.session.execute(statement, rows).all())
    for entry in audit_rows:
        entry["entity_id"] = stored[entry.pop("beneficiary_id")]
    # the audit rows of a whole sheet in one batch as well (audit.record adds them one by one)
    if db.session.get_bind().dialect.name == "postgresql":
        db.session.execute(
            _AUDIT_MARKS_PG,
            {
                "at": now,
                "user_id": user_id,
                "site_id": site_id,
                "entity_ids": [entry["entity_id"] for entry in audit_rows],
                "actions": [entry["action"] for entry in audit_rows],
                "olds": [entry["old_value"] for entry in audit_rows],
                "news": [entry["new_value"] for entry in audit_rows],
                "reasons": [entry["reason"] for entry in audit_rows],
            },
        )
    else:
        db.session.execute(
            sa_insert(AuditEntry.__table__),
            [
                {
                    "at": now,
                    "user_id": user_id,
                    "entity": "attendance_mark",
                    "field": "mark",
                    "site_id": site_id,
                    **entry,
                }
                for entry in audit_rows
            ],
        )
    return len(rows)


_MARK_KEY = ("beneficiary_id", "day", "meal")

# PostgreSQL takes a whole sheet as arrays in one statement: about four times faster
# than a batch of single-row upserts for 200 people.
_UPSERT_MARKS_PG = text(
    """
    INSERT INTO attendance_mark (site_id, beneficiary_id, enrolment_id, day, meal, mark,
                                 source, reason, marked_by_id, marked_at)
    SELECT :site_id, t.b, t.e, :day, :meal, t.m, :source, t.r, :user_id, :now
    FROM unnest(:beneficiaries, :enrolments, :marks, :reasons) AS t(b, e, m, r)
    ON CONFLICT (beneficiary_id, day, meal) DO UPDATE SET
        site_id = excluded.site_id, enrolment_id = excluded.enrolment_id,
        mark = excluded.mark, source = excluded.source, reason = excluded.reason,
        marked_by_id = excluded.marked_by_id, marked_at = excluded.marked_at
    RETURNING beneficiary_id, id
    """
).bindparams(
    bindparam("beneficiaries", type_=ARRAY(Integer)),
    bindparam("enrolments", type_=ARRAY(Integer)),
    bindparam("marks", type_=ARRAY(String)),
    bindparam("reasons", type_=ARRAY(String)),
    bindparam("now", type_=UTCDateTime),
)


_AUDIT_MARKS_PG = text(
    """
    INSERT INTO audit_entry (at, user_id, entity, entity_id, action, field,
                             old_value, new_value, reason, site_id)
    SELECT :at, :user_id, 'attendance_mark', t.i, t.a, 'mark', t.o, t.n, t.r, :site_id
    FROM unnest(:entity_ids, :actions, :olds, :news, :reasons) AS t(i, a, o, n, r)
    """
).bindparams(
    bindparam("entity_ids", type_=ARRAY(Integer)),
    bindparam("actions", type_=ARRAY(String)),
    bindparam("olds", type_=ARRAY(String)),
    bindparam("news", type_=ARRAY(String)),
    bindparam("reasons", type_=ARRAY(String)),
    bindparam("at", type_=UTCDateTime),
)


def _upsert_marks_postgresql(rows, site_id, day, meal, source, user_id, now) -> dict[int, int]:
    result = db.session.execute(
        _UPSERT_MARKS_PG,
        {
            "site_id": site_id,
            "day": day,
            "meal": Meal(meal).value,
            "source": MarkSource(source).value,
            "user_id": user_id,
            "now": now,
            "beneficiaries": [row["beneficiary_id"] for row in rows],
            "enrolments": [row["enrolment_id"] for row in rows],
            "marks": [Mark(row["mark"]).value for row in rows],
            "reasons": [row["reason"] for row in rows],
        },
    )
    return dict(result.all())


def stored_marks(day: date, meal: Meal, beneficiary_ids) -> dict:
    """The stored marks of some people for a day and meal, by person."""
    return {
        row.beneficiary_id: row
        for row in db.session.execute(
            select(
                AttendanceMark.beneficiary_id,
                AttendanceMark.mark,
                AttendanceMark.source,
                AttendanceMark.reason,
            ).where(
                AttendanceMark.day == day,
                AttendanceMark.meal == meal,
                _among(AttendanceMark.beneficiary_id, list(beneficiary_ids)),
            )
        )
    }


def _among(column, ids: list[int]):
    """column IN ids; on PostgreSQL as one array parameter (= ANY) rather than one per id."""
    if db.session.get_bind().dialect.name == "postgresql":
        return column == any_(bindparam(None, ids, type_=ARRAY(Integer)))
    return column.in_(ids)


# --- who is expected -------------------------------------------------------------


def services_for(meal: Meal) -> tuple[Service, ...]:
    return LUNCH_SERVICES if Meal(meal) == Meal.LUNCH else (Service.DAY_CARE,)


@dataclass(frozen=True)
class ExpectedPerson:
    beneficiary_id: int
    enrolment_id: int
    first_name: str
    last_name: str
    service: Service
    diet_notes: str | None
    portions: int

    @property
    def name(self) -> str:
        return f"{self.last_name} {self.first_name}"

    @property
    def delivered(self) -> bool:
        return self.service == Service.DELIVERY


def expected_people(site_id: int, day: date, meal: Meal) -> list[ExpectedPerson]:
    """People enrolled at the site for the meal who are due on that day, by name.

    Enrolment not waiting, started, not ended, and no pause covering the day; for
    lunch both the canteen and home delivery, for day care the day-care service.
    Portions come from the person's route stop when they are on a route. Whether the
    site itself serves that day is the calendar's business (see require_service_day).
    """
    paused = exists().where(
        EnrolmentPause.enrolment_id == Enrolment.id,
        EnrolmentPause.start_date <= day,
        EnrolmentPause.end_date >= day,
    )
    portions = case(
        (Enrolment.service == Service.DELIVERY, func.coalesce(RouteStop.portions, 1)), else_=1
    )
    query = (
        select(
            Beneficiary.id,
            Enrolment.id,
            Beneficiary.first_name,
            Beneficiary.last_name,
            Enrolment.service,
            Beneficiary.diet_notes,
            portions,
        )
        .join(Beneficiary, Beneficiary.id == Enrolment.beneficiary_id)
        .outerjoin(RouteStop, RouteStop.beneficiary_id == Enrolment.beneficiary_id)
        .where(
            Enrolment.site_id == site_id,
            Enrolment.service.in_(services_for(meal)),
            Enrolment.status != EnrolmentStatus.WAITING,
            Enrolment.start_date <= day,
            or_(Enrolment.end_date.is_(None), Enrolment.end_date >= day),
            ~paused,
        )
        .order_by(
            Beneficiary.last_name_key,
            Beneficiary.first_name_key,
            Beneficiary.id,
            Enrolment.start_date.desc(),
        )
    )
    people, seen = [], set()
    for row in db.session.execute(query):
        # one line per person even when a lunch enrolment ends the day a delivery starts
        if row[0] in seen:
            continue
        seen.add(row[0])
        people.append(ExpectedPerson(*row))
    return people


# --- the calendar, as attendance sees it ---------------------------------------


CLOSURE_REASONS = ("no_water", "no_gas", "no_power", "training", "other")


def not_serving_message(status: calendar.DayStatus) -> str | None:
    """Why a site does not serve on a day, in words; None when it serves."""
    if status.serves:
        return None
    if status.override_open is False:
        return _("Centrul este închis: %(reason)s.", reason=closure_reason_label(status.reason))
    if status.holiday:
        return _("Sărbătoare legală: %(name)s.", name=status.holiday)
    return _("Zi de odihnă (sâmbătă sau duminică).")


def require_service_day(site_id: int, day: date) -> calendar.DayStatus:
    status = calendar.day_status(site_id, day)
    message = not_serving_message(status)
    if message is not None:
        raise DomainError(
            _("Centrul nu lucrează pe %(day)s. %(why)s", day=day.strftime("%d.%m.%Y"), why=message)
        )
    return status


# --- kitchen count --------------------------------------------------------------


@dataclass
class KitchenCount:
    site_id: int
    day: date
    serves: bool
    closed_message: str | None = None
    at_canteen: int = 0
    to_deliver: int = 0
    by_diet: dict[str, int] = field(default_factory=dict)

    @property
    def total(self) -> int:
        return self.at_canteen + self.to_deliver


def diet_key(notes: str | None) -> str:
    text = " ".join((notes or "").split())
    return text or NORMAL_DIET


def kitchen_count(site_id: int, day: date) -> KitchenCount:
    """Portions of lunch to cook: people expected at the canteen plus portions to deliver.

    Paused people are not expected, so not counted; subtotals by the person's diet
    notes (none = "normal"). On a day the site does not serve, says why instead.
    """
    status = calendar.day_status(site_id, day)
    if not status.serves:
        return KitchenCount(site_id, day, False, closed_message=not_serving_message(status))
    count = KitchenCount(site_id, day, True)
    diets: Counter[str] = Counter()
    for person in expected_people(site_id, day, Meal.LUNCH):
        if person.delivered:
            count.to_deliver += person.portions
        else:
            count.at_canteen += person.portions
        diets[diet_key(person.diet_notes)] += person.portions
    normal = diets.pop(NORMAL_DIET, 0)
    count.by_diet = {NORMAL_DIET: normal} if normal else {}
    count.by_diet.update(sorted(diets.items()))
    return count


# --- the daily sheet -----------------------------------------------------------


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
    changed: int = 0

    @property
    def counts(self) -> dict[str, int]:
        found = Counter(row.mark.value if row.mark else "unmarked" for row in self.rows)
        keys = [m.value for m in Mark] + ["unmarked"]
        return {key: found.get(key, 0) for key in keys}

    @property
    def at_table(self) -> list[SheetRow]:
        return [row for row in self.rows if not row.person.delivered]

    @property
    def delivered(self) -> list[SheetRow]:
        return [row for row in self.rows if row.person.delivered]


def daily_sheet(site_id: int, day: date, meal: Meal) -> Sheet:
    """Everyone expected at the site on the day for the meal, with their mark if any."""
    meal = Meal(meal)
    status = calendar.day_status(site_id, day)
    people = expected_people(site_id, day, meal)
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


# --- marking --------------------------------------------------------------------


@dataclass(frozen=True)
class MarkInput:
    beneficiary_id: int
    mark: Mark
    reason: str | None = None


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
) -> int:
    """Record a list of marks on a site's sheet: all of them, or none.

    Every mark is checked first (the day, the person expected, the kind of mark);
    then all are written in one upsert, so sending the same mark again changes
    nothing. A driver's delivery outcome is not overwritten by site staff. `reason`
    applies to marks that carry none; managers must give one for days older than the
    staff window. Returns how many stored marks changed.
    """
    return mark_sheet(site_id, day, meal, marks, user=user, reason=reason).changed


def mark_sheet(
    site_id: int,
    day: date,
    meal: Meal,
    marks: list[MarkInput],
    *,
    user,
    reason: str | None = None,
) -> "Sheet":
    """mark_attendance, answering the sheet as it stands after the marks."""
    meal = Meal(meal)
    today = clock.today()
    if day > today:
        raise DomainError(_("Nu se pot face marcaje pentru o zi viitoare."))
    status = require_service_day(site_id, day)
    late = _late_correction(
        day, today, user, reason or next((m.reason for m in marks if m.reason), None)
    )
    people = expected_people(site_id, day, meal)
    expected = {p.beneficiary_id: p for p in people}
    current = stored_marks(day, meal, expected)
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
        stored = current.get(item.beneficiary_id)
        if (
            stored is not None
            and stored.source == MarkSource.DRIVER
            and user.role == Role.STAFF
            and person.delivered
        ):
            raise DomainError(
                _(
                    "Șoferul a marcat deja livrarea pentru %(name)s; o corectură o face managerul.",
                    name=person.name,
                )
            )
        if late and not (item.reason or reason or "").strip():
            raise InvalidInputError(_("Indicați motivul corecturii."), field="reason")
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
    # the sheet after the write, without reading it back
    written = {m.beneficiary_id: m for m in marks}
    rows = []
    for person in people:
        item = written.get(person.beneficiary_id)
        if item is not None:
            why = item.reason or reason or None
            stored = current.get(person.beneficiary_id)
            unchanged = stored is not None and stored.mark == item.mark and stored.reason == why
            source = stored.source if unchanged else MarkSource.STAFF
            rows.append(SheetRow(person, item.mark, source, why))
        elif (stored := current.get(person.beneficiary_id)) is not None:
            rows.append(SheetRow(person, stored.mark, stored.source, stored.reason))
        else:
            rows.append(SheetRow(person))
    return Sheet(site_id, day, meal, status, None, rows, changed=changed)


def _not_expected_message(beneficiary_id: int, day: date) -> str:
    # The same words whether the id is unknown, enrolled elsewhere or not expected here:
    # a refusal must not tell a user of this site who a person of another site is.
    return _(
        "Persoana nr. %(id)s nu este înscrisă aici la acest serviciu pe %(day)s.",
        id=beneficiary_id,
        day=day.strftime("%d.%m.%Y"),
    )


def mark_all_present(
    site_id: int, day: date, meal: Meal, *, user, reason: str | None = None
) -> int:
    """Mark present everyone at the table (not the delivered meals) not yet marked."""
    sheet = daily_sheet(site_id, day, meal)
    marks = [
        MarkInput(row.person.beneficiary_id, Mark.PRESENT)
        for row in sheet.at_table
        if row.mark is None
    ]
    if not marks:
        _check_day(site_id, day, user, reason)
        return 0
    return mark_attendance(site_id, day, meal, marks, user=user, reason=reason)


def mark_all_delivered(
    site_id: int, day: date, meal: Meal, *, user, reason: str | None = None
) -> int:
    """Mark delivered every home-delivered meal of the sheet not yet marked."""
    sheet = daily_sheet(site_id, day, meal)
    marks = [
        MarkInput(row.person.beneficiary_id, Mark.DELIVERED)
        for row in sheet.delivered
        if row.mark is None
    ]
    if not marks:
        _check_day(site_id, day, user, reason)
        return 0
    return mark_attendance(site_id, day, meal, marks, user=user, reason=reason)


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
    )
    db.session.delete(stored)
    db.session.flush()
    return True


# --- absence alert --------------------------------------------------------------


@dataclass(frozen=True)
class AbsenceAlert:
    site_id: int
    beneficiary_id: int
    name: str
    meal: Meal
    since: date
    days: int


def absence_alerts(site_ids: list[int], day: date | None = None) -> list[AbsenceAlert]:
    """People absent without excuse on each of the site's last N service days.

    N is ABSENCE_ALERT_DAYS. Today counts once the person is marked today; before
    that, the N service days before today decide, so the list does not empty itself
    every morning.
    """
    day = day or clock.today()
    n = current_app.config.get("ABSENCE_ALERT_DAYS", 3)
    alerts: list[AbsenceAlert] = []
    for site_id in site_ids:
        days = calendar.previous_service_days(site_id, day + timedelta(days=1), n + 1)
        if len(days) < n:
            continue
        with_today = days[:n]
        before_today = [d for d in days if d != day][:n]
        if len(before_today) < n:
            before_today = with_today
        absent = (
            select(
                AttendanceMark.beneficiary_id,
                AttendanceMark.meal,
                AttendanceMark.day,
            )
            .where(
                AttendanceMark.site_id == site_id,
                AttendanceMark.mark == Mark.ABSENT,
                AttendanceMark.day.in_(set(with_today) | set(before_today)),
            )
            .subquery()
        )
        marked_today = select(AttendanceMark.beneficiary_id, AttendanceMark.meal).where(
            AttendanceMark.day == day
        )
        rows = db.session.execute(
            select(
                absent.c.beneficiary_id,
                absent.c.meal,
                func.count(case((absent.c.day.in_(with_today), 1))),
                func.count(case((absent.c.day.in_(before_today), 1))),
                Beneficiary.last_name,
                Beneficiary.first_name,
            )
            .join(Beneficiary, Beneficiary.id == absent.c.beneficiary_id)
            .group_by(
                absent.c.beneficiary_id,
                absent.c.meal,
                Beneficiary.last_name,
                Beneficiary.first_name,
            )
            .order_by(Beneficiary.last_name, Beneficiary.first_name)
        ).all()
        today_marked = {
            (r.beneficiary_id, r.meal)
            for r in db.session.execute(marked_today.where(AttendanceMark.site_id == site_id))
        }
        for beneficiary_id, meal, in_with, in_before, last, first in rows:
            if in_with >= n:
                window = with_today
            elif in_before >= n and (beneficiary_id, meal) not in today_marked:
                window = before_today
            else:
                continue
            alerts.append(
                AbsenceAlert(site_id, beneficiary_id, f"{last} {first}", Meal(meal), min(window), n)
            )
    return alerts


# --- editing the calendar -------------------------------------------------------


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


# --- access -----------------------------------------------------------------------


def visible_site(site_id: int):
    """The site, if the current user works at or oversees it (404 / 403 otherwise)."""
    site = db.session.get(Site, site_id)
    if site is None:
        raise NotFoundError(_("Centrul nu a fost găsit."))
    require_site(site.id, current_user)
    return site


def alert_site_ids(site_id: int | None) -> list[int]:
    """The sites whose alerts the current user may read (one, or all they see)."""
    if site_id is not None:
        return [visible_site(site_id).id]
    query = select(Site.id).where(Site.active.is_(True)).order_by(Site.name)
    ids = visible_site_ids(current_user)
    if ids is not None:
        query = query.where(Site.id.in_(ids))
    return list(db.session.scalars(query))
