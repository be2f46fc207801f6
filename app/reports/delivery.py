"""The delivery report of a period: per route, what was delivered, what not and why,
and the concerns drivers raised. Aggregated in SQL over the frozen daily lists."""

from dataclasses import dataclass, field

from sqlalchemy import String, case, func, select, type_coerce

from app.delivery.models import DeliveryList, DeliveryStop, FailureReason, Outcome
from app.extensions import db
from app.places.models import District, Locality, Site, by_name
from app.reports.summary import SummaryFilters, site_scope

FAILURE_REASONS = tuple(FailureReason)


@dataclass
class RouteLine:
    level: str  # "route", "site" (subtotal) or "total"
    district: str
    site: str
    route: str
    lists: int = 0
    stops: int = 0
    portions: int = 0
    delivered: int = 0
    failed: dict[str, int] = field(default_factory=lambda: {r.value: 0 for r in FAILURE_REASONS})
    unmarked: int = 0
    concerns: int = 0

    @property
    def failed_total(self) -> int:
        return sum(self.failed.values())

    def add(self, other: "RouteLine") -> None:
        for name in ("lists", "stops", "portions", "delivered", "unmarked", "concerns"):
            setattr(self, name, getattr(self, name) + getattr(other, name))
        for reason, n in other.failed.items():
            self.failed[reason] += n


@dataclass
class DeliveryReport:
    filters: SummaryFilters
    lines: list[RouteLine]


def delivery_report(filters: SummaryFilters, *, visible: set[int] | None) -> DeliveryReport:
    """Per route of the sites in scope; check the filters first with resolve_filters."""
    scope = site_scope(filters, visible)
    reason = func.coalesce(
        type_coerce(DeliveryStop.failure_reason, String), FailureReason.OTHER.value
    )
    failed = DeliveryStop.outcome == Outcome.NOT_DELIVERED
    keys = (District.name, Site.name, DeliveryList.site_id, DeliveryList.route_name)
    order = by_name(District, Site)
    rows = db.session.execute(
        select(
            *keys,
            func.count(DeliveryList.id.distinct()),
            func.count(DeliveryStop.id),
            func.coalesce(func.sum(DeliveryStop.portions), 0),
            func.count(case((DeliveryStop.outcome == Outcome.DELIVERED, 1))),
            *(func.count(case((failed & (reason == r.value), 1))) for r in FAILURE_REASONS),
            func.count(case((DeliveryStop.outcome.is_(None), 1))),
            func.count(case((DeliveryStop.concern.is_(True), 1))),
        )
        .select_from(DeliveryList)
        .outerjoin(DeliveryStop, DeliveryStop.delivery_list_id == DeliveryList.id)
        .join(Site, Site.id == DeliveryList.site_id)
        .join(Locality, Locality.id == Site.locality_id)
        .join(District, District.id == Locality.district_id)
        .where(
            DeliveryList.site_id.in_(scope),
            DeliveryList.day >= filters.start,
            DeliveryList.day <= filters.end,
        )
        .group_by(*keys, DeliveryList.route_name_key, *order)
        .order_by(*order, DeliveryList.route_name_key, DeliveryList.route_name)
    ).all()
    lines: list[RouteLine] = []
    total = RouteLine("total", "", "", "")
    subtotal: RouteLine | None = None
    for district, site, _site_id, route, lists, stops, portions, delivered, *rest in rows:
        by_reason, (unmarked, concerns) = rest[: len(FAILURE_REASONS)], rest[len(FAILURE_REASONS) :]
        line = RouteLine("route", district, site, route, lists, stops, portions, delivered)
        line.failed = {r.value: n for r, n in zip(FAILURE_REASONS, by_reason, strict=True)}
        line.unmarked, line.concerns = unmarked, concerns
        if subtotal is None or (subtotal.district, subtotal.site) != (district, site):
            if subtotal is not None:
                lines.append(subtotal)
            subtotal = RouteLine("site", district, site, "")
        lines.append(line)
        subtotal.add(line)
        total.add(line)
    if subtotal is not None:
        lines.append(subtotal)
    lines.append(total)
    return DeliveryReport(filters, lines)
