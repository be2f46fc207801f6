"""Home delivery: routes and their stops, the frozen daily lists, and the drivers' outcomes.

Services flush and never commit; the request, CLI command or scheduler job commits once.
"""

import logging
import os
import smtplib
import time
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from email.message import EmailMessage
from pathlib import Path

from flask import current_app
from flask_babel import gettext as _
from sqlalchemy import and_, exists, func, or_, select, update
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.exc import IntegrityError

from app.attendance.models import Mark, MarkSource, Meal
from app.attendance.services import upsert_mark
from app.auth.models import Role, User
from app.beneficiaries.models import Beneficiary, Enrolment, EnrolmentPause, EnrolmentStatus
from app.core import audit, calendar, faults
from app.core.clock import today, utcnow
from app.core.db import savepoint
from app.core.errors import DomainError, InvalidInputError, NotFoundError
from app.core.files import export_temp
from app.core.text import fold
from app.delivery.models import (
    DeliveryList,
    DeliveryStop,
    FailureReason,
    Outcome,
    Route,
    RouteStop,
    RouteSubstitute,
)
from app.delivery.routing import round_trip_km, suggest_order
from app.extensions import db
from app.places.models import Locality, Service, Site

log = logging.getLogger(__name__)

WEEKDAY_DIGITS = "1234567"


# --------------------------------------------------------------------------- lookups


def get_route(route_id: int) -> Route:
    route = db.session.get(Route, route_id)
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


def routes_of_site(site_id: int) -> list[Route]:
    return list(
        db.session.scalars(select(Route).where(Route.site_id == site_id).order_by(Route.name))
    )


def site_drivers(site_id: int) -> list[User]:
    """Active users with the driver role who work at the site."""
    return [
        user
        for user in db.session.scalars(
            select(User)
            .where(User.role == Role.DRIVER, User.active.is_(True))
            .order_by(User.full_name)
        )
        if site_id in user.site_ids
    ]


