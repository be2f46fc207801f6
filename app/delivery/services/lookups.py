"""Reading routes, stops and lists, and who gets a delivered lunch on a day."""

from datetime import date

from flask_babel import gettext as _
from sqlalchemy import ColumnElement, and_, bindparam, exists, or_, select
from sqlalchemy.orm import joinedload, selectinload

from app.auth.models import Role, User
from app.beneficiaries.models import Beneficiary, Enrolment, EnrolmentStatus
from app.core.clock import today
from app.core.db import read_rows
from app.core.errors import NotFoundError
from app.core.naming import by_name
from app.core.text import collation_key
from app.delivery.models import DeliveryList, Route, RouteStop, RouteSubstitute
from app.extensions import db
from app.places.models import Service


def get_route(route_id: int) -> Route:
    route = db.session.get(Route, route_id)
    if route is None:
        raise NotFoundError(_("Traseul nu a fost găsit."))
    return route


def route_details(route_id: int) -> Route:
    """The route with its site, its stops and their people, its substitutes and their
    drivers, read at once (the route's page and its suggested order show them)."""
    route = db.session.scalars(
        select(Route)
        .where(Route.id == route_id)
        .options(
            joinedload(Route.site),
            selectinload(Route.stops).joinedload(RouteStop.beneficiary),
            selectinload(Route.substitutes).joinedload(RouteSubstitute.driver),
        )
    ).first()
    if route is None:
        raise NotFoundError(_("Traseul nu a fost găsit."))
    return route


def get_stop(route_id: int, stop_id: int) -> RouteStop:
    stop = db.session.get(RouteStop, stop_id)
    if stop is None or stop.route_id != route_id:
        raise NotFoundError(_("Oprirea nu a fost găsită."))
    return stop


def get_list(list_id: int) -> DeliveryList:
    found = db.session.get(DeliveryList, list_id)
    if found is None:
        raise NotFoundError(_("Lista de livrare nu a fost găsită."))
    return found


def routes_query(site_id: int):
    """The site's routes by name, as a statement (the API pages through it)."""
    return select(Route).where(Route.site_id == site_id).order_by(*by_name(Route))


def routes_of_site(site_id: int) -> list[Route]:
    """The site's routes by name, with their driver and stops (the routes page shows them)."""
    query = routes_query(site_id).options(joinedload(Route.driver), selectinload(Route.stops))
    return list(db.session.scalars(query))


def site_drivers(site_id: int) -> list[User]:
    """Active users with the driver role who work at the site, by name."""
    drivers = [
        user
        for user in db.session.scalars(
            select(User)
            .where(User.role == Role.DRIVER, User.active.is_(True))
            .options(selectinload(User.sites))  # their sites in one more statement, not one each
        )
        if site_id in user.site_ids
    ]
    return sorted(drivers, key=lambda user: (collation_key(user.full_name), user.id))


def _serving_enrolment(day: date, site_id_col, beneficiary_col):
    """SQL condition: the person has a home-delivery enrolment at the site serving that day."""
    return and_(
        Enrolment.beneficiary_id == beneficiary_col,
        Enrolment.site_id == site_id_col,
        Enrolment.service == Service.DELIVERY,
        Enrolment.serves_on(day),
    )


def stop_portions(beneficiary_id) -> ColumnElement[int]:
    """SQL: the portions on the person's route stop (NULL when on no route)."""
    return (
        select(RouteStop.portions)
        .where(RouteStop.beneficiary_id == beneficiary_id)
        .scalar_subquery()
    )


def _active_enrolment_clause(day: date, site_id_col, beneficiary_col):
    """SQL condition: an active home-delivery enrolment at the site, not ended by `day`."""
    return and_(
        Enrolment.beneficiary_id == beneficiary_col,
        Enrolment.site_id == site_id_col,
        Enrolment.service == Service.DELIVERY,
        Enrolment.status == EnrolmentStatus.ACTIVE,
        or_(Enrolment.end_date.is_(None), Enrolment.end_date >= day),
    )


def _delivered_people(site_id: int, day: date | None, *conditions) -> list[Beneficiary]:
    """People with an active home-delivery enrolment at the site on the day (today by
    default) who also meet `conditions`, by name."""
    enrolled = select(Enrolment.id).where(
        _active_enrolment_clause(day or today(), site_id, Beneficiary.id)
    )
    return list(
        db.session.scalars(
            select(Beneficiary)
            .where(exists(enrolled), *conditions)
            .order_by(Beneficiary.last_name_key, Beneficiary.first_name_key, Beneficiary.id)
        )
    )


def delivery_people(site_id: int, day: date | None = None) -> list[Beneficiary]:
    """People with an active home-delivery enrolment at the site (a stop may be added)."""
    return _delivered_people(site_id, day)


def unrouted_people(site_id: int, day: date | None = None) -> list[Beneficiary]:
    """People on home delivery at the site who are on no route: nobody brings them lunch."""
    routed = select(RouteStop.id).where(RouteStop.beneficiary_id == Beneficiary.id)
    return _delivered_people(site_id, day, ~exists(routed))


# built once with bound parameters: a driver's tap asks it
_SERVING_ENROLMENT = (
    select(Enrolment.id)
    .where(_serving_enrolment(bindparam("day"), bindparam("site_id"), bindparam("person")))
    .order_by(Enrolment.start_date.desc())
    .limit(1)
)


def serving_enrolment_id(site_id: int, beneficiary_id: int, day: date) -> int | None:
    """The home-delivery enrolment serving the person at the site that day, if any."""
    params = {"day": day, "site_id": site_id, "person": beneficiary_id}
    return read_rows(_SERVING_ENROLMENT, params).scalar()


def substitute_driver(route_id, day: date):
    """SQL: the substitute driving the route (an id or a route id column) that day."""
    return (
        select(RouteSubstitute.driver_id)
        .where(
            RouteSubstitute.route_id == route_id,
            RouteSubstitute.start_date <= day,
            RouteSubstitute.end_date >= day,
        )
        .order_by(RouteSubstitute.start_date.desc(), RouteSubstitute.id.desc())
        .limit(1)
    )


def driver_for(route: Route, day: date) -> int | None:
    """The substitute driving the route that day, else the route's own driver."""
    substitute = db.session.scalar(substitute_driver(route.id, day))
    return substitute if substitute is not None else route.driver_id
