"""What the delivery parts of pages show, read before the page renders."""

from datetime import date, time

from flask import current_app
from sqlalchemy import select
from sqlalchemy.orm import joinedload, selectinload

from app.auth.services import sites_seen
from app.core import calendar
from app.core.clock import now_local, today
from app.delivery.models import DeliveryList
from app.delivery.services.lists import driver_lists, progress
from app.delivery.services.lookups import (
    route_details,
    routes_of_site,
    site_drivers,
    unrouted_people,
)
from app.delivery.services.outcomes import concerns, site_day_summary
from app.extensions import db


def site_day_page(site_id: int) -> dict:
    """The site's lists of today with their progress, people on no route, concerns."""
    summary = site_day_summary(site_id, today())
    summary["progress"] = {dl.id: progress(dl) for dl in summary["lists"]}
    return summary


def routes_page(site_id: int) -> dict:
    """A site's routes page: the day's summary and the drivers a new route may get."""
    return {"summary": site_day_page(site_id), "drivers": site_drivers(site_id)}


def route_page(route) -> dict:
    """A route's page: the route with its site, stops (their people) and substitutes (their
    drivers), its possible drivers, the people who could join it, the site's other routes
    (where a stop may move)."""
    route = route_details(route.id)
    routed = {stop.beneficiary_id for stop in route.stops}
    return {
        "route": route,
        "site": route.site,
        "drivers": site_drivers(route.site_id),
        "candidates": [p for p in unrouted_people(route.site_id) if p.id not in routed],
        "other_routes": [r for r in routes_of_site(route.site_id) if r.id != route.id],
    }


def list_page(delivery_list: DeliveryList) -> dict:
    """A delivery list's page: the list with its driver and stops, and its progress."""
    delivery_list = db.session.scalars(
        select(DeliveryList)
        .where(DeliveryList.id == delivery_list.id)
        .options(joinedload(DeliveryList.driver), selectinload(DeliveryList.stops))
    ).one()
    return {"delivery_list": delivery_list, "done_total": progress(delivery_list)}


def concerns_page(site_ids: set[int] | None, since: date) -> dict:
    """The drivers' concerns at the user's sites since a date, with the sites' names."""
    return {
        "rows": concerns(site_ids, since),
        "site_names": {site.id: site.name for site in sites_seen(site_ids)},
        "since": since,
    }


def lists_ready_at(site_ids) -> str | None:
    """The time today's lists are generated while it is still ahead ('07:00'), else None;
    only when one of the driver's sites serves today: no promise on a closed day."""
    at = current_app.config.get("DELIVERY_LIST_TIME", "07:00")
    try:
        hour, minute = (int(part) for part in at.split(":"))
    except ValueError:
        return None
    if now_local().time() >= time(hour, minute):
        return None
    if not any(calendar.serves_on(site_id, today()) for site_id in site_ids):
        return None
    return f"{hour:02d}:{minute:02d}"


def driver_home(user) -> dict:
    """A driver's lists of today with their progress, or when they will be ready."""
    lists = driver_lists(user.id)
    return {
        "driver_lists": [(dl, progress(dl)) for dl in lists],
        "lists_ready_at": None if lists else lists_ready_at(user.site_ids),
    }
