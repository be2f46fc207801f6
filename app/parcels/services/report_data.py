"""Read-only figures for the reports: parcels handed out and stock, aggregated in SQL.

Every function returns plain rows (dicts of numbers, dates and names) for the report
pages and the workbook writers; no ORM object leaves this module. `site_ids` None means
every site, otherwise only those sites.
"""

from datetime import date

from sqlalchemy import case, func, select

from app.beneficiaries.models import BeneficiaryCategory
from app.core.naming import by_name
from app.extensions import db
from app.parcels.models import Distribution, DistributionStatus, MovementKind, ParcelType
from app.parcels.models import StockMovement as Move
from app.places.models import Site

# grouped by, with the keys the rows are ordered by (site, then parcel type)
SITE_AND_TYPE = (
    Site.id,
    Site.name,
    Site.name_key,
    ParcelType.id,
    ParcelType.name,
    ParcelType.name_key,
)


def _month(column):
    """'YYYY-MM' of a date column, in SQL on either engine."""
    if db.session.get_bind().dialect.name == "postgresql":
        return func.to_char(column, "YYYY-MM")
    return func.strftime("%Y-%m", column)


def _handed_over(start: date, end: date, site_ids):
    conditions = [
        Distribution.status == DistributionStatus.HANDED_OVER,
        Distribution.day >= start,
        Distribution.day <= end,
    ]
    if site_ids is not None:
        conditions.append(Distribution.site_id.in_(sorted(site_ids)))
    return conditions


def parcels_by_site_type_month(start: date, end: date, site_ids=None) -> list[dict]:
    """Per site, parcel type and month: hand-overs, parcels and distinct people."""
    month = _month(Distribution.day).label("month")
    query = (
        select(
            Site.id.label("site_id"),
            Site.name.label("site_name"),
            ParcelType.id.label("parcel_type_id"),
            ParcelType.name.label("parcel_type_name"),
            month,
            func.count(Distribution.id).label("distributions"),
            func.sum(Distribution.quantity).label("parcels"),
            func.count(func.distinct(Distribution.beneficiary_id)).label("people"),
        )
        .join(Site, Site.id == Distribution.site_id)
        .join(ParcelType, ParcelType.id == Distribution.parcel_type_id)
        .where(*_handed_over(start, end, site_ids))
        .group_by(*SITE_AND_TYPE, month)
        .order_by(*by_name(Site), month, *by_name(ParcelType))
    )
    return [dict(row._mapping) for row in db.session.execute(query)]


def parcels_by_category_month(start: date, end: date, site_ids=None) -> list[dict]:
    """Per site, vulnerability category, parcel type and month: parcels and people.

    A person in two categories counts in both, so the rows of one site and month add
    up to more than its parcels; the totals come from parcels_by_site_type_month.
    """
    month = _month(Distribution.day).label("month")
    query = (
        select(
            Site.id.label("site_id"),
            Site.name.label("site_name"),
            BeneficiaryCategory.category.label("category"),
            ParcelType.id.label("parcel_type_id"),
            ParcelType.name.label("parcel_type_name"),
            month,
            func.sum(Distribution.quantity).label("parcels"),
            func.count(func.distinct(Distribution.beneficiary_id)).label("people"),
        )
        .join(Site, Site.id == Distribution.site_id)
        .join(ParcelType, ParcelType.id == Distribution.parcel_type_id)
        .join(
            BeneficiaryCategory,
            BeneficiaryCategory.beneficiary_id == Distribution.beneficiary_id,
        )
        .where(*_handed_over(start, end, site_ids))
        .group_by(
            Site.id,
            Site.name,
            Site.name_key,
            BeneficiaryCategory.category,
            ParcelType.id,
            ParcelType.name,
            ParcelType.name_key,
            month,
        )
        .order_by(*by_name(Site), month, BeneficiaryCategory.category, *by_name(ParcelType))
    )
    rows = []
    for row in db.session.execute(query):
        values = dict(row._mapping)
        values["category"] = getattr(values["category"], "value", values["category"])
        rows.append(values)
    return rows


def _sites(query, site_ids):
    if site_ids is not None:
        query = query.where(Move.site_id.in_(sorted(site_ids)))
    return query


def stock_on_hand(as_of: date, site_ids=None) -> list[dict]:
    """Parcels on the shelf at the end of a day, per site and type (types ever stocked)."""
    query = (
        select(
            Site.id.label("site_id"),
            Site.name.label("site_name"),
            ParcelType.id.label("parcel_type_id"),
            ParcelType.name.label("parcel_type_name"),
            func.sum(Move.quantity).label("on_hand"),
        )
        .join(Site, Site.id == Move.site_id)
        .join(ParcelType, ParcelType.id == Move.parcel_type_id)
        .where(Move.day <= as_of)
        .group_by(*SITE_AND_TYPE)
        .order_by(*by_name(Site, ParcelType))
    )
    return [dict(row._mapping) for row in db.session.execute(_sites(query, site_ids))]


def stock_movements(start: date, end: date, site_ids=None) -> list[dict]:
    """Per site and type: opening stock, each kind of movement in the period, closing stock.

    Outgoing kinds are given as positive numbers; closing = opening + received +
    transferred_in + returned - distributed - transferred_out + adjusted.
    """

    def total(condition, sign: int = 1):
        return func.coalesce(func.sum(case((condition, sign * Move.quantity), else_=0)), 0)

    in_period = (Move.day >= start) & (Move.day <= end)

    def of_kind(kind: MovementKind):
        return in_period & (Move.kind == kind)

    query = (
        select(
            Site.id.label("site_id"),
            Site.name.label("site_name"),
            ParcelType.id.label("parcel_type_id"),
            ParcelType.name.label("parcel_type_name"),
            total(Move.day < start).label("opening"),
            total(of_kind(MovementKind.RECEIPT)).label("received"),
            total(of_kind(MovementKind.DISTRIBUTION), -1).label("distributed"),
            total(of_kind(MovementKind.RETURN)).label("returned"),
            total(of_kind(MovementKind.TRANSFER_IN)).label("transferred_in"),
            total(of_kind(MovementKind.TRANSFER_OUT), -1).label("transferred_out"),
            total(of_kind(MovementKind.ADJUSTMENT)).label("adjusted"),
            total(Move.day <= end).label("closing"),
        )
        .join(Site, Site.id == Move.site_id)
        .join(ParcelType, ParcelType.id == Move.parcel_type_id)
        .where(Move.day <= end)
        .group_by(*SITE_AND_TYPE)
        .order_by(*by_name(Site, ParcelType))
    )
    return [dict(row._mapping) for row in db.session.execute(_sites(query, site_ids))]
