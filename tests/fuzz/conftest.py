"""Fixtures for the fuzz tests: a small world of records the generated requests can reach."""

from dataclasses import dataclass

import pytest

from app.places.models import Service


@dataclass
class World:
    """Ids of real records, so generated paths reach past the 404 of a missing record."""

    ids: dict[str, list[int]]


@pytest.fixture
def world(app, make_site, make_beneficiary, make_enrolment, make_user):
    from app.delivery import services as delivery
    from app.extensions import db

    site = make_site()
    other = make_site()
    person = make_beneficiary()
    enrolment = make_enrolment(site, person)
    delivered = make_enrolment(site, service=Service.DELIVERY)
    driver = make_user("driver", [site])
    with app.app_context():
        route = delivery.create_route(site.id, "Traseu fuzz", driver_id=driver.id)
        db.session.flush()
        stop = delivery.add_stop(route.id, delivered.beneficiary_id)
        db.session.commit()
        route_id, stop_id = route.id, stop.id
    ids = {
        "site_id": [site.id, other.id],
        "beneficiary_id": [person.id, delivered.beneficiary_id],
        "enrolment_id": [enrolment.id],
        "route_id": [route_id],
        "stop_id": [stop_id],
        "user_id": [driver.id],
        "list_id": [],
        "district_id": [site.locality.district_id],
        "locality_id": [site.locality_id],
    }
    return World(ids=ids), site
