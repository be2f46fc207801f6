"""Who ate (or was in day care) on which day: one mark per person, day and meal."""

import enum
from datetime import date, datetime

from sqlalchemy import ForeignKey, Index, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.beneficiaries.models import Beneficiary
from app.core.clock import utcnow
from app.core.types import UTCDateTime, enum_column
from app.extensions import db


class Meal(enum.StrEnum):
    """What an attendance row counts. A delivered lunch is a lunch too."""

    LUNCH = "lunch"
    DAY_CARE = "day_care"


class Mark(enum.StrEnum):
    PRESENT = "present"
    ABSENT = "absent"  # absent without excuse
    EXCUSED = "excused"  # absent with an excuse
    DELIVERED = "delivered"  # home-delivered meal handed over
    NOT_DELIVERED = "not_delivered"


SERVED_MARKS = (Mark.PRESENT, Mark.DELIVERED)


class MarkSource(enum.StrEnum):
    STAFF = "staff"
    DRIVER = "driver"


class AttendanceMark(db.Model):
    __tablename__ = "attendance_mark"
    __table_args__ = (
        UniqueConstraint("beneficiary_id", "day", "meal"),
        Index("ix_attendance_mark_site_day", "site_id", "day", "meal"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    site_id: Mapped[int] = mapped_column(ForeignKey("site.id", ondelete="RESTRICT"))
    beneficiary_id: Mapped[int] = mapped_column(ForeignKey("beneficiary.id", ondelete="CASCADE"))
    enrolment_id: Mapped[int | None] = mapped_column(
        ForeignKey("enrolment.id", ondelete="SET NULL")
    )
    day: Mapped[date]
    meal: Mapped[Meal] = mapped_column(enum_column(Meal, "meal"))
    mark: Mapped[Mark] = mapped_column(enum_column(Mark, "mark"))
    source: Mapped[MarkSource] = mapped_column(enum_column(MarkSource, "mark_source"))
    reason: Mapped[str | None] = mapped_column(String(200))
    marked_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id", ondelete="SET NULL"))
    marked_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    beneficiary: Mapped[Beneficiary] = relationship()
