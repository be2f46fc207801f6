"""The shelf cannot go below zero on any date: an outgoing movement dated before the
receipt it would draw from is refused, as is one that would empty a later hand-out."""

from datetime import date

import pytest

from app.extensions import db
from app.parcels import services
from app.parcels.models import AdjustmentReason


def test_a_hand_out_dated_before_the_receipt_is_refused(
    ctx, today, canteen, parcel_type, person_at, stock
):
    person = person_at(canteen)
    stock(canteen, parcel_type, 5, day=date(2026, 11, 10))
    with pytest.raises(services.InsufficientStock) as refused:
        services.record_distribution(canteen.id, parcel_type.id, person.id, date(2026, 11, 3))
    assert refused.value.available == 0 and refused.value.field == "quantity"
    assert "03.11.2026" in refused.value.message
    db.session.rollback()
    assert services.on_hand(canteen.id, parcel_type.id) == 5
    assert services.ledger_total(canteen.id, parcel_type.id) == 5
    # on the receipt's day and after, the parcels are there
    services.record_distribution(canteen.id, parcel_type.id, person.id, date(2026, 11, 10))
    assert services.on_hand(canteen.id, parcel_type.id) == 4


def test_an_earlier_movement_cannot_empty_a_later_hand_out(
    ctx, today, canteen, other_canteen, parcel_type, person_at, stock
):
    person = person_at(canteen)
    stock(canteen, parcel_type, 5, day=date(2026, 10, 1))
    stock(canteen, parcel_type, 2, day=date(2026, 11, 12))
    services.record_distribution(canteen.id, parcel_type.id, person.id, date(2026, 10, 20), 5)
    db.session.commit()
    # two on the shelf today, but none between 20 October and 12 November
    assert services.on_hand(canteen.id, parcel_type.id) == 2
    with pytest.raises(services.InsufficientStock) as refused:
        services.record_adjustment(
            canteen.id, parcel_type.id, -1, date(2026, 10, 5), AdjustmentReason.DAMAGED
        )
    assert refused.value.available == 0
    db.session.rollback()
    with pytest.raises(services.InsufficientStock):
        services.record_transfer(canteen.id, other_canteen.id, parcel_type.id, 1, date(2026, 11, 1))
    db.session.rollback()
    assert services.on_hand(canteen.id, parcel_type.id) == 2
    # dated after the second receipt, the same transfer goes through
    services.record_transfer(canteen.id, other_canteen.id, parcel_type.id, 2, date(2026, 11, 12))
    assert services.on_hand(canteen.id, parcel_type.id) == 0


def test_the_api_answers_409_with_what_the_date_allows(
    client, login_as, today, canteen, parcel_type, person_at, stock
):
    person = person_at(canteen)
    stock(canteen, parcel_type, 3, day=date(2026, 11, 10))
    login_as("manager")
    answer = client.post(
        f"/api/v1/sites/{canteen.id}/parcels/distributions",
        json={"parcel_type_id": parcel_type.id, "beneficiary_id": person.id,
              "day": "2026-11-02", "quantity": 1},
    )  # fmt: skip
    assert answer.status_code == 409, answer.json
    assert answer.json["available"] == 0 and "quantity" in answer.json["errors"]