def _serving_enrolment(day: date, site_id_col, beneficiary_col):
    """SQL condition: the person has a home-delivery enrolment at the site serving that day."""
    paused = (
        select(EnrolmentPause.id)
        .where(
            EnrolmentPause.enrolment_id == Enrolment.id,
            EnrolmentPause.start_date <= day,
            EnrolmentPause.end_date >= day,
        )
        .correlate(Enrolment)
    )
    return and_(
        Enrolment.beneficiary_id == beneficiary_col,
        Enrolment.site_id == site_id_col,
        Enrolment.service == Service.DELIVERY,
        Enrolment.status != EnrolmentStatus.WAITING,
        Enrolment.start_date <= day,
        or_(Enrolment.end_date.is_(None), Enrolment.end_date >= day),
        ~exists(paused),
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


def delivery_people(site_id: int, day: date | None = None) -> list[Beneficiary]:
    """People with an active home-delivery enrolment at the site (a stop may be added)."""
    day = day or today()
    return list(
        db.session.scalars(
            select(Beneficiary)
            .where(
                exists(
                    select(Enrolment.id).where(
                        _active_enrolment_clause(day, site_id, Beneficiary.id)
                    )
                )
            )
            .order_by(Beneficiary.last_name, Beneficiary.first_name)
        )
    )


def unrouted_people(site_id: int, day: date | None = None) -> list[Beneficiary]:
    """People on home delivery at the site who are on no route: nobody brings them lunch."""
    routed = select(RouteStop.id).where(RouteStop.beneficiary_id == Beneficiary.id)
    day = day or today()
    return list(
        db.session.scalars(
            select(Beneficiary)
            .where(
                exists(
                    select(Enrolment.id).where(
                        _active_enrolment_clause(day, site_id, Beneficiary.id)
                    )
                ),
                ~exists(routed),
            )
            .order_by(Beneficiary.last_name, Beneficiary.first_name)
        )
    )


def serving_enrolment_id(site_id: int, beneficiary_id: int, day: date) -> int | None:
    return db.session.scalar(
        select(Enrolment.id)
        .where(_serving_enrolment(day, site_id, beneficiary_id))
        .order_by(Enrolment.start_date.desc())
        .limit(1)
    )


def driver_for(route: Route, day: date) -> int | None:
    """The substitute driving the route that day, else the route's own driver."""
    substitute = db.session.scalar(
        select(RouteSubstitute.driver_id)
        .where(
            RouteSubstitute.route_id == route.id,
            RouteSubstitute.start_date <= day,
            RouteSubstitute.end_date >= day,
        )
        .order_by(RouteSubstitute.start_date.desc(), RouteSubstitute.id.desc())
        .limit(1)
    )
    return substitute if substitute is not None else route.driver_id


# --------------------------------------------------------------------------- routes

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


# --------------------------------------------------------------------------- order suggestion


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
    route = get_route(route_id)
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


# --------------------------------------------------------------------------- daily lists


def _insert():
    return pg_insert if db.session.get_bind().dialect.name == "postgresql" else sqlite_insert


@dataclass
class GenerationResult:
    day: date
    created: list[int] = field(default_factory=list)  # list ids inserted by this call
    existing: list[int] = field(default_factory=list)
    updated: list[int] = field(default_factory=list)  # regenerated
    stops: int = 0
    closed_sites: list[int] = field(default_factory=list)

    def summary(self) -> str:
        text = (
            f"{len(self.created)} created, {len(self.existing)} already there, "
            f"{len(self.updated)} regenerated, {self.stops} stops"
        )
        if self.closed_sites:
            text += f", {len(self.closed_sites)} site(s) not serving"
        return text


def _stop_rows(day: date, route_ids: list[int]) -> dict[int, list[dict]]:
    """The frozen stop data of each route for the day: people served that day, in order."""
    rows: dict[int, list[dict]] = defaultdict(list)
    for chunk_start in range(0, len(route_ids), 500):
        chunk = route_ids[chunk_start : chunk_start + 500]
        result = db.session.execute(
            select(
                RouteStop.route_id,
                RouteStop.beneficiary_id,
                RouteStop.portions,
                Beneficiary.first_name,
                Beneficiary.last_name,
                Beneficiary.address,
                Beneficiary.phone,
                Beneficiary.contact_name,
                Beneficiary.contact_phone,
                Beneficiary.diet_notes,
                Beneficiary.access_notes,
                Beneficiary.latitude,
                Beneficiary.longitude,
                Locality.name.label("locality"),
            )
            .join(Beneficiary, Beneficiary.id == RouteStop.beneficiary_id)
            .outerjoin(Locality, Locality.id == Beneficiary.locality_id)
            .join(Route, Route.id == RouteStop.route_id)
            .where(
                RouteStop.route_id.in_(chunk),
                exists(
                    select(Enrolment.id).where(
                        _serving_enrolment(day, Route.site_id, RouteStop.beneficiary_id)
                    )
                ),
            )
            .order_by(RouteStop.route_id, RouteStop.position, RouteStop.id)
        )
        for row in result:
            rows[row.route_id].append(
                {
                    "beneficiary_id": row.beneficiary_id,
                    "name": f"{row.last_name} {row.first_name}",
                    "address": full_address(row.address, row.locality),
                    "phone": row.phone,
                    "contact": row.contact_name or None,
                    "contact_phone": row.contact_phone or None,
                    "diet_notes": row.diet_notes,
                    "access_notes": row.access_notes,
                    "latitude": row.latitude,
                    "longitude": row.longitude,
                    "portions": row.portions,
                }
            )
    return rows


def full_address(address: str | None, locality: str | None) -> str:
    """The street address with its village or town: 'str. Viilor 57, Ciuciuleni'.

    A driver serving several villages cannot find 'str. Viilor 57' alone; the locality is
    added unless the address already names it.
    """
    address = (address or "").strip()
    if not locality or fold(locality) in fold(address):
        return address[:300]
    return (f"{address}, {locality}" if address else locality)[:300]


def _drivers_on(day: date, routes: list[Route]) -> dict[int, int | None]:
    drivers = {route.id: route.driver_id for route in routes}
    substitutes = db.session.execute(
        select(RouteSubstitute.route_id, RouteSubstitute.driver_id)
        .where(
            RouteSubstitute.route_id.in_(list(drivers)),
            RouteSubstitute.start_date <= day,
            RouteSubstitute.end_date >= day,
        )
        .order_by(RouteSubstitute.start_date, RouteSubstitute.id)
    )
    for route_id, driver_id in substitutes:  # the latest-starting substitute wins
        drivers[route_id] = driver_id
    return drivers


def create_lists(
    day: date,
    site_id: int | None = None,
    generated_by: str = "scheduler",
    regenerate: bool = False,
) -> GenerationResult:
    """Freeze the day's list of every active route running that day at a serving site.

    Exactly once by the database: each list is inserted with ON CONFLICT DO NOTHING on the
    unique (route_id, day), and only the call that inserted a list fills its stops; a
    concurrent or repeated call finds it there and leaves it alone (unless regenerating).
    """
    result = GenerationResult(day=day)
    query = select(Route).where(Route.active.is_(True)).order_by(Route.id)
    if site_id is not None:
        query = query.where(Route.site_id == site_id)
    weekday = str(day.isoweekday())
    routes = [r for r in db.session.scalars(query) if weekday in r.weekdays]
    serving: dict[int, bool] = {}
    for sid in sorted({r.site_id for r in routes}):
        serving[sid] = calendar.serves_on(sid, day)
    result.closed_sites = [sid for sid, serves in serving.items() if not serves]
    routes = [r for r in routes if serving[r.site_id]]
    if not routes:
        return result
    drivers = _drivers_on(day, routes)
    now = utcnow()
    list_rows = [
        {
            "route_id": r.id,
            "site_id": r.site_id,
            "day": day,
            "driver_id": drivers[r.id],
            "route_name": r.name,
            "generated_at": now,
            "generated_by": generated_by,
        }
        for r in routes
    ]
    inserted: dict[int, int] = {}
    for start in range(0, len(list_rows), 500):
        statement = (
            _insert()(DeliveryList)
            .values(list_rows[start : start + 500])
            .on_conflict_do_nothing(index_elements=["route_id", "day"])
            .returning(DeliveryList.id, DeliveryList.route_id)
        )
        for list_id, route_id in db.session.execute(statement):
            inserted[route_id] = list_id
    stops = _stop_rows(day, list(inserted))
    stop_rows = []
    for route_id, list_id in inserted.items():
        for position, row in enumerate(stops.get(route_id, []), start=1):
            stop_rows.append({**row, "delivery_list_id": list_id, "position": position})
    if stop_rows:
        db.session.execute(DeliveryStop.__table__.insert(), stop_rows)
    result.created = sorted(inserted.values())
    result.stops = len(stop_rows)
    others = [r for r in routes if r.id not in inserted]
    if others:
        existing = dict(
            db.session.execute(
                select(DeliveryList.route_id, DeliveryList.id).where(
                    DeliveryList.day == day, DeliveryList.route_id.in_([r.id for r in others])
                )
            ).all()
        )
        if regenerate:
            fresh = _stop_rows(day, list(existing))
            for route in others:
                if route.id in existing:
                    result.stops += _regenerate_list(
                        existing[route.id], route, drivers[route.id], fresh.get(route.id, [])
                    )
            result.updated = sorted(existing.values())
        else:
            result.existing = sorted(existing.values())
    db.session.flush()
    return result


def _regenerate_list(list_id: int, route: Route, driver_id: int | None, rows: list[dict]) -> int:
    """Apply route changes to an existing list; outcomes already recorded stay."""
    delivery_list = db.session.get(DeliveryList, list_id)
    delivery_list.route_name = route.name
    delivery_list.driver_id = driver_id
    by_person = {stop.beneficiary_id: stop for stop in delivery_list.stops}
    wanted = {row["beneficiary_id"] for row in rows}
    for person_id, stop in list(by_person.items()):
        if person_id not in wanted and stop.outcome is None and not stop.concern:
            delivery_list.stops.remove(stop)
            del by_person[person_id]
    ordered = []
    for row in rows:
        stop = by_person.pop(row["beneficiary_id"], None)
        if stop is None:
            stop = DeliveryStop(**row, position=0)
            delivery_list.stops.append(stop)
        elif stop.outcome is None:
            for key, value in row.items():
                setattr(stop, key, value)
        ordered.append(stop)
    # stops kept for their outcome but no longer on the route go last
    ordered.extend(sorted(by_person.values(), key=lambda s: s.position))
    for position, stop in enumerate(ordered, start=1):
        stop.position = -position  # avoid clashes while renumbering
    db.session.flush()
    for position, stop in enumerate(ordered, start=1):
        stop.position = position
    delivery_list.generated_at = utcnow()
    db.session.flush()
    return len(ordered)


def generate_lists(
    day: date,
    site_id: int | None = None,
    generated_by: str = "scheduler",
    regenerate: bool = False,
) -> str:
    """Generate the day's delivery lists; returns a summary for the log.

    Idempotent: running it again (or in several processes at once) adds nothing. The
    workbooks and emails follow in write_day_workbooks and email_drivers, after commit.
    """
    result = create_lists(day, site_id=site_id, generated_by=generated_by, regenerate=regenerate)
    return result.summary()


# --------------------------------------------------------------------------- driver and staff views


def lists_query(
    day: date | None = None, site_ids: set[int] | None = None, site_id: int | None = None
):
    query = select(DeliveryList).order_by(DeliveryList.day.desc(), DeliveryList.route_name)
    if day is not None:
        query = query.where(DeliveryList.day == day)
    if site_ids is not None:
        query = query.where(DeliveryList.site_id.in_(site_ids))
    if site_id is not None:
        query = query.where(DeliveryList.site_id == site_id)
    return query


def driver_lists(user_id: int, day: date | None = None) -> list[DeliveryList]:
    """The lists a driver drives that day: as the list's driver or as that day's substitute."""
    day = day or today()
    lists = db.session.scalars(lists_query(day))
    return [dl for dl in lists if driver_may_open(user_id, dl)]


def driver_may_open(user_id: int, delivery_list: DeliveryList) -> bool:
    if delivery_list.day != today():
        return False
    return user_id in (delivery_list.driver_id, driver_for(delivery_list.route, delivery_list.day))


def list_for(user: User, list_id: int) -> DeliveryList:
    """A list the user may see: drivers their own of today, site people their sites' (404)."""
    delivery_list = db.session.get(DeliveryList, list_id)
    if delivery_list is None:
        raise NotFoundError(_("Lista de livrare nu a fost găsită."))
    if user.role == Role.DRIVER:
        if not driver_may_open(user.id, delivery_list):
            raise NotFoundError(_("Lista de livrare nu a fost găsită."))
    elif user.role == Role.STAFF and delivery_list.site_id not in user.site_ids:
        raise NotFoundError(_("Lista de livrare nu a fost găsită."))
    return delivery_list


def progress(delivery_list: DeliveryList) -> tuple[int, int]:
    """(stops with an outcome, all stops)."""
    done = sum(1 for stop in delivery_list.stops if stop.outcome is not None)
    return done, len(delivery_list.stops)


# Higher domains react to an outcome (parcels carried by the driver) without delivery
# importing them: they add a function(stop, delivery_list, user_id) here.
OUTCOME_LISTENERS: list[Callable[[DeliveryStop, DeliveryList, int | None], None]] = []


def record_outcome(
    list_id: int,
    stop_id: int,
    outcome: Outcome,
    failure_reason: FailureReason | None = None,
    remark: str | None = None,
    user_id: int | None = None,
) -> DeliveryStop:
    """Delivered or not (and why); the attendance record of the day follows."""
    delivery_list = get_list(list_id)
    stop = db.session.get(DeliveryStop, stop_id)
    if stop is None or stop.delivery_list_id != delivery_list.id:
        raise NotFoundError(_("Oprirea nu a fost găsită."))
    if outcome == Outcome.NOT_DELIVERED and failure_reason is None:
        raise InvalidInputError(
            _("Alegeți motivul pentru care nu s-a livrat."), field="failure_reason"
        )
    if outcome == Outcome.DELIVERED:
        failure_reason = None
    before = audit.snapshot(stop, ("outcome", "failure_reason", "remark"))
    stop.outcome = outcome
    stop.failure_reason = failure_reason
    stop.remark = remark or None
    stop.marked_at = utcnow()
    stop.marked_by_id = user_id
    db.session.flush()
    audit.record_changes(
        "delivery_stop",
        stop.id,
        before,
        audit.snapshot(stop, ("outcome", "failure_reason", "remark")),
        site_id=delivery_list.site_id,
        user_id=user_id,
    )
    upsert_mark(
        site_id=delivery_list.site_id,
        beneficiary_id=stop.beneficiary_id,
        day=delivery_list.day,
        meal=Meal.LUNCH,
        mark=Mark.DELIVERED if outcome == Outcome.DELIVERED else Mark.NOT_DELIVERED,
        source=MarkSource.DRIVER,
        enrolment_id=serving_enrolment_id(
            delivery_list.site_id, stop.beneficiary_id, delivery_list.day
        ),
        reason=failure_reason.value if failure_reason is not None else None,
        user_id=user_id,
    )
    for listener in OUTCOME_LISTENERS:
        listener(stop, delivery_list, user_id)
    return stop


def set_concern(
    list_id: int, stop_id: int, concern: bool, note: str | None = None, user_id: int | None = None
) -> DeliveryStop:
    """Flag (or clear) a concern about the person: staff and managers see it.

    What a driver wrote is a concern even when the box was left unticked; a concern
    is cleared by unticking it while its note stays as it was stored (or is emptied).
    """
    delivery_list = get_list(list_id)
    stop = db.session.get(DeliveryStop, stop_id)
    if stop is None or stop.delivery_list_id != delivery_list.id:
        raise NotFoundError(_("Oprirea nu a fost găsită."))
    note = (note or "").strip() or None
    if not concern and note is not None and not (stop.concern and note == stop.concern_note):
        concern = True
    before = audit.snapshot(stop, ("concern", "concern_note"))
    stop.concern = concern
    stop.concern_note = (note or None) if concern else None
    if not concern:  # a withdrawn concern needs no follow-up
        stop.concern_handled_at = stop.concern_handled_by_id = stop.concern_action = None
    db.session.flush()
    audit.record_changes(
        "delivery_stop",
        stop.id,
        before,
        audit.snapshot(stop, ("concern", "concern_note")),
        site_id=delivery_list.site_id,
        user_id=user_id,
    )
    return stop


def concerns(site_ids: set[int] | None, since: date) -> list[tuple[DeliveryStop, DeliveryList]]:
    """Concerns flagged by drivers since a date, newest first."""
    query = (
        select(DeliveryStop, DeliveryList)
        .join(DeliveryList)
        .where(DeliveryStop.concern.is_(True), DeliveryList.day >= since)
        .order_by(DeliveryList.day.desc(), DeliveryStop.name)
    )
    if site_ids is not None:
        query = query.where(DeliveryList.site_id.in_(site_ids))
    return [(row[0], row[1]) for row in db.session.execute(query)]


def concern_stop(stop_id: int) -> tuple[DeliveryStop, DeliveryList]:
    """A stop carrying a driver's concern, with its list (404 otherwise)."""
    stop = db.session.get(DeliveryStop, stop_id)
    if stop is None or not stop.concern:
        raise NotFoundError(_("Oprirea nu a fost găsită."))
    return stop, stop.delivery_list


def handle_concern(stop_id: int, action: str, user_id: int | None = None) -> DeliveryStop:
    """Record that the site followed up a driver's concern: who, when and what was done."""
    stop, delivery_list = concern_stop(stop_id)
    fields = ("concern_action", "concern_handled_by_id")
    before = audit.snapshot(stop, fields)
    stop.concern_action = action
    stop.concern_handled_by_id = user_id
    stop.concern_handled_at = utcnow()
    db.session.flush()
    audit.record_changes(
        "delivery_stop",
        stop.id,
        before,
        audit.snapshot(stop, fields),
        site_id=delivery_list.site_id,
        user_id=user_id,
    )
    return stop


def site_day_summary(site_id: int, day: date) -> dict:
    """What the site page shows: the day's lists with progress, unrouted people, concerns."""
    from datetime import timedelta

    lists = list(db.session.scalars(lists_query(day, site_id=site_id)))
    return {
        "lists": lists,
        "unrouted": unrouted_people(site_id, day),
        "concerns": concerns({site_id}, day - timedelta(days=7)),
        "routes": routes_of_site(site_id),
    }


# --------------------------------------------------------------------------- paper, Excel, email


def list_document(delivery_list: DeliveryList) -> dict:
    """The frozen list as plain values: what the page, the workbook and the email show."""
    site = db.session.get(Site, delivery_list.site_id)
    driver = db.session.get(User, delivery_list.driver_id) if delivery_list.driver_id else None
    return {
        "id": delivery_list.id,
        "site": site.name,
        "route_name": delivery_list.route_name,
        "day": delivery_list.day,
        "driver": driver.full_name if driver else "",
        "driver_email": driver.email if driver else None,
        "stops": [
            {
                "position": stop.position,
                "name": stop.name,
                "address": stop.address,
                "phone": stop.phone or "",
                "contact": " ".join(p for p in (stop.contact, stop.contact_phone) if p),
                "diet_notes": stop.diet_notes or "",
                "access_notes": stop.access_notes or "",
                "coordinates": (
                    f"{stop.latitude:.5f}, {stop.longitude:.5f}"
                    if stop.latitude is not None and stop.longitude is not None
                    else ""
                ),
                "portions": stop.portions,
                "parcel_note": stop.parcel_note or "",
            }
            for stop in delivery_list.stops
        ],
    }


def day_documents(day: date, site_id: int) -> list[dict]:
    return [list_document(dl) for dl in db.session.scalars(lists_query(day, site_id=site_id))]


def workbook_bytes(documents: list[dict]) -> bytes:
    from io import BytesIO

    from exports.delivery_lists import write_delivery_lists

    buffer = BytesIO()
    write_delivery_lists(documents, buffer, headers=export_headers())
    return buffer.getvalue()


def export_headers() -> list[str]:
    return [
        _("Nr."),
        _("Nume"),
        _("Adresă"),
        _("Telefon"),
        _("Persoană de contact"),
        _("Dietă"),
        _("Acces"),
        _("Porții"),
        _("Pachet"),
        _("Coordonate"),
        _("Livrat / motiv"),
    ]


def workbook_path(day: date, site_id: int) -> Path:
    return (
        Path(current_app.config["EXPORTS_DIR"]) / day.isoformat() / f"livrari-centru-{site_id}.xlsx"
    )


def write_day_workbooks(day: date, site_id: int | None = None) -> list[Path]:
    """Write each site's workbook of the day (one sheet per route) under EXPORTS_DIR/day/."""
    query = select(DeliveryList.site_id).where(DeliveryList.day == day).distinct()
    if site_id is not None:
        query = query.where(DeliveryList.site_id == site_id)
    written = []
    for sid in sorted(db.session.scalars(query)):
        target = workbook_path(day, sid)
        target.parent.mkdir(parents=True, exist_ok=True)
        # write then rename: a reader (or a concurrent generator) never sees half a file
        handle, temporary = export_temp(target.parent)
        with os.fdopen(handle, "wb") as out:
            out.write(workbook_bytes(day_documents(day, sid)))
        faults.point("export.temp_written")
        os.replace(temporary, target)
        written.append(target)
    return written


def email_text(document: dict) -> str:
    lines = [
        _(
            "Lista de livrare: %(route)s, %(day)s",
            route=document["route_name"],
            day=document["day"].strftime("%d.%m.%Y"),
        ),
        document["site"],
        "",
    ]
    for stop in document["stops"]:
        lines.append(f"{stop['position']}. {stop['name']} ({stop['portions']})")
        details = [
            stop["address"],
            stop["phone"],
            stop["contact"] and _("contact: %(c)s", c=stop["contact"]),
            stop["diet_notes"] and _("dietă: %(d)s", d=stop["diet_notes"]),
            stop["access_notes"] and _("acces: %(a)s", a=stop["access_notes"]),
        ]
        lines.extend(f"   {d}" for d in details if d)
    return "\n".join(lines) + "\n"


def _send(message: EmailMessage) -> None:
    config = current_app.config
    with smtplib.SMTP(
        config["SMTP_HOST"], config["SMTP_PORT"], timeout=config.get("SMTP_TIMEOUT", 10)
    ) as smtp:
        if config.get("SMTP_STARTTLS"):
            smtp.starttls()
        if config.get("SMTP_USER"):
            smtp.login(config["SMTP_USER"], config["SMTP_PASSWORD"])
        smtp.send_message(message)


def email_drivers(day: date, site_id: int | None = None) -> str:
    """Send each driver with an email address the day's lists not sent yet.

    Only when SMTP_HOST is set. A list is claimed by setting emailed_at where it is still
    empty, so two processes do not both send it; a send that fails after the retries
    gives the claim back and is logged (without personal data). Nothing here raises.
    """
    config = current_app.config
    if not config.get("SMTP_HOST"):
        return "email: off"
    query = (
        select(DeliveryList)
        .join(User, User.id == DeliveryList.driver_id)
        .where(
            DeliveryList.day == day,
            DeliveryList.emailed_at.is_(None),
            User.email.isnot(None),
            User.email != "",
        )
        .order_by(DeliveryList.id)
    )
    if site_id is not None:
        query = query.where(DeliveryList.site_id == site_id)
    tries = max(1, int(config.get("SMTP_RETRIES", 3)))
    backoff = float(config.get("SMTP_BACKOFF_SECONDS", 1.0))
    sent = failed = 0
    for delivery_list in list(db.session.scalars(query)):
        claimed = db.session.execute(
            update(DeliveryList)
            .where(DeliveryList.id == delivery_list.id, DeliveryList.emailed_at.is_(None))
            .values(emailed_at=utcnow())
            .execution_options(synchronize_session=False)
        ).rowcount
        if not claimed:
            continue
        document = list_document(delivery_list)
        message = EmailMessage()
        message["Subject"] = _(
            "Lista de livrare %(route)s, %(day)s",
            route=document["route_name"],
            day=day.strftime("%d.%m.%Y"),
        )
        message["From"] = config["MAIL_FROM"]
        message["To"] = document["driver_email"]
        message.set_content(email_text(document))
        message.add_attachment(
            workbook_bytes([document]),
            maintype="application",
            subtype="vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            filename=f"livrare-{day.isoformat()}-{delivery_list.id}.xlsx",
        )
        for attempt in range(1, tries + 1):
            try:
                _send(message)
            except (OSError, smtplib.SMTPException) as exc:
                log.warning(
                    "delivery list %s: email attempt %s/%s failed (%s)",
                    delivery_list.id,
                    attempt,
                    tries,
                    type(exc).__name__,
                )
                if attempt < tries:
                    time.sleep(backoff * attempt)
            else:
                sent += 1
                break
        else:
            failed += 1
            db.session.execute(
                update(DeliveryList)
                .where(DeliveryList.id == delivery_list.id)
                .values(emailed_at=None)
                .execution_options(synchronize_session=False)
            )
    db.session.expire_all()
    return f"email: {sent} sent, {failed} failed"


def count_lists(day: date) -> int:
    return db.session.scalar(
        select(func.count()).select_from(DeliveryList).where(DeliveryList.day == day)
    )
