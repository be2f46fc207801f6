"""Routes: their stops, order, substitute drivers, and the suggested order."""

from dataclasses import dataclass, field
from datetime import date

from flask_babel import gettext as _
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from app.auth.models import Role, User
from app.beneficiaries.models import Enrolment
from app.core import audit
from app.core.clock import today
from app.core.db import savepoint
from app.core.errors import DomainError, InvalidInputError, NotFoundError
from app.delivery.models import Route, RouteStop, RouteSubstitute
from app.delivery.routing import round_trip_km, suggest_order
from app.delivery.services.lookups import (
    _active_enrolment_clause,
    get_route,
    get_stop,
    route_details,
)
from app.extensions import db
from app.places.models import Site

WEEKDAY_DIGITS = "1234567"


ROUTE_FIELDS = ("name", "driver_id", "weekdays", "active")


def _check_driver(site_id: int, driver_id: int | None, field_name: str = "driver_id") -> None:
    if driver_id is None:
        return
    user = db.session.get(User, driver_id)
    if user is None or user.role != Role.DRIVER or not user.active or site_id not in user.site_ids:
        raise InvalidInputError(_("Alegeți un șofer al acestui centru."), field=field_name)


def _normalise_weekdays(weekdays: str) -> str:
    digits = "".join(d for d in WEEKDAY_DIGITS if d in weekdays)
    if not digits or any(ch not in WEEKDAY_DIGITS for ch in weekdays):
        raise InvalidInputError(_("Alegeți cel puțin o zi a săptămânii."), field="weekdays")
    return digits


def _save_route(route: Route) -> None:
    """Flush a new or changed route; a name already used at the site answers 409."""
    with db.session.no_autoflush:
        clash = db.session.scalar(
            select(Route.id).where(
                Route.site_id == route.site_id,
                Route.name == route.name,
                Route.id != (route.id or 0),
            )
        )
    if clash is not None:
        raise DomainError(_("Centrul are deja un traseu cu acest nume."), field="name")
    try:
        with savepoint():
            db.session.add(route)
            db.session.flush()
    except IntegrityError as exc:  # created at the same moment by someone else
        raise DomainError(_("Centrul are deja un traseu cu acest nume."), field="name") from exc


def create_route(
    site_id: int,
    name: str,
    driver_id: int | None = None,
    weekdays: str = "12345",
    active: bool = True,
) -> Route:
    """A new route of a site, without stops."""
    if db.session.get(Site, site_id) is None:
        raise NotFoundError(_("Centrul nu a fost găsit."))
    _check_driver(site_id, driver_id)
    route = Route(
        site_id=site_id,
        name=name.strip(),
        driver_id=driver_id,
        weekdays=_normalise_weekdays(weekdays),
        active=active,
    )
    _save_route(route)
    audit.record("route", route.id, "create", new=route.name, site_id=site_id)
    return route


def update_route(route_id: int, data: dict) -> Route:
    """Change a route's name, driver, weekdays or whether it runs."""
    route = get_route(route_id)
    before = audit.snapshot(route, ROUTE_FIELDS)
    if "driver_id" in data:
        _check_driver(route.site_id, data["driver_id"])
        route.driver_id = data["driver_id"]
    if "weekdays" in data:
        route.weekdays = _normalise_weekdays(data["weekdays"])
    if "name" in data:
        route.name = data["name"].strip()
    if "active" in data:
        route.active = data["active"]
    _save_route(route)
    audit.record_changes(
        "route", route.id, before, audit.snapshot(route, ROUTE_FIELDS), site_id=route.site_id
    )
    return route


def _renumber(route: Route) -> None:
    for position, stop in enumerate(sorted(route.stops, key=lambda s: s.position), start=1):
        stop.position = position


def add_stop(route_id: int, beneficiary_id: int, portions: int = 1) -> RouteStop:
    """Put a person on home delivery at the route's site at the end of the route."""
    route = get_route(route_id)
    active = db.session.scalar(
        select(Enrolment.id).where(_active_enrolment_clause(today(), route.site_id, beneficiary_id))
    )
    if active is None:
        raise DomainError(
            _("Persoana nu are o înscriere activă la livrare la domiciliu în acest centru."),
            field="beneficiary_id",
        )
    taken = db.session.execute(
        select(Route.name, Route.site_id)
        .join(RouteStop)
        .where(RouteStop.beneficiary_id == beneficiary_id)
    ).first()
    if taken is not None:
        if taken.site_id != route.site_id:  # another site's route is not named
            raise DomainError(_("Persoana este deja pe un traseu."), field="beneficiary_id")
        raise DomainError(
            _("Persoana este deja pe traseul „%(name)s”.", name=taken.name), field="beneficiary_id"
        )
    stop = RouteStop(
        route_id=route.id,
        beneficiary_id=beneficiary_id,
        position=max((s.position for s in route.stops), default=0) + 1,
        portions=portions,
    )
    route.stops.append(stop)
    try:
        with savepoint():
            db.session.flush()
    except IntegrityError as exc:  # added to another route at the same moment
        raise DomainError(_("Persoana este deja pe un traseu."), field="beneficiary_id") from exc
    audit.record("route_stop", stop.id, "create", new=beneficiary_id, site_id=route.site_id)
    return stop


