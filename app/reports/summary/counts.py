"""The figures that do not come from the marks: enrolments and exits, failed
deliveries, places and parcels, per site or per month, each one GROUP BY query."""

from collections import defaultdict
from datetime import date

from sqlalchemy import String, func, select, type_coerce

from app.beneficiaries.models import Enrolment, EnrolmentStatus
from app.delivery.models import DeliveryList, DeliveryStop, FailureReason, Outcome
from app.extensions import db
from app.places.models import Service, SiteService
from app.reports.summary.served import month_keys

ATTENDED_SERVICES = (Service.LUNCH, Service.DELIVERY, Service.DAY_CARE)


def enrolment_counts(scope, start, end, by_month: bool):
    """New enrolments (people starting) and exits (people leaving) per site or month."""
    results = {}
    for what, column, condition in (
        ("new", Enrolment.start_date, Enrolment.status != EnrolmentStatus.WAITING),
        ("exits", Enrolment.end_date, Enrolment.status == EnrolmentStatus.EXITED),
    ):
        keys = month_keys(column) if by_month else (Enrolment.site_id,)
        rows = db.session.execute(
            select(*keys, func.count(func.distinct(Enrolment.beneficiary_id)))
            .where(
                Enrolment.site_id.in_(scope),
                Enrolment.service.in_(ATTENDED_SERVICES),
                condition,
                column >= start,
                column <= end,
            )
            .group_by(*keys)
        ).all()
        results[what] = {tuple(int(k) for k in row[:-1]): row[-1] for row in rows}
    return results


def failed_deliveries(scope, start, end, by_month: bool):
    reason = func.coalesce(
        type_coerce(DeliveryStop.failure_reason, String), FailureReason.OTHER.value
    )
    keys = month_keys(DeliveryList.day) if by_month else (DeliveryList.site_id,)
    rows = db.session.execute(
        select(*keys, reason, func.count())
        .join(DeliveryList, DeliveryList.id == DeliveryStop.delivery_list_id)
        .where(
            DeliveryList.site_id.in_(scope),
            DeliveryList.day >= start,
            DeliveryList.day <= end,
            DeliveryStop.outcome == Outcome.NOT_DELIVERED,
        )
        .group_by(*keys, reason)
    ).all()
    found: dict[tuple, dict[str, int]] = defaultdict(dict)
    for row in rows:
        found[tuple(int(k) for k in row[:-2])][str(row[-2])] = row[-1]
    return found


def capacities_of(scope) -> dict[int, int]:
    rows = db.session.execute(
        select(SiteService.site_id, func.sum(SiteService.capacity))
        .where(
            SiteService.site_id.in_(scope),
            SiteService.service.in_((Service.LUNCH, Service.DELIVERY)),
            SiteService.capacity.is_not(None),
        )
        .group_by(SiteService.site_id)
    ).all()
    return {site_id: int(total) for site_id, total in rows}


def parcels_handed_out(scope, start: date, end: date) -> dict[int, int]:
    """Parcels handed out per site id in the period, over the sites of `scope`.

    The parcels domain aggregates them (per site, type and month) in SQL; a site with
    none has no key, and the summary shows it as 0.
    """
    from app.parcels.services.report_data import parcels_by_site_type_month

    site_ids = set(db.session.scalars(scope))
    if not site_ids:
        return {}
    handed: dict[int, int] = defaultdict(int)
    for row in parcels_by_site_type_month(start, end, site_ids=site_ids):
        handed[row["site_id"]] += int(row["parcels"] or 0)
    return dict(handed)
