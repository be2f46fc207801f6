"""Attendance: recording marks (idempotent), and the daily sheet built on them."""

from datetime import date

from sqlalchemy import select
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert

from app.attendance.models import AttendanceMark, Mark, MarkSource, Meal
from app.core import audit
from app.core.clock import utcnow
from app.extensions import db


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