def move_stop(route_id: int, stop_id: int, direction: str) -> None:
    """Swap a stop with the one before ('up') or after ('down') it."""
    route = get_route(route_id)
    stop = get_stop(route_id, stop_id)
    _renumber(route)
    ordered = sorted(route.stops, key=lambda s: s.position)
    index = ordered.index(stop)
    other = index - 1 if direction == "up" else index + 1
    if 0 <= other < len(ordered):
        ordered[index].position, ordered[other].position = (
            ordered[other].position,
            ordered[index].position,
        )
    db.session.flush()


def reorder_stops(route_id: int, stop_ids: list[int]) -> Route:
    """Put the route's stops in the given order (every stop exactly once)."""
    route = get_route(route_id)
    by_id = {stop.id: stop for stop in route.stops}
    if sorted(stop_ids) != sorted(by_id):
        raise InvalidInputError(
            _("Ordinea trimisă nu conține exact opririle traseului."), field="stop_ids"
        )
    for position, stop_id in enumerate(stop_ids, start=1):
        by_id[stop_id].position = position
    db.session.flush()
    audit.record("route", route.id, "update", field="order", site_id=route.site_id)
    return route


def transfer_stop(route_id: int, stop_id: int, to_route_id: int) -> RouteStop:
    """Move a stop to the end of another route of the same site."""
    stop = get_stop(route_id, stop_id)
    source = stop.route
    target = get_route(to_route_id)
    if target.site_id != source.site_id:
        raise InvalidInputError(_("Alegeți un traseu al aceluiași centru."), field="to_route_id")
    if target.id == source.id:
        return stop
    stop.position = max((s.position for s in target.stops), default=0) + 1
    stop.route = target  # the backref takes it off the source's stops (not an orphan)
    _renumber(source)
    db.session.flush()
    audit.record(
        "route_stop",
        stop.id,
        "update",
        field="route_id",
        old=source.id,
        new=target.id,
        site_id=source.site_id,
    )
    return stop


def remove_stop(route_id: int, stop_id: int) -> None:
    stop = get_stop(route_id, stop_id)
    route = stop.route
    route.stops.remove(stop)
    _renumber(route)
    db.session.flush()
    audit.record("route_stop", stop_id, "delete", old=stop.beneficiary_id, site_id=route.site_id)


def add_substitute(
    route_id: int, driver_id: int, start_date: date, end_date: date
) -> RouteSubstitute:
    """Another driver of the site takes the route from a date to a date."""
    route = get_route(route_id)
    if end_date < start_date:
        raise InvalidInputError(
            _("Data de sfârșit este înaintea datei de început."), field="end_date"
        )
    _check_driver(route.site_id, driver_id)
    substitute = RouteSubstitute(driver_id=driver_id, start_date=start_date, end_date=end_date)
    route.substitutes.append(substitute)
    db.session.flush()
    audit.record(
        "route_substitute",
        substitute.id,
        "create",
        new=f"{driver_id} {start_date}..{end_date}",
        site_id=route.site_id,
    )
    return substitute


def remove_substitute(route_id: int, substitute_id: int) -> None:
    route = get_route(route_id)
    substitute = db.session.get(RouteSubstitute, substitute_id)
    if substitute is None or substitute.route_id != route.id:
        raise NotFoundError(_("Înlocuirea nu a fost găsită."))
    route.substitutes.remove(substitute)
    db.session.flush()
    audit.record("route_substitute", substitute_id, "delete", site_id=route.site_id)


@dataclass
class OrderSuggestion:
    route_id: int
    current: list[RouteStop]
    suggested: list[RouteStop]
    before_km: float
    after_km: float
    without_coordinates: list[RouteStop] = field(default_factory=list)

    @property
    def suggested_ids(self) -> list[int]:
        return [stop.id for stop in self.suggested]


def suggest_route_order(route_id: int) -> OrderSuggestion:
    """A shorter round trip from the site through the stops that have coordinates.

    Stops without coordinates keep their relative order at the end. Nothing is saved:
    staff accept the suggestion with reorder_stops, or keep their order.
    """
    route = route_details(route_id)
    site = route.site
    if site.latitude is None or site.longitude is None:
        raise DomainError(_("Centrul nu are coordonate; ordinea nu poate fi calculată."))
    current = sorted(route.stops, key=lambda s: s.position)
    placed = [
        s
        for s in current
        if s.beneficiary.latitude is not None and s.beneficiary.longitude is not None
    ]
    unplaced = [s for s in current if s not in placed]
    depot = (site.latitude, site.longitude)
    points = [(s.beneficiary.latitude, s.beneficiary.longitude) for s in placed]
    order = suggest_order(depot, points) if points else []
    suggested = [placed[i] for i in order]
    return OrderSuggestion(
        route_id=route.id,
        current=current,
        suggested=suggested + unplaced,
        before_km=round_trip_km(depot, points),
        after_km=round_trip_km(depot, [points[i] for i in order]),
        without_coordinates=unplaced,
    )
