"""Places of a site's service: taken, free, and who waits for one."""

from datetime import date

from sqlalchemy import func, or_, select
from sqlalchemy.orm import joinedload

from app.beneficiaries.models import Enrolment, EnrolmentStatus
from app.core.clock import today
from app.extensions import db
from app.places.models import Service, Site


def places_taken(site_id: int, service: Service, on: date | None = None) -> int:
    """Active places of a site's service still held on a day (today by default)."""
    day = on or today()
    return db.session.scalar(
        select(func.count(Enrolment.id)).where(
            Enrolment.site_id == site_id,
            Enrolment.service == service,
            Enrolment.status == EnrolmentStatus.ACTIVE,
            or_(Enrolment.end_date.is_(None), Enrolment.end_date >= day),
        )
    )


def free_places(site: Site, service: Service) -> int | None:
    """How many places are free; None when the service has no capacity limit."""
    capacity = site.capacity(service)
    if capacity is None:
        return None
    return max(0, capacity - places_taken(site.id, service))


def first_waiting(site_id: int, service: Service) -> Enrolment | None:
    """The person waiting longest for a place at a site's service."""
    return db.session.scalars(
        select(Enrolment)
        .where(
            Enrolment.site_id == site_id,
            Enrolment.service == service,
            Enrolment.status == EnrolmentStatus.WAITING,
        )
        .order_by(Enrolment.waiting_since, Enrolment.id)
        .options(joinedload(Enrolment.beneficiary))  # the pages name them
        .limit(1)
    ).first()


def offer_for(site: Site, service: Service) -> Enrolment | None:
    """The waiting person to offer a freed place to, when there is a free place."""
    free = free_places(site, service)
    if free is not None and free <= 0:
        return None
    return first_waiting(site.id, service)
