"""Storing attendance marks: one row per person, day and meal, written in one statement."""

from dataclasses import dataclass
from datetime import date

from sqlalchemy import ARRAY, Integer, String, any_, bindparam, select, text
from sqlalchemy import insert as sa_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert

from app.attendance.models import AttendanceMark, Mark, MarkSource, Meal
from app.core.clock import utcnow
from app.core.db import read_rows
from app.core.models import AuditEntry
from app.core.types import UTCDateTime
from app.extensions import db
from app.places.models import Service

# Which marks fit which service: people at the table are present or absent; a
# delivered lunch is handed over or not. Either may be excused in advance.
MARKS_FOR_SERVICE = {
    Service.LUNCH: (Mark.PRESENT, Mark.ABSENT, Mark.EXCUSED),
    Service.DAY_CARE: (Mark.PRESENT, Mark.ABSENT, Mark.EXCUSED),
    Service.DELIVERY: (Mark.DELIVERED, Mark.NOT_DELIVERED, Mark.EXCUSED),
}


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
    """upsert_marks for one person's mark; True when the stored mark changed."""
    changed = upsert_marks(
        site_id=site_id,
        day=day,
        meal=meal,
        marks=[MarkInput(beneficiary_id, mark, reason)],
        enrolments={beneficiary_id: enrolment_id},
        source=source,
        user_id=user_id,
    )
    return changed == 1


