"""Fixtures of the delivery tests: routes holding people on home delivery."""

import pytest

from app.auth.models import Role
from app.delivery import services
from app.extensions import db
from app.places.models import Service


@pytest.fixture
def make_person(make_enrolment, make_beneficiary):
    """A person on home delivery at a site (active enrolment); columns override."""

    def make(site, pauses=(), enrolment=None, **columns):
        person = make_beneficiary(**columns)
        make_enrolment(
            site, beneficiary=person, service=Service.DELIVERY, pauses=pauses, **(enrolment or {})
        )
        return person

    return make


@pytest.fixture
def make_route(app, make_user):
    """A route of a site with a driver of the site and the given people as stops, in order."""

    def make(site, people=(), driver=None, name=None, weekdays="12345"):
        driver = driver or make_user(Role.DRIVER, [site])
        with app.app_context():
            route = services.create_route(
                site.id, name or f"Traseu {driver.id}", driver_id=driver.id, weekdays=weekdays
            )
            for person in people:
                services.add_stop(route.id, person.id)
            db.session.commit()
            _ = route.stops
            return route

    return make


@pytest.fixture
def todays_list(app, make_route):
    """Today's generated list of a new route holding the people (the site opened today)."""
    from sqlalchemy import select

    from app.core import calendar
    from app.core.clock import today
    from app.core.models import SiteDayOverride
    from app.delivery.models import DeliveryList

    def make(site, people, driver=None):
        route = make_route(site, people, driver=driver, weekdays="1234567")
        with app.app_context():
            day = today()
            if not calendar.serves_on(site.id, day):
                db.session.add(
                    SiteDayOverride(site_id=site.id, day=day, is_open=True, reason="test")
                )
            services.create_lists(day, site_id=site.id)
            db.session.commit()
            delivery_list = db.session.scalar(
                select(DeliveryList).where(DeliveryList.route_id == route.id)
            )
            _ = delivery_list.stops, delivery_list.route
            return delivery_list

    return make
