"""Daily delivery lists: generated once per route and day, then read by drivers."""

from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date

from flask_babel import gettext as _
from sqlalchemy import exists, func, or_, select
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.orm import selectinload

from app.auth.models import Role, User
from app.beneficiaries.models import Beneficiary, Enrolment
from app.core import calendar
from app.core.clock import today, utcnow
from app.core.errors import NotFoundError
from app.core.text import fold
from app.delivery.models import DeliveryList, DeliveryStop, Route, RouteStop, RouteSubstitute
from app.delivery.services.lookups import _serving_enrolment, driver_for, substitute_driver
from app.extensions import db
from app.places.models import Locality

# Higher domains react when a regeneration takes people off a day's lists (a parcel
# planned to travel with them) without delivery importing them: they add a
# function(day, dropped) here; dropped holds (site_id, beneficiary_id) pairs.
DROP_LISTENERS: list[Callable[[date, list[tuple[int, int]]], None]] = []


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
            "route_name_key": r.name_key,
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
            dropped: list[tuple[int, int]] = []
            for route in others:
                if route.id in existing:
                    result.stops += _regenerate_list(
                        existing[route.id],
                        route,
                        drivers[route.id],
                        fresh.get(route.id, []),
                        dropped,
                    )
            result.updated = sorted(existing.values())
            db.session.flush()
            for listener in DROP_LISTENERS:
                listener(day, dropped)
        else:
            result.existing = sorted(existing.values())
    db.session.flush()
    return result


def _regenerate_list(
    list_id: int, route: Route, driver_id: int | None, rows: list[dict], dropped: list
) -> int:
    """Apply route changes to an existing list; outcomes already recorded stay. The people
    taken off the list are added to `dropped` as (site_id, beneficiary_id)."""
    delivery_list = db.session.get(DeliveryList, list_id)
    delivery_list.route_name = route.name
    delivery_list.driver_id = driver_id
    by_person = {stop.beneficiary_id: stop for stop in delivery_list.stops}
    wanted = {row["beneficiary_id"] for row in rows}
    for person_id, stop in list(by_person.items()):
        if person_id not in wanted and stop.outcome is None and not stop.concern:
            delivery_list.stops.remove(stop)
            del by_person[person_id]
            dropped.append((delivery_list.site_id, person_id))
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


def lists_query(
    day: date | None = None, site_ids: set[int] | None = None, site_id: int | None = None
):
    query = select(DeliveryList).order_by(
        DeliveryList.day.desc(), DeliveryList.route_name_key, DeliveryList.id
    )
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
    if day != today():
        return []
    substitute = (
        substitute_driver(DeliveryList.route_id, day).correlate(DeliveryList).scalar_subquery()
    )
    # one query, whatever the number of lists in the country that day (as driver_may_open)
    query = (
        lists_query(day)
        .join(Route, Route.id == DeliveryList.route_id)
        .where(
            or_(
                DeliveryList.driver_id == user_id,
                func.coalesce(substitute, Route.driver_id) == user_id,
            )
        )
        .options(selectinload(DeliveryList.stops))
    )
    return list(db.session.scalars(query))


def driver_may_open(user_id: int, delivery_list: DeliveryList) -> bool:
    if delivery_list.day != today():
        return False
    # the list's own driver needs no look-up of the route and its substitutes
    return user_id == delivery_list.driver_id or user_id == driver_for(
        delivery_list.route, delivery_list.day
    )


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


def count_lists(day: date) -> int:
    return db.session.scalar(
        select(func.count()).select_from(DeliveryList).where(DeliveryList.day == day)
    )
