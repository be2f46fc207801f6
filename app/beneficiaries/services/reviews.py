"""Enrolments whose review is due, and a site's summary of places."""

from dataclasses import dataclass
from datetime import date

from sqlalchemy import func, select
from sqlalchemy.orm import selectinload

from app.beneficiaries.models import Enrolment, EnrolmentStatus
from app.beneficiaries.services.capacity import offer_for, places_taken
from app.core.clock import today
from app.extensions import db
from app.places.models import Service, Site


def review_due(site_ids: set[int] | None, on: date | None = None) -> list[Enrolment]:
    """Enrolments still running whose review date has passed, oldest review first."""
    day = on or today()
    query = (
        select(Enrolment)
        .where(Enrolment.status != EnrolmentStatus.EXITED, Enrolment.review_date < day)
        .options(selectinload(Enrolment.beneficiary), selectinload(Enrolment.site))
        .order_by(Enrolment.review_date, Enrolment.id)
    )
    if site_ids is not None:
        query = query.where(Enrolment.site_id.in_(site_ids))
    return list(db.session.scalars(query))


@dataclass
class ServiceSummary:
    service: Service
    capacity: int | None
    taken: int
    waiting: int
    offered: Enrolment | None


def site_summary(site: Site) -> list[ServiceSummary]:
    """Per service of a site: places, taken, waiting, and whom to offer a free place."""
    rows = []
    for site_service in site.services:
        service = site_service.service
        waiting = db.session.scalar(
            select(func.count(Enrolment.id)).where(
                Enrolment.site_id == site.id,
                Enrolment.service == service,
                Enrolment.status == EnrolmentStatus.WAITING,
            )
        )
        rows.append(
            ServiceSummary(
                service=service,
                capacity=site_service.capacity,
                taken=places_taken(site.id, service),
                waiting=waiting,
                offered=offer_for(site, service) if waiting else None,
            )
        )
    return rows
