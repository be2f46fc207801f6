"""Fixtures for the fuzz tests: a small world of records the generated requests can reach."""

from dataclasses import dataclass
from datetime import date

import pytest

from app.core import clock
from app.places.models import Service

# the day the explicit requests and page forms name: a Monday staff may still mark
TODAY = date(2026, 11, 16)


@dataclass
class World:
    """Ids of real records, so generated paths reach past the 404 of a missing record."""

    ids: dict[str, list[int]]


@pytest.fixture
def world(app, monkeypatch, make_site, make_beneficiary, make_enrolment, make_user):
    from decimal import Decimal

    from app.delivery import services as delivery
    from app.extensions import db
    from app.parcels import services as parcels
    from app.parcels.models import SourceKind

    monkeypatch.setattr(clock, "today", lambda: TODAY)
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
        lists = delivery.create_lists(TODAY, site_id=site.id)
        db.session.commit()
        list_ids = lists.created
    make_enrolment(site, person, service=Service.PARCELS)
    with app.app_context():
        kind = parcels.create_parcel_type(
            {
                "name": "Pachet fuzz",
                "min_days_between": None,
                "items": [{"name": "Făină", "quantity": Decimal("2"), "unit": "kg"}],
            }
        )
        db.session.flush()
        parcels.record_receipt(
            site.id, kind.id, 20, TODAY, SourceKind.DONATION, donor_name="Banca de Alimente"
        )
        handed = parcels.record_distribution(site.id, kind.id, person.id, TODAY)
        campaign = parcels.create_campaign(site.id, kind.id, "Campanie fuzz", TODAY)
        db.session.commit()
        parcel_ids = {
            "parcel_type_id": [kind.id],
            "distribution_id": [handed.id],
            "campaign_id": [campaign.id],
            "entry_id": [entry.id for entry in campaign.entries],
        }
    ids = {
        "site_id": [site.id, other.id],
        "beneficiary_id": [person.id, delivered.beneficiary_id],
        "enrolment_id": [enrolment.id],
        "route_id": [route_id],
        "stop_id": [stop_id],
        "user_id": [driver.id],
        "list_id": list_ids,
        "district_id": [site.locality.district_id],
        "locality_id": [site.locality_id],
        **parcel_ids,
    }
    return World(ids=ids), site
