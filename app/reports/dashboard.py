"""The dashboard's figures: today per site, the last service days, who needs a visit."""

from dataclasses import dataclass, field
from datetime import date, timedelta

from sqlalchemy import case, func, select

from app.attendance import services as attendance
from app.attendance.models import AttendanceMark, Mark, Meal
from app.beneficiaries import services as beneficiaries
from app.core import calendar
from app.core.text import collation_key
from app.delivery.models import DeliveryList, DeliveryStop, Outcome
from app.extensions import db
from app.parcels.models import ParcelType
from app.parcels.services.report_data import stock_on_hand
from app.places.models import Site, by_name

CHART_DAYS = 30
DEFAULT_LOW_STOCK = 5


@dataclass
class SiteToday:
    site_id: int
    name: str
    serves: bool
    closed_message: str | None
    expected_canteen: int = 0
    expected_delivered: int = 0
    served_canteen: int = 0
    served_delivered: int = 0
    stops_planned: int = 0
    stops_delivered: int = 0
    stops_failed: int = 0

    @property
    def expected_total(self) -> int:
        return self.expected_canteen + self.expected_delivered

    @property
    def served_total(self) -> int:
        return self.served_canteen + self.served_delivered


@dataclass
class DayMeals:
    day: date
    canteen: int
    delivered: int

    @property
    def total(self) -> int:
        return self.canteen + self.delivered


@dataclass
class LowStock:
    site_id: int
    site_name: str
    parcel_type_name: str
    on_hand: int


@dataclass
class Dashboard:
    day: date
    sites: list[SiteToday]
    history: list[DayMeals]
    absences: list = field(default_factory=list)
    reviews_due: list = field(default_factory=list)
    site_names: dict[int, str] = field(default_factory=dict)
    low_stock: list["LowStock"] = field(default_factory=list)
    low_stock_below: int = DEFAULT_LOW_STOCK

    @property
    def totals(self) -> SiteToday:
        total = SiteToday(0, "", True, None)
        for site in self.sites:
            for name in (
                "expected_canteen",
                "expected_delivered",
                "served_canteen",
                "served_delivered",
                "stops_planned",
                "stops_delivered",
                "stops_failed",
            ):
                setattr(total, name, getattr(total, name) + getattr(site, name))
        return total


def _served_by(keys, site_ids: list[int], start: date, end: date):
    """Lunches at the canteen and delivered, grouped by the keys (site or day)."""
    return db.session.execute(
        select(
            *keys,
            func.count(case((AttendanceMark.mark == Mark.PRESENT, 1))),
            func.count(case((AttendanceMark.mark == Mark.DELIVERED, 1))),
        )
        .where(
            AttendanceMark.site_id.in_(site_ids),
            AttendanceMark.meal == Meal.LUNCH,
            AttendanceMark.day >= start,
            AttendanceMark.day <= end,
            AttendanceMark.mark.in_((Mark.PRESENT, Mark.DELIVERED)),
        )
        .group_by(*keys)
    ).all()


def _stops_by_site(site_ids: list[int], day: date) -> dict[int, tuple[int, int, int]]:
    rows = db.session.execute(
        select(
            DeliveryList.site_id,
            func.count(),
            func.count(case((DeliveryStop.outcome == Outcome.DELIVERED, 1))),
            func.count(case((DeliveryStop.outcome == Outcome.NOT_DELIVERED, 1))),
        )
        .join(DeliveryList, DeliveryList.id == DeliveryStop.delivery_list_id)
        .where(DeliveryList.site_id.in_(site_ids), DeliveryList.day == day)
        .group_by(DeliveryList.site_id)
    ).all()
    return {row[0]: tuple(row[1:]) for row in rows}


def last_service_days(site_ids: list[int], day: date, count: int = CHART_DAYS) -> list[date]:
    """The last `count` days up to `day` on which at least one of the sites served."""
    by_site = calendar.service_days_of_sites(site_ids, day - timedelta(days=count * 3), day)
    days = sorted({d for site_days in by_site.values() for d in site_days})
    return days[-count:]


def low_stock(site_ids: list[int], day: date, below: int) -> list[LowStock]:
    """Parcel types (in use) a site has stocked whose stock on hand is below `below`.

    A type a site never received is not its business, so it is not listed.
    """
    if not site_ids:
        return []
    retired = set(db.session.scalars(select(ParcelType.id).where(ParcelType.active.is_(False))))
    rows = [
        LowStock(row["site_id"], row["site_name"], row["parcel_type_name"], int(row["on_hand"]))
        for row in stock_on_hand(day, set(site_ids))
        if row["parcel_type_id"] not in retired and int(row["on_hand"]) < below
    ]
    return sorted(
        rows,
        key=lambda r: (r.on_hand, collation_key(r.site_name), collation_key(r.parcel_type_name)),
    )


def low_stock_threshold() -> int:
    """CANTINA_LOW_STOCK (default 5): fewer parcels than this is low."""
    from flask import current_app

    value = current_app.config.get("LOW_STOCK", DEFAULT_LOW_STOCK)
    try:
        return int(value)
    except (TypeError, ValueError):
        return DEFAULT_LOW_STOCK


def dashboard(
    visible: set[int] | None, day: date, *, low_stock_below: int | None = None
) -> Dashboard:
    """What the dashboard shows over the sites `visible` (None: every active site)."""
    query = select(Site.id, Site.name).where(Site.active.is_(True)).order_by(*by_name(Site))
    if visible is not None:
        query = query.where(Site.id.in_(sorted(visible) or [-1]))
    sites = db.session.execute(query).all()
    site_ids = [row.id for row in sites]
    below = low_stock_threshold() if low_stock_below is None else low_stock_below
    served = {row[0]: row[1:] for row in _served_by((AttendanceMark.site_id,), site_ids, day, day)}
    stops = _stops_by_site(site_ids, day)
    today_rows = []
    counts = attendance.kitchen_counts(site_ids, day)
    for site_id, name in sites:
        count = counts[site_id]
        row = SiteToday(site_id, name, count.serves, count.closed_message)
        row.expected_canteen, row.expected_delivered = count.at_canteen, count.to_deliver
        row.served_canteen, row.served_delivered = served.get(site_id, (0, 0))
        row.stops_planned, row.stops_delivered, row.stops_failed = stops.get(site_id, (0, 0, 0))
        today_rows.append(row)
    days = last_service_days(site_ids, day)
    history = []
    if days:
        by_day = {
            row[0]: row[1:]
            for row in _served_by((AttendanceMark.day,), site_ids, days[0], days[-1])
        }
        history = [DayMeals(d, *by_day.get(d, (0, 0))) for d in days]
    return Dashboard(
        day=day,
        sites=today_rows,
        history=history,
        absences=attendance.absence_alerts(site_ids, day),
        reviews_due=beneficiaries.review_due(set(site_ids), day),
        site_names=dict(sites),
        low_stock=low_stock(site_ids, day, below),
        low_stock_below=below,
    )
