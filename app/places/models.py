"""Districts (raioane), localities and the programme's sites."""

import enum
from decimal import Decimal

from sqlalchemy import CheckConstraint, ForeignKey, Numeric, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.core.naming import KEY_LENGTH, KeyedName, by_name, name_key  # noqa: F401 - re-exported
from app.core.types import enum_column  # noqa: F401 - re-exported: models import it from here
from app.extensions import db


class SiteKind(enum.StrEnum):
    CANTEEN = "canteen"  # cantină de ajutor social
    COMMUNITY_CENTRE = "community_centre"  # centru comunitar de asistență socială


class Service(enum.StrEnum):
    LUNCH = "lunch"  # lunch eaten at the canteen
    DELIVERY = "delivery"  # lunch delivered home
    PARCELS = "parcels"
    DAY_CARE = "day_care"


LOCALITY_KINDS = ("city", "town", "commune", "village")


class District(KeyedName, db.Model):
    __tablename__ = "district"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(80), unique=True)

    localities: Mapped[list["Locality"]] = relationship(
        back_populates="district", order_by="[Locality.name_key, Locality.id]"
    )


class Locality(KeyedName, db.Model):
    __tablename__ = "locality"
    __table_args__ = (
        UniqueConstraint("district_id", "name"),
        CheckConstraint(f"kind IN {LOCALITY_KINDS}", name="kind"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    district_id: Mapped[int] = mapped_column(ForeignKey("district.id", ondelete="RESTRICT"))
    name: Mapped[str] = mapped_column(String(80))
    kind: Mapped[str] = mapped_column(String(20), default="village")

    district: Mapped[District] = relationship(back_populates="localities")


class Site(KeyedName, db.Model):
    __tablename__ = "site"
    __table_args__ = (
        CheckConstraint("cost_norm_lei IS NULL OR cost_norm_lei >= 0", name="cost_norm"),
        CheckConstraint("latitude IS NULL OR (latitude BETWEEN -90 AND 90)", name="latitude"),
        CheckConstraint("longitude IS NULL OR (longitude BETWEEN -180 AND 180)", name="longitude"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(120), unique=True)
    kind: Mapped[SiteKind] = mapped_column(enum_column(SiteKind, "site_kind"))
    locality_id: Mapped[int] = mapped_column(ForeignKey("locality.id", ondelete="RESTRICT"))
    address: Mapped[str] = mapped_column(String(200), default="")
    phone: Mapped[str | None] = mapped_column(String(40))
    latitude: Mapped[float | None]
    longitude: Mapped[float | None]
    cost_norm_lei: Mapped[Decimal | None] = mapped_column(Numeric(10, 2))
    active: Mapped[bool] = mapped_column(default=True)

    locality: Mapped[Locality] = relationship()
    services: Mapped[list["SiteService"]] = relationship(
        back_populates="site", cascade="all, delete-orphan", order_by="SiteService.service"
    )

    def offers(self, service: Service) -> bool:
        return any(s.service == service for s in self.services)

    def capacity(self, service: Service) -> int | None:
        for s in self.services:
            if s.service == service:
                return s.capacity
        return None


class SiteService(db.Model):
    """A service a site offers, with its capacity (places) when it has one."""

    __tablename__ = "site_service"
    __table_args__ = (
        UniqueConstraint("site_id", "service"),
        CheckConstraint("capacity IS NULL OR capacity >= 0", name="capacity"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    site_id: Mapped[int] = mapped_column(ForeignKey("site.id", ondelete="CASCADE"))
    service: Mapped[Service] = mapped_column(enum_column(Service, "service"))
    capacity: Mapped[int | None]

    site: Mapped[Site] = relationship(back_populates="services")
