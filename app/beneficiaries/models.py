"""People in the registry, their categories, enrolments, pauses and status history."""

import enum
from datetime import date, datetime

from sqlalchemy import (
    CheckConstraint,
    ColumnElement,
    ForeignKey,
    Index,
    String,
    Text,
    and_,
    exists,
    or_,
    select,
    text,
)
from sqlalchemy.ext.hybrid import hybrid_method
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.core.clock import utcnow
from app.core.types import UTCDateTime, enum_column
from app.extensions import db
from app.places.models import Locality, Service, Site


class Sex(enum.StrEnum):
    FEMALE = "F"
    MALE = "M"


class Category(enum.StrEnum):
    """Vulnerability categories from the seed lists; a person may have several."""

    SOLITARY_ELDERLY = "solitary_elderly"
    ELDERLY_COUPLE_ILL = "elderly_couple_ill"
    DISABILITY = "disability"
    BEDRIDDEN = "bedridden"
    SERIOUSLY_ILL = "seriously_ill"
    FAMILY_CHILDREN_AT_RISK = "family_children_at_risk"
    FAMILY_DISABLED_CHILDREN = "family_disabled_children"
    CHILD_WITHOUT_PARENTAL_CARE = "child_without_parental_care"
    ORPHAN = "orphan"
    ABUSED_NEGLECTED_CHILD = "abused_neglected_child"
    CHILD_AT_RISK = "child_at_risk"
    YOUNG_LEAVING_CARE = "young_leaving_care"
    MINOR_MOTHER = "minor_mother"
    VIOLENCE_VICTIM = "violence_victim"
    TRAFFICKING_VICTIM = "trafficking_victim"
    RELEASED_FROM_DETENTION = "released_from_detention"
    UNEMPLOYED = "unemployed"
    SUBSTANCE_DEPENDENCE = "substance_dependence"
    HIV = "hiv"
    OTHER = "other"


class DisabilityDegree(enum.StrEnum):
    SEVERE = "severe"
    ACCENTUATED = "accentuated"
    MEDIUM = "medium"


class Beneficiary(db.Model):
    __tablename__ = "beneficiary"
    __table_args__ = (
        CheckConstraint("household_size IS NULL OR household_size >= 1", name="household"),
        CheckConstraint("idnp IS NULL OR length(idnp) = 13", name="idnp_length"),
        Index("ix_beneficiary_person_key", "person_key"),
        Index("ix_beneficiary_last_name_key", "last_name_key"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    first_name: Mapped[str] = mapped_column(String(80))
    last_name: Mapped[str] = mapped_column(String(80))
    # folded forms for search and duplicate detection (no diacritics, Latin)
    first_name_key: Mapped[str] = mapped_column(String(80), default="")
    last_name_key: Mapped[str] = mapped_column(String(80), default="")
    person_key: Mapped[str] = mapped_column(String(170), default="")
    idnp: Mapped[str | None] = mapped_column(String(13), unique=True)
    birth_date: Mapped[date | None]
    sex: Mapped[Sex | None] = mapped_column(enum_column(Sex, "sex"))
    locality_id: Mapped[int | None] = mapped_column(
        ForeignKey("locality.id", ondelete="RESTRICT"), index=True
    )
    address: Mapped[str] = mapped_column(String(200), default="")
    latitude: Mapped[float | None]
    longitude: Mapped[float | None]
    phone: Mapped[str | None] = mapped_column(String(40))
    household_size: Mapped[int | None]
    disability_degree: Mapped[DisabilityDegree | None] = mapped_column(
        enum_column(DisabilityDegree, "disability_degree")
    )
    lives_alone: Mapped[bool] = mapped_column(default=False)
    can_travel: Mapped[bool] = mapped_column(default=True)
    cannot_travel_reason: Mapped[str | None] = mapped_column(String(200))
    inquiry_reference: Mapped[str | None] = mapped_column(String(80))
    diet_notes: Mapped[str | None] = mapped_column(String(300))
    access_notes: Mapped[str | None] = mapped_column(String(300))
    contact_name: Mapped[str | None] = mapped_column(String(120))
    contact_phone: Mapped[str | None] = mapped_column(String(40))
    consent_date: Mapped[date | None]
    consent_recorded_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("user.id", ondelete="SET NULL")
    )
    notes: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)
    # set once when the retention job has removed what identified the person
    anonymised_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    locality: Mapped[Locality | None] = relationship()
    category_rows: Mapped[list["BeneficiaryCategory"]] = relationship(
        cascade="all, delete-orphan", back_populates="beneficiary"
    )
    enrolments: Mapped[list["Enrolment"]] = relationship(
        back_populates="beneficiary", order_by="Enrolment.start_date.desc()"
    )

    @property
    def full_name(self) -> str:
        return f"{self.last_name} {self.first_name}"

    @property
    def categories(self) -> list[Category]:
        return sorted(row.category for row in self.category_rows)


class BeneficiaryCategory(db.Model):
    __tablename__ = "beneficiary_category"

    beneficiary_id: Mapped[int] = mapped_column(
        ForeignKey("beneficiary.id", ondelete="CASCADE"), primary_key=True
    )
    category: Mapped[Category] = mapped_column(enum_column(Category, "category"), primary_key=True)

    beneficiary: Mapped[Beneficiary] = relationship(back_populates="category_rows")


class EnrolmentStatus(enum.StrEnum):
    WAITING = "waiting"  # the service is full; waits for a place
    ACTIVE = "active"  # holds a place (a pause does not give it up)
    EXITED = "exited"  # ended on end_date


class ReferralSource(enum.StrEnum):
    SOCIAL_WORKER = "social_worker"  # asistent social comunitar
    SELF = "self"
    INSTITUTION = "institution"
    OTHER = "other"


