"""Districts (raioane), localities and the programme's sites."""

import enum
from decimal import Decimal

from sqlalchemy import CheckConstraint, ForeignKey, Numeric, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship, validates

from app.core.text import sort_key
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
KEY_LENGTH = 200


def name_key(name: str | None) -> str:
    """The stored key a place is listed by (app.core.text.sort_key), the same on every
    engine: 'Sîngerei', 'Șoldănești', 'Soroca', 'Ștefan Vodă', 'Strășeni'."""
    return sort_key(name)[:KEY_LENGTH]


def by_name(*models) -> list:
    """Order clauses listing places by their key, then id (ties stay stable)."""
    return [column for model in models for column in (model.name_key, model.id)]


class NamedPlace:
    """A place with a name and the folded key lists are ordered by, kept in step here so
    every ORM write of the name sets the key too (a bulk insert passes name_key itself)."""

    name_key: Mapped[str] = mapped_column(String(KEY_LENGTH))

    @validates("name")
    def _keep_name_key(self, _attribute: str, name: str) -> str:
        self.name_key = name_key(name)
        return name


class District(NamedPlace, db.Model):
    __tablename__ = "district"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(80), unique=True)

    localities: Mapped[list["Locality"]] = relationship(
        back_populates="district", order_by="[Locality.name_key, Locality.id]"
    )


class Locality(NamedPlace, db.Model):
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


class Site(NamedPlace, db.Model):
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
