"""Demo routes: for each site one or two routes driven by the site's demo driver."""

from sqlalchemy import select

from app.auth.models import User
from app.core.clock import today
from app.delivery import services
from app.delivery.routing import suggest_order
from app.extensions import db


def load(sites) -> None:
    """Routes holding each site's active home-delivery people in a short order.

    Works with or without people in the registry (no people: routes with no stops).
    """
    from app.core.text import slug

    for site in sites:
        driver_id = db.session.scalar(
            select(User.id).where(User.username == f"driver.{slug(site.locality.name)}")
        )
        people = services.delivery_people(site.id)
        if site.latitude is not None and site.longitude is not None:
            placed = [p for p in people if p.latitude is not None and p.longitude is not None]
            rest = [p for p in people if p not in placed]
            order = suggest_order(
                (site.latitude, site.longitude), [(p.latitude, p.longitude) for p in placed]
            )
            people = [placed[i] for i in order] + rest
        halves = (
            [people]
            if len(people) <= 8
            else [people[: len(people) // 2], people[len(people) // 2 :]]
        )
        for index, group in enumerate(halves, start=1):
            name = "Traseul 1" if len(halves) == 1 else f"Traseul {index}"
            route = services.create_route(site.id, name, driver_id=driver_id)
            for person in group:
                services.add_stop(route.id, person.id)
    db.session.flush()
    # the drivers find today's lists on first run, before the scheduler's morning job
    services.create_lists(today(), generated_by="demo")