LUNCH_SERVICES = (Service.LUNCH, Service.DELIVERY)


class Enrolment(db.Model):
    """A person at a site for a service, with the eligibility decision behind it.

    A person serves on a day when the enrolment is not waiting, the day lies between
    start_date and end_date, and no pause covers it. Status 'exited' is set when the exit
    is decided; end_date may still be ahead (the last day served).
    """

    __tablename__ = "enrolment"
    __table_args__ = (
        CheckConstraint("end_date IS NULL OR end_date >= start_date", name="dates"),
        CheckConstraint("status <> 'exited' OR end_date IS NOT NULL", name="exit_has_end"),
        # One place at lunch per person across the whole programme: canteen or delivered.
        Index(
            "uq_enrolment_one_active_lunch",
            "beneficiary_id",
            unique=True,
            sqlite_where=text("status = 'active' AND service IN ('lunch', 'delivery')"),
            postgresql_where=text("status = 'active' AND service IN ('lunch', 'delivery')"),
        ),
        Index("ix_enrolment_site_service_status", "site_id", "service", "status"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    beneficiary_id: Mapped[int] = mapped_column(
        ForeignKey("beneficiary.id", ondelete="CASCADE"), index=True
    )
    site_id: Mapped[int] = mapped_column(ForeignKey("site.id", ondelete="RESTRICT"))
    service: Mapped[Service] = mapped_column(enum_column(Service, "service"))
    status: Mapped[EnrolmentStatus] = mapped_column(
        enum_column(EnrolmentStatus, "enrolment_status")
    )
    decision_number: Mapped[str | None] = mapped_column(String(60))
    decision_date: Mapped[date | None]
    referral_source: Mapped[ReferralSource | None] = mapped_column(
        enum_column(ReferralSource, "referral_source")
    )
    referral_name: Mapped[str | None] = mapped_column(String(120))
    start_date: Mapped[date]
    review_date: Mapped[date | None]
    end_date: Mapped[date | None]
    exit_reason: Mapped[str | None] = mapped_column(String(200))
    waiting_since: Mapped[datetime | None] = mapped_column(UTCDateTime)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    beneficiary: Mapped[Beneficiary] = relationship(back_populates="enrolments")
    site: Mapped[Site] = relationship()
    pauses: Mapped[list["EnrolmentPause"]] = relationship(
        back_populates="enrolment",
        cascade="all, delete-orphan",
        order_by="EnrolmentPause.start_date",
    )
    changes: Mapped[list["EnrolmentStatusChange"]] = relationship(
        back_populates="enrolment",
        cascade="all, delete-orphan",
        order_by="EnrolmentStatusChange.id",
    )

    def paused_on(self, day: date) -> bool:
        return any(p.start_date <= day <= p.end_date for p in self.pauses)

    def shown_status(self, day: date) -> str:
        """The status to show on a day: 'paused' when an active place is paused then."""
        if self.status == EnrolmentStatus.ACTIVE and self.paused_on(day):
            return "paused"
        return self.status.value

    @hybrid_method
    def serves_on(self, day: date) -> bool:
        """Served on the day: not waiting, the day within its dates, no pause covering it.

        The one home of the rule, in Python here and in SQL (`Enrolment.serves_on(day)`)
        for the sheet, the kitchen count and the delivery lists.
        """
        if self.status == EnrolmentStatus.WAITING:
            return False
        if day < self.start_date or (self.end_date is not None and day > self.end_date):
            return False
        return not self.paused_on(day)

    @serves_on.inplace.expression
    @classmethod
    def _serves_on_sql(cls, day: date) -> ColumnElement[bool]:
        paused = (
            select(EnrolmentPause.id)
            .where(
                EnrolmentPause.enrolment_id == cls.id,
                EnrolmentPause.start_date <= day,
                EnrolmentPause.end_date >= day,
            )
            .correlate(cls)
        )
        return and_(cls.status != EnrolmentStatus.WAITING, cls.within_dates(day), ~exists(paused))

    @classmethod
    def within_dates(cls, day: date) -> ColumnElement[bool]:
        """SQL: the day lies between the enrolment's start and its end (if any)."""
        return and_(cls.start_date <= day, or_(cls.end_date.is_(None), cls.end_date >= day))

    @classmethod
    def holds_place_on(cls, day: date) -> ColumnElement[bool]:
        """SQL: an active place on the day (pauses keep the place), as the reports count."""
        return and_(cls.status == EnrolmentStatus.ACTIVE, cls.within_dates(day))


class EnrolmentPause(db.Model):
    """A pause from a date to a date (hospital stay); service resumes by itself after it."""

    __tablename__ = "enrolment_pause"
    __table_args__ = (CheckConstraint("end_date >= start_date", name="dates"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    enrolment_id: Mapped[int] = mapped_column(
        ForeignKey("enrolment.id", ondelete="CASCADE"), index=True
    )
    start_date: Mapped[date]
    end_date: Mapped[date]
    reason: Mapped[str] = mapped_column(String(200))
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id", ondelete="SET NULL"))

    enrolment: Mapped[Enrolment] = relationship(back_populates="pauses")


class EnrolmentStatusChange(db.Model):
    """Dated status history: waiting, active, paused, resumed, switched, exited."""

    __tablename__ = "enrolment_status_change"

    id: Mapped[int] = mapped_column(primary_key=True)
    enrolment_id: Mapped[int] = mapped_column(
        ForeignKey("enrolment.id", ondelete="CASCADE"), index=True
    )
    status: Mapped[str] = mapped_column(String(20))
    effective_date: Mapped[date]
    reason: Mapped[str | None] = mapped_column(String(200))
    changed_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id", ondelete="SET NULL"))
    changed_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    enrolment: Mapped[Enrolment] = relationship(back_populates="changes")
