"""Routes with ordered stops, substitute drivers, and the frozen daily delivery lists."""

import enum
from datetime import date, datetime

from sqlalchemy import CheckConstraint, ForeignKey, Index, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship, validates

from app.auth.models import User
from app.beneficiaries.models import Beneficiary
from app.core.clock import utcnow
from app.core.naming import KEY_LENGTH, KeyedName, name_key
from app.core.types import UTCDateTime, enum_column
from app.extensions import db
from app.places.models import Site


class Route(KeyedName, db.Model):
    __tablename__ = "route"
    __table_args__ = (
        UniqueConstraint("site_id", "name"),
        CheckConstraint("length(weekdays) <= 7", name="weekdays"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    site_id: Mapped[int] = mapped_column(ForeignKey("site.id", ondelete="RESTRICT"), index=True)
    name: Mapped[str] = mapped_column(String(80))
    driver_id: Mapped[int | None] = mapped_column(ForeignKey("user.id", ondelete="SET NULL"))
    # ISO weekdays the route runs ("12345" = Monday to Friday); the site calendar still rules.
    weekdays: Mapped[str] = mapped_column(String(7), default="12345")
    active: Mapped[bool] = mapped_column(default=True)

    site: Mapped[Site] = relationship()
    driver: Mapped[User | None] = relationship()
    stops: Mapped[list["RouteStop"]] = relationship(
        back_populates="route", cascade="all, delete-orphan", order_by="RouteStop.position"
    )
    substitutes: Mapped[list["RouteSubstitute"]] = relationship(
        back_populates="route", cascade="all, delete-orphan", order_by="RouteSubstitute.start_date"
    )

    def runs_on_weekday(self, day: date) -> bool:
        return str(day.isoweekday()) in self.weekdays


class RouteStop(db.Model):
    """A person on a route; one route per person."""

    __tablename__ = "route_stop"
    __table_args__ = (UniqueConstraint("beneficiary_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    route_id: Mapped[int] = mapped_column(ForeignKey("route.id", ondelete="CASCADE"), index=True)
    beneficiary_id: Mapped[int] = mapped_column(ForeignKey("beneficiary.id", ondelete="CASCADE"))
    position: Mapped[int]
    portions: Mapped[int] = mapped_column(default=1)

    route: Mapped[Route] = relationship(back_populates="stops")
    beneficiary: Mapped[Beneficiary] = relationship()


class RouteSubstitute(db.Model):
    """Another driver takes the route from a date to a date."""

    __tablename__ = "route_substitute"
    __table_args__ = (CheckConstraint("end_date >= start_date", name="dates"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    route_id: Mapped[int] = mapped_column(ForeignKey("route.id", ondelete="CASCADE"), index=True)
    driver_id: Mapped[int] = mapped_column(ForeignKey("user.id", ondelete="CASCADE"))
    start_date: Mapped[date]
    end_date: Mapped[date]

    route: Mapped[Route] = relationship(back_populates="substitutes")
    driver: Mapped[User] = relationship()


class Outcome(enum.StrEnum):
    DELIVERED = "delivered"
    NOT_DELIVERED = "not_delivered"


class FailureReason(enum.StrEnum):
    NOT_HOME = "not_home"
    REFUSED = "refused"
    IN_HOSPITAL = "in_hospital"
    OTHER = "other"


class DeliveryList(db.Model):
    """A route's list for one day, frozen when generated."""

    __tablename__ = "delivery_list"
    __table_args__ = (UniqueConstraint("route_id", "day"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    route_id: Mapped[int] = mapped_column(ForeignKey("route.id", ondelete="RESTRICT"))
    site_id: Mapped[int] = mapped_column(ForeignKey("site.id", ondelete="RESTRICT"), index=True)
    day: Mapped[date] = mapped_column(index=True)
    driver_id: Mapped[int | None] = mapped_column(ForeignKey("user.id", ondelete="SET NULL"))
    route_name: Mapped[str] = mapped_column(String(80))
    # the key of the route's name as frozen here: lists show that name and follow its order
    route_name_key: Mapped[str] = mapped_column(String(KEY_LENGTH))
    generated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    generated_by: Mapped[str] = mapped_column(String(60))
    # a run takes the list's email (claimed), sends it, then marks it sent (emailed)
    email_claimed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    emailed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    route: Mapped[Route] = relationship()
    driver: Mapped[User | None] = relationship()
    stops: Mapped[list["DeliveryStop"]] = relationship(
        back_populates="delivery_list",
        cascade="all, delete-orphan",
        order_by="DeliveryStop.position",
    )

    @validates("route_name")
    def _keep_route_name_key(self, _attribute: str, route_name: str) -> str:
        self.route_name_key = name_key(route_name)
        return route_name


class DeliveryStop(db.Model):
    """One stop of a frozen list: a copy of what the driver needs, plus the outcome."""

    __tablename__ = "delivery_stop"
    __table_args__ = (
        UniqueConstraint("delivery_list_id", "beneficiary_id"),
        Index("ix_delivery_stop_concern", "concern"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    delivery_list_id: Mapped[int] = mapped_column(
        ForeignKey("delivery_list.id", ondelete="CASCADE"), index=True
    )
    beneficiary_id: Mapped[int] = mapped_column(ForeignKey("beneficiary.id", ondelete="CASCADE"))
    position: Mapped[int]
    name: Mapped[str] = mapped_column(String(170))
    address: Mapped[str] = mapped_column(String(300), default="")
    phone: Mapped[str | None] = mapped_column(String(40))
    contact: Mapped[str | None] = mapped_column(String(170))
    contact_phone: Mapped[str | None] = mapped_column(String(40))
    diet_notes: Mapped[str | None] = mapped_column(String(300))
    access_notes: Mapped[str | None] = mapped_column(String(300))
    latitude: Mapped[float | None]
    longitude: Mapped[float | None]
    portions: Mapped[int] = mapped_column(default=1)
    parcel_note: Mapped[str | None] = mapped_column(String(200))
    outcome: Mapped[Outcome | None] = mapped_column(enum_column(Outcome, "outcome"))
    failure_reason: Mapped[FailureReason | None] = mapped_column(
        enum_column(FailureReason, "failure_reason")
    )
    remark: Mapped[str | None] = mapped_column(Text)
    concern: Mapped[bool] = mapped_column(default=False)
    concern_note: Mapped[str | None] = mapped_column(Text)
    # a concern followed up by the site: who, when and what was done
    concern_handled_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    concern_handled_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("user.id", ondelete="SET NULL")
    )
    concern_action: Mapped[str | None] = mapped_column(Text)
    marked_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    marked_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id", ondelete="SET NULL"))

    delivery_list: Mapped[DeliveryList] = relationship(back_populates="stops")
    concern_handled_by: Mapped[User | None] = relationship(foreign_keys=[concern_handled_by_id])
