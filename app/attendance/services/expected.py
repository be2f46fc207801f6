"""Who is expected at a site on a day, and whether the site serves that day."""

from dataclasses import dataclass
from datetime import date

from flask_babel import gettext as _
from sqlalchemy import case, exists, func, or_, select

from app.attendance.labels import closure_reason_label
from app.attendance.models import Meal
from app.beneficiaries.models import (
    LUNCH_SERVICES,
    Beneficiary,
    Enrolment,
    EnrolmentPause,
    EnrolmentStatus,
)
from app.core import calendar
from app.core.errors import DomainError
from app.delivery.models import RouteStop
from app.extensions import db
from app.places.models import Service


def services_for(meal: Meal) -> tuple[Service, ...]:
    return LUNCH_SERVICES if Meal(meal) == Meal.LUNCH else (Service.DAY_CARE,)


@dataclass(frozen=True)
class ExpectedPerson:
    beneficiary_id: int
    enrolment_id: int
    first_name: str
    last_name: str
    service: Service
    diet_notes: str | None
    portions: int

    @property
    def name(self) -> str:
        return f"{self.last_name} {self.first_name}"

    @property
    def delivered(self) -> bool:
        return self.service == Service.DELIVERY


def due_on(day: date, meal: Meal) -> tuple:
    """The conditions on Enrolment of being due on the day for the meal (any site).

    Enrolment not waiting, started, not ended, and no pause covering the day; for
    lunch both the canteen and home delivery, for day care the day-care service.
    """
    paused = exists().where(
        EnrolmentPause.enrolment_id == Enrolment.id,
        EnrolmentPause.start_date <= day,
        EnrolmentPause.end_date >= day,
    )
    return (
        Enrolment.service.in_(services_for(meal)),
        Enrolment.status != EnrolmentStatus.WAITING,
        Enrolment.start_date <= day,
        or_(Enrolment.end_date.is_(None), Enrolment.end_date >= day),
        ~paused,
    )


def portions_due():
    """Portions of a due enrolment: its route stop's for home delivery, else 1 (the
    query is joined to the route stops by with_route_stops)."""
    return case(
        (Enrolment.service == Service.DELIVERY, func.coalesce(RouteStop.portions, 1)), else_=1
    )


def with_route_stops(query):
    """The query of enrolments joined to each person's route stop, if any."""
    return query.outerjoin(RouteStop, RouteStop.beneficiary_id == Enrolment.beneficiary_id)


def expected_people(site_id: int, day: date, meal: Meal) -> list[ExpectedPerson]:
    """People enrolled at the site for the meal who are due on that day, by name.

    Enrolment not waiting, started, not ended, and no pause covering the day; for
    lunch both the canteen and home delivery, for day care the day-care service.
    Portions come from the person's route stop when they are on a route. Whether the
    site itself serves that day is the calendar's business (see require_service_day).
    """
    query = with_route_stops(
        select(
            Beneficiary.id,
            Enrolment.id,
            Beneficiary.first_name,
            Beneficiary.last_name,
            Enrolment.service,
            Beneficiary.diet_notes,
            portions_due(),
        )
        .join(Beneficiary, Beneficiary.id == Enrolment.beneficiary_id)
        .where(Enrolment.site_id == site_id, *due_on(day, meal))
        .order_by(
            Beneficiary.last_name_key,
            Beneficiary.first_name_key,
            Beneficiary.id,
            Enrolment.start_date.desc(),
        )
    )
    people, seen = [], set()
    for row in db.session.execute(query):
        # one line per person even when a lunch enrolment ends the day a delivery starts
        if row[0] in seen:
            continue
        seen.add(row[0])
        people.append(ExpectedPerson(*row))
    return people


CLOSURE_REASONS = ("no_water", "no_gas", "no_power", "training", "other")


def not_serving_message(status: calendar.DayStatus) -> str | None:
    """Why a site does not serve on a day, in words; None when it serves."""
    if status.serves:
        return None
    if status.override_open is False:
        return _("Centrul este închis: %(reason)s.", reason=closure_reason_label(status.reason))
    if status.holiday:
        return _("Sărbătoare legală: %(name)s.", name=status.holiday)
    return _("Zi de odihnă (sâmbătă sau duminică).")


def require_service_day(site_id: int, day: date) -> calendar.DayStatus:
    status = calendar.day_status(site_id, day)
    message = not_serving_message(status)
    if message is not None:
        raise DomainError(
            _("Centrul nu lucrează pe %(day)s. %(why)s", day=day.strftime("%d.%m.%Y"), why=message)
        )
    return status
