"""A regenerated delivery list that no longer carries a person settles their planned
parcel: it follows them to another route that day, or goes back on the shelf."""

import pytest
from sqlalchemy import select

from app.core.models import AuditEntry
from app.delivery import services as delivery
from app.delivery.models import DeliveryStop, RouteStop
from app.extensions import db
from app.parcels import services
from app.parcels.models import DistributionStatus
from app.places.models import Service


@pytest.fixture
def planned(ctx, today, canteen, make_beneficiary, make_enrolment, make_user, parcel_type, stock):
    """A person on today's list of route North with a parcel planned to travel with them."""
    driver = make_user("driver", [canteen])
    person = make_beneficiary()
    make_enrolment(canteen, beneficiary=person, service=Service.DELIVERY)
    north = delivery.create_route(canteen.id, "Traseul Nord", driver.id, weekdays="1234567")
    south = delivery.create_route(canteen.id, "Traseul Sud", driver.id, weekdays="1234567")
    route_stop = delivery.add_stop(north.id, person.id)
    delivery.generate_lists(today, site_id=canteen.id)
    stock(canteen, parcel_type, 2)
    parcel = services.put_on_delivery_list(canteen.id, parcel_type.id, person.id, today)
    db.session.commit()
    assert services.on_hand(canteen.id, parcel_type.id) == 1
    return person, north, south, route_stop, parcel


def _stop_of(person_id):
    return db.session.scalar(select(DeliveryStop).where(DeliveryStop.beneficiary_id == person_id))


def test_taken_off_the_route_the_parcel_goes_back_on_the_shelf(
    today, canteen, parcel_type, planned
):
    person, north, _south, route_stop, parcel = planned
    delivery.remove_stop(north.id, route_stop.id)
    delivery.generate_lists(today, site_id=canteen.id, regenerate=True)
    db.session.commit()

    assert _stop_of(person.id) is None
    assert parcel.status == DistributionStatus.CANCELLED
    assert services.on_hand(canteen.id, parcel_type.id) == 2
    assert services.ledger_total(canteen.id, parcel_type.id) == 2
    entry = db.session.scalars(
        select(AuditEntry).where(
            AuditEntry.entity == "parcel_distribution",
            AuditEntry.entity_id == parcel.id,
            AuditEntry.field == "status",
        )
    ).one()
    assert (entry.old_value, entry.new_value) == ("planned", "cancelled")
    # the person may receive the parcel another way now: nothing counts against them
    again = services.record_distribution(canteen.id, parcel_type.id, person.id, today)
    assert again.status == DistributionStatus.HANDED_OVER
    # a second regeneration changes nothing more
    delivery.generate_lists(today, site_id=canteen.id, regenerate=True)
    assert services.on_hand(canteen.id, parcel_type.id) == 1


def test_moved_to_another_route_the_parcel_travels_with_them(today, canteen, parcel_type, planned):
    person, north, south, route_stop, parcel = planned
    delivery.transfer_stop(north.id, route_stop.id, south.id)
    delivery.generate_lists(today, site_id=canteen.id, regenerate=True)
    db.session.commit()

    stop = _stop_of(person.id)
    assert stop.delivery_list.route_id == south.id
    assert stop.parcel_note == f"{parcel_type.name} × 1"
    assert parcel.status == DistributionStatus.PLANNED
    assert services.on_hand(canteen.id, parcel_type.id) == 1
    assert db.session.scalar(select(RouteStop.route_id).where(
        RouteStop.beneficiary_id == person.id)) == south.id  # fmt: skip
