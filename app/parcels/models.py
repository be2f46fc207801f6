"""Parcel types, the stock ledger per site, the stock balance it keeps, and distributions.

The ledger (stock_movement) is the record of every receipt, distribution, transfer and
adjustment. stock_balance holds the running sum per site and parcel type; it is changed
in the same transaction as the ledger row, with an atomic UPDATE guarded by a CHECK
(on_hand >= 0), so two people handing out the last parcel at once cannot take it twice.
"""

import enum
from datetime import date, datetime
from decimal import Decimal

from sqlalchemy import CheckConstraint, ForeignKey, Index, Numeric, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.beneficiaries.models import Beneficiary
from app.core.clock import utcnow
from app.core.naming import KeyedName
from app.core.types import UTCDateTime, enum_column
from app.extensions import db
from app.places.models import Site


class ParcelType(KeyedName, db.Model):
    """A kind of parcel (e.g. "Pachet alimentar standard") and what it holds."""

    __tablename__ = "parcel_type"
    __table_args__ = (
        CheckConstraint(
            "min_days_between IS NULL OR min_days_between >= 1", name="min_days_between"
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(120), unique=True)
    active: Mapped[bool] = mapped_column(default=True)
    # one person receives this type at most once in this many days (None: no limit)
    min_days_between: Mapped[int | None]
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    items: Mapped[list["ParcelItem"]] = relationship(
        back_populates="parcel_type",
        cascade="all, delete-orphan",
        order_by="ParcelItem.position",
    )

    @property
    def contents(self) -> str:
        return ", ".join(item.text for item in self.items)


class ParcelItem(db.Model):
    """One line of a parcel's contents: flour, 2, kg."""

    __tablename__ = "parcel_item"
    __table_args__ = (CheckConstraint("quantity > 0", name="quantity"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    parcel_type_id: Mapped[int] = mapped_column(
        ForeignKey("parcel_type.id", ondelete="CASCADE"), index=True
    )
    position: Mapped[int] = mapped_column(default=0)
    name: Mapped[str] = mapped_column(String(80))
    quantity: Mapped[Decimal] = mapped_column(Numeric(10, 3))
    unit: Mapped[str] = mapped_column(String(20))

    parcel_type: Mapped[ParcelType] = relationship(back_populates="items")

    @property
    def text(self) -> str:
        amount = format(self.quantity.normalize(), "f") if self.quantity is not None else ""
        return f"{self.name} {amount} {self.unit}".strip()


class StockBalance(db.Model):
    """Parcels on the shelf at a site; equals the sum of the site's ledger for the type."""

    __tablename__ = "stock_balance"
    __table_args__ = (CheckConstraint("on_hand >= 0", name="on_hand"),)

    site_id: Mapped[int] = mapped_column(
        ForeignKey("site.id", ondelete="RESTRICT"), primary_key=True
    )
    parcel_type_id: Mapped[int] = mapped_column(
        ForeignKey("parcel_type.id", ondelete="RESTRICT"), primary_key=True
    )
    on_hand: Mapped[int] = mapped_column(default=0)


class MovementKind(enum.StrEnum):
    RECEIPT = "receipt"
    DISTRIBUTION = "distribution"
    TRANSFER_OUT = "transfer_out"
    TRANSFER_IN = "transfer_in"
    ADJUSTMENT = "adjustment"
    RETURN = "return"  # a distribution cancelled: the parcel is back on the shelf


class SourceKind(enum.StrEnum):
    DONATION = "donation"
    PURCHASE = "purchase"


class AdjustmentReason(enum.StrEnum):
    DAMAGED = "damaged"
    EXPIRED = "expired"
    COUNT_CORRECTION = "count_correction"


class DistributionStatus(enum.StrEnum):
    PLANNED = "planned"  # on a delivery list, out of stock, waiting for the driver's outcome
    HANDED_OVER = "handed_over"
    RETURNED = "returned"  # not delivered: back on the shelf
    CANCELLED = "cancelled"


# what counts for the frequency rule: given, or on its way
COUNTED_STATUSES = (DistributionStatus.PLANNED, DistributionStatus.HANDED_OVER)


class DistributionMethod(enum.StrEnum):
    AT_SITE = "at_site"
    DELIVERY = "delivery"  # carried by the driver with the day's delivery list


class Distribution(db.Model):
    """Parcels given to one person at a site on a date."""

    __tablename__ = "parcel_distribution"
    __table_args__ = (
        CheckConstraint("quantity > 0", name="quantity"),
        Index("ix_parcel_distribution_person_type_day", "beneficiary_id", "parcel_type_id", "day"),
        Index("ix_parcel_distribution_site_day", "site_id", "day"),
        CheckConstraint(
            "method = 'delivery' OR status NOT IN ('planned', 'returned')",
            name="delivery_statuses",
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    site_id: Mapped[int] = mapped_column(ForeignKey("site.id", ondelete="RESTRICT"))
    parcel_type_id: Mapped[int] = mapped_column(ForeignKey("parcel_type.id", ondelete="RESTRICT"))
    beneficiary_id: Mapped[int] = mapped_column(ForeignKey("beneficiary.id", ondelete="RESTRICT"))
    quantity: Mapped[int] = mapped_column(default=1)
    day: Mapped[date]
    status: Mapped[DistributionStatus] = mapped_column(
        enum_column(DistributionStatus, "distribution_status"),
        default=DistributionStatus.HANDED_OVER,
    )
    method: Mapped[DistributionMethod] = mapped_column(
        enum_column(DistributionMethod, "distribution_method"),
        default=DistributionMethod.AT_SITE,
    )
    # a manager let it through despite the frequency rule, and said why
    override_reason: Mapped[str | None] = mapped_column(String(300))
    overridden_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id", ondelete="SET NULL"))
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    site: Mapped[Site] = relationship()
    parcel_type: Mapped[ParcelType] = relationship()
    beneficiary: Mapped[Beneficiary] = relationship()


class StockMovement(db.Model):
    """One line of a site's stock ledger; `quantity` is signed (+ in, - out)."""

    __tablename__ = "stock_movement"
    __table_args__ = (
        CheckConstraint("quantity <> 0", name="quantity"),
        CheckConstraint(
            "(kind IN ('receipt', 'transfer_in', 'return') AND quantity > 0)"
            " OR (kind IN ('distribution', 'transfer_out') AND quantity < 0)"
            " OR kind = 'adjustment'",
            name="sign",
        ),
        CheckConstraint("kind <> 'adjustment' OR reason IS NOT NULL", name="adjustment_has_reason"),
        CheckConstraint("kind <> 'receipt' OR source IS NOT NULL", name="receipt_source"),
        Index("ix_stock_movement_site_type_day", "site_id", "parcel_type_id", "day"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    site_id: Mapped[int] = mapped_column(ForeignKey("site.id", ondelete="RESTRICT"))
    parcel_type_id: Mapped[int] = mapped_column(ForeignKey("parcel_type.id", ondelete="RESTRICT"))
    kind: Mapped[MovementKind] = mapped_column(enum_column(MovementKind, "movement_kind"))
    quantity: Mapped[int]
    day: Mapped[date]
    # receipts: donation (donor's name) or purchase; the delivery note's number
    source: Mapped[SourceKind | None] = mapped_column(enum_column(SourceKind, "source_kind"))
    donor_name: Mapped[str | None] = mapped_column(String(160))
    document_number: Mapped[str | None] = mapped_column(String(60))
    # adjustments
    reason: Mapped[AdjustmentReason | None] = mapped_column(
        enum_column(AdjustmentReason, "adjustment_reason")
    )
    # transfers: the site at the other end
    other_site_id: Mapped[int | None] = mapped_column(ForeignKey("site.id", ondelete="RESTRICT"))
    distribution_id: Mapped[int | None] = mapped_column(
        ForeignKey("parcel_distribution.id", ondelete="RESTRICT"), index=True
    )
    note: Mapped[str | None] = mapped_column(Text)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    parcel_type: Mapped[ParcelType] = relationship()
    other_site: Mapped[Site | None] = relationship(foreign_keys=[other_site_id])


class Campaign(db.Model):
    """A planned hand-out (Easter, Christmas, winter) of one parcel type at a site."""

    __tablename__ = "parcel_campaign"
    __table_args__ = (CheckConstraint("quantity > 0", name="quantity"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    site_id: Mapped[int] = mapped_column(ForeignKey("site.id", ondelete="RESTRICT"), index=True)
    parcel_type_id: Mapped[int] = mapped_column(ForeignKey("parcel_type.id", ondelete="RESTRICT"))
    name: Mapped[str] = mapped_column(String(120))
    day: Mapped[date]
    quantity: Mapped[int] = mapped_column(default=1)  # parcels per person
    # who qualified: the site's active people, narrowed by one category and/or one service
    category: Mapped[str | None] = mapped_column(String(40))
    service: Mapped[str | None] = mapped_column(String(20))
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    site: Mapped[Site] = relationship()
    parcel_type: Mapped[ParcelType] = relationship()
    entries: Mapped[list["CampaignEntry"]] = relationship(
        back_populates="campaign", cascade="all, delete-orphan", order_by="CampaignEntry.position"
    )


class CampaignEntry(db.Model):
    """One person on a campaign's list; ticked off when the parcel is handed over."""

    __tablename__ = "parcel_campaign_entry"
    __table_args__ = (UniqueConstraint("campaign_id", "beneficiary_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    campaign_id: Mapped[int] = mapped_column(
        ForeignKey("parcel_campaign.id", ondelete="CASCADE"), index=True
    )
    beneficiary_id: Mapped[int] = mapped_column(ForeignKey("beneficiary.id", ondelete="RESTRICT"))
    position: Mapped[int] = mapped_column(default=0)
    distribution_id: Mapped[int | None] = mapped_column(
        ForeignKey("parcel_distribution.id", ondelete="RESTRICT"), unique=True
    )

    campaign: Mapped[Campaign] = relationship(back_populates="entries")
    beneficiary: Mapped[Beneficiary] = relationship()
    distribution: Mapped[Distribution | None] = relationship()
