"""Parcels carried by the driver: out of stock when put on the list, settled by the outcome."""

import pytest

from app.core.errors import NotFoundError
from app.delivery import services as delivery
from app.delivery.models import DeliveryStop, FailureReason, Outcome
from app.extensions import db
from app.parcels import services
from app.parcels.models import DistributionStatus
from app.places.models import Service


@pytest.fixture
def on_list(ctx, today, canteen, make_beneficiary, make_enrolment, make_user):
    """A person on today's delivery list of the canteen; returns (person, list id, stop id)."""
    driver = make_user("driver", [canteen])
    person = make_beneficiary()
    make_enrolment(canteen, beneficiary=person, service=Service.DELIVERY)
    route = delivery.create_route(canteen.id, "Traseul Nord", driver.id, weekdays="1234567")
    delivery.add_stop(route.id, person.id)
    delivery.generate_lists(today, site_id=canteen.id)
    stop = db.session.scalars(
        db.select(DeliveryStop).where(DeliveryStop.beneficiary_id == person.id)
    ).one()
    return person, stop.delivery_list_id, stop.id


def test_parcel_on_the_list_leaves_stock_and_is_confirmed_when_delivered(
    today, canteen, parcel_type, stock, on_list
):
    person, list_id, stop_id = on_list
    stock(canteen, parcel_type, 3)
    parcel = services.put_on_delivery_list(canteen.id, parcel_type.id, person.id, today)
    assert parcel.status == DistributionStatus.PLANNED
    assert services.on_hand(canteen.id, parcel_type.id) == 2
    assert db.session.get(DeliveryStop, stop_id).parcel_note == f"{parcel_type.name} × 1"

    delivery.record_outcome(list_id, stop_id, Outcome.DELIVERED)
    assert parcel.status == DistributionStatus.HANDED_OVER
    assert services.on_hand(canteen.id, parcel_type.id) == 2


def test_parcel_not_delivered_returns_to_stock_once(today, canteen, parcel_type, stock, on_list):
    person, list_id, stop_id = on_list
    stock(canteen, parcel_type, 1)
    parcel = services.put_on_delivery_list(canteen.id, parcel_type.id, person.id, today)
    assert services.on_hand(canteen.id, parcel_type.id) == 0

    delivery.record_outcome(list_id, stop_id, Outcome.NOT_DELIVERED, FailureReason.NOT_HOME)
    delivery.record_outcome(list_id, stop_id, Outcome.NOT_DELIVERED, FailureReason.NOT_HOME)
    assert parcel.status == DistributionStatus.RETURNED
    assert services.on_hand(canteen.id, parcel_type.id) == 1
    assert services.ledger_total(canteen.id, parcel_type.id) == 1
    assert db.session.get(DeliveryStop, stop_id).parcel_note is None


def test_a_delivered_parcel_corrected_to_not_delivered_comes_back(
    today, canteen, parcel_type, stock, on_list
):
    person, list_id, stop_id = on_list
    stock(canteen, parcel_type, 1)
    parcel = services.put_on_delivery_list(canteen.id, parcel_type.id, person.id, today)
    delivery.record_outcome(list_id, stop_id, Outcome.DELIVERED)
    delivery.record_outcome(list_id, stop_id, Outcome.NOT_DELIVERED, FailureReason.REFUSED)
    assert parcel.status == DistributionStatus.RETURNED
    assert services.on_hand(canteen.id, parcel_type.id) == 1


def test_a_parcel_on_the_way_counts_for_the_frequency_rule(
    today, canteen, make_parcel_type, stock, on_list
):
    monthly = make_parcel_type(min_days_between=30)
    person, _list_id, _stop_id = on_list
    stock(canteen, monthly, 2)
    services.put_on_delivery_list(canteen.id, monthly.id, person.id, today)
    with pytest.raises(services.TooSoon):
        services.record_distribution(canteen.id, monthly.id, person.id, today)


def test_only_people_on_the_days_list(ctx, today, canteen, parcel_type, person_at, stock):
    person = person_at(canteen)
    stock(canteen, parcel_type, 1)
    with pytest.raises(NotFoundError):
        services.put_on_delivery_list(canteen.id, parcel_type.id, person.id, today)


def test_api_puts_a_parcel_on_the_list_and_the_driver_outcome_settles_it(
    app, client, login_as, today, canteen, parcel_type, stock, on_list
):
    person, list_id, stop_id = on_list
    stock(canteen, parcel_type, 2)
    login_as("staff", [canteen])
    given = client.post(
        f"/api/v1/sites/{canteen.id}/parcels/distributions",
        json={
            "parcel_type_id": parcel_type.id,
            "beneficiary_id": person.id,
            "day": today.isoformat(),
            "method": "delivery",
        },
    )
    assert given.status_code == 201, given.json
    assert (given.json["status"], given.json["method"]) == ("planned", "delivery")
    # staff mark the stop from the returned paper list (the driver's phone does the same)
    detail = client.get(f"/api/v1/delivery-lists/{list_id}").json
    assert detail["stops"][0]["parcel_note"] == f"{parcel_type.name} × 1"
    marked = client.put(
        f"/api/v1/delivery-lists/{list_id}/stops/{stop_id}",
        json={"outcome": "not_delivered", "failure_reason": "in_hospital"},
    )
    assert marked.status_code == 200, marked.json
    with app.app_context():
        assert services.on_hand(canteen.id, parcel_type.id) == 2


def test_hand_out_page_puts_a_parcel_with_the_delivery(
    client, login_as, today, canteen, parcel_type, stock, on_list
):
    person, _list_id, _stop_id = on_list
    stock(canteen, parcel_type, 1)
    login_as("staff", [canteen])
    page = client.get(f"/sites/{canteen.id}/parcels/hand-out?q={person.first_name}")
    assert 'name="method"' in page.get_data(as_text=True)
    given = client.post(
        f"/sites/{canteen.id}/parcels/distributions",
        data={
            "beneficiary_id": person.id,
            "parcel_type_id": parcel_type.id,
            "day": today.isoformat(),
            "method": "delivery",
        },
        follow_redirects=True,
    )
    text = given.get_data(as_text=True)
    assert "pleacă cu livrarea din 16.11.2026" in text
    assert "Pe lista de livrare" in text


def test_cancelling_a_parcel_on_the_list_clears_the_drivers_note(
    today, canteen, parcel_type, stock, on_list
):
    person, _list_id, stop_id = on_list
    stock(canteen, parcel_type, 1)
    parcel = services.put_on_delivery_list(canteen.id, parcel_type.id, person.id, today)
    services.cancel_distribution(parcel.id, "nu mai are nevoie")
    assert parcel.status == DistributionStatus.CANCELLED
    assert db.session.get(DeliveryStop, stop_id).parcel_note is None
    assert services.on_hand(canteen.id, parcel_type.id) == 1