def upsert_marks(
    *,
    site_id: int,
    day: date,
    meal: Meal,
    marks: list["MarkInput"],
    enrolments: dict[int, int | None],
    source: MarkSource,
    reason: str | None = None,
    user_id: int | None = None,
    previous: dict | None = None,
) -> int:
    """Record marks (one, or a whole sheet's) of one day and meal; one row per person.

    INSERT ... ON CONFLICT DO UPDATE on both engines, in one statement however many
    marks: two tablets sending the same mark at once cannot create two rows or an
    error; the last write wins. Marks equal to what is stored are left alone; each
    change is audited (in one batch as well). `previous` (the stored marks by person,
    with .mark and .reason) saves a query when the caller has them. Returns how many
    stored marks changed.
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
    if db.session.get_bind().dialect.name == "postgresql":
        _upsert_marks_postgresql(rows, site_id, day, meal, source, user_id, now)
        return len(rows)
    audit_rows = [
        {
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
    stored = dict(db.session.execute(_UPSERT_MARKS_SQLITE, rows).all())
    # the audit rows in one batch as well
    db.session.execute(
        _AUDIT_MARKS,
        [
            {
                "at": now,
                "user_id": user_id,
                "entity": "attendance_mark",
                "entity_id": stored[entry["beneficiary_id"]],
                "action": entry["action"],
                "field": "mark",
                "old_value": entry["old_value"],
                "new_value": entry["new_value"],
                "reason": entry["reason"],
                "site_id": site_id,
                "person_id": entry["beneficiary_id"],
            }
            for entry in audit_rows
        ],
    )
    return len(rows)


# Built once: assembling an INSERT ... ON CONFLICT costs more than running it for one row.
_MARK_KEY = ("beneficiary_id", "day", "meal")
_upsert = sqlite_insert(AttendanceMark.__table__)
_UPSERT_MARKS_SQLITE = _upsert.on_conflict_do_update(
    index_elements=list(_MARK_KEY),
    set_={
        column: _upsert.excluded[column]
        for column in ("site_id", "enrolment_id", "mark", "source", "reason")
        + ("marked_by_id", "marked_at")
    },
).returning(AttendanceMark.__table__.c.beneficiary_id, AttendanceMark.__table__.c.id)
_AUDIT_MARKS = sa_insert(AuditEntry.__table__)


# PostgreSQL takes the marks as arrays, and writes them and their audit rows in one
# statement: about four times faster than a batch of single-row upserts for 200 people,
# and one round trip instead of two for a single tap. The audit's old value is read in
# the same statement, after hold_marks: a mark another tablet stored meanwhile is the
# one the audit says was replaced.
_UPSERT_MARKS_PG = text(
    """
    WITH stored AS (
        SELECT beneficiary_id, mark FROM attendance_mark
        WHERE day = :day AND meal = :meal AND beneficiary_id = ANY(:beneficiaries)
    ), written AS (
        INSERT INTO attendance_mark (site_id, beneficiary_id, enrolment_id, day, meal, mark,
                                     source, reason, marked_by_id, marked_at)
        SELECT :site_id, t.b, t.e, :day, :meal, t.m, :source, t.r, :user_id, :now
        FROM unnest(:beneficiaries, :enrolments, :marks, :reasons) AS t(b, e, m, r)
        ON CONFLICT (beneficiary_id, day, meal) DO UPDATE SET
            site_id = excluded.site_id, enrolment_id = excluded.enrolment_id,
            mark = excluded.mark, source = excluded.source, reason = excluded.reason,
            marked_by_id = excluded.marked_by_id, marked_at = excluded.marked_at
        RETURNING beneficiary_id, id
    )
    INSERT INTO audit_entry (at, user_id, entity, entity_id, action, field,
                             old_value, new_value, reason, site_id, person_id)
    SELECT :now, :user_id, 'attendance_mark', written.id,
           CASE WHEN stored.beneficiary_id IS NULL THEN 'create' ELSE 'update' END,
           'mark', stored.mark::text, a.n, a.r, :site_id, a.b
    FROM unnest(:beneficiaries, :marks, :reasons) WITH ORDINALITY AS a(b, n, r, i)
    JOIN written ON written.beneficiary_id = a.b
    LEFT JOIN stored ON stored.beneficiary_id = a.b
    ORDER BY a.i
    """
).bindparams(
    bindparam("beneficiaries", type_=ARRAY(Integer)),
    bindparam("enrolments", type_=ARRAY(Integer)),
    bindparam("marks", type_=ARRAY(String)),
    bindparam("reasons", type_=ARRAY(String)),
    bindparam("now", type_=UTCDateTime),
)


def _upsert_marks_postgresql(rows, site_id, day, meal, source, user_id, now) -> None:
    db.session.execute(
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


# One lock per person, day and meal (the two-key form: the day and meal, the person),
# taken in the people's order so two sheets sharing people cannot wait on each other.
_HOLD_MARKS_PG = text(
    "SELECT pg_advisory_xact_lock(:slot, t.b) "
    "FROM unnest(:beneficiaries) WITH ORDINALITY AS t(b, i) ORDER BY t.i"
).bindparams(bindparam("beneficiaries", type_=ARRAY(Integer)))


def hold_marks(day: date, meal: Meal, beneficiary_ids) -> bool:
    """PostgreSQL: make every other request marking these people on this day and meal
    wait until this transaction ends, before their marks are read.

    Without it, a mark another tablet or a driver commits between this request's reads
    and its write would be overwritten unseen: a driver's outcome replaced by staff, or
    the audit naming no value replaced. True when locks were taken (what the request
    read of these people before must be read again). SQLite needs none: its writers
    queue on one write lock and read the marks again under it (take_write_lock).
    """
    if db.session.get_bind().dialect.name != "postgresql":
        return False
    ids = sorted(set(beneficiary_ids))
    if ids:
        slot = day.toordinal() * len(Meal) + list(Meal).index(Meal(meal))
        read_rows(_HOLD_MARKS_PG, {"slot": slot, "beneficiaries": ids})
    return bool(ids)


_marks = AttendanceMark.__table__.c
_STORED = select(_marks.beneficiary_id, _marks.mark, _marks.source, _marks.reason).where(
    _marks.day == bindparam("day"), _marks.meal == bindparam("meal")
)
_STORED_SQLITE = _STORED.where(_marks.beneficiary_id.in_(bindparam("ids", expanding=True)))
# on PostgreSQL as one array parameter (= ANY) rather than one parameter per id
_STORED_PG = _STORED.where(_marks.beneficiary_id == any_(bindparam("ids", type_=ARRAY(Integer))))


def stored_marks(day: date, meal: Meal, beneficiary_ids) -> dict:
    """The stored marks of some people for a day and meal, by person."""
    postgresql = db.session.get_bind().dialect.name == "postgresql"
    found = read_rows(
        _STORED_PG if postgresql else _STORED_SQLITE,
        {"day": day, "meal": Meal(meal), "ids": list(beneficiary_ids)},
    )
    return {row.beneficiary_id: row for row in found}


@dataclass(frozen=True)
class MarkInput:
    beneficiary_id: int
    mark: Mark
    reason: str | None = None
