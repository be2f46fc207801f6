"""The ledger and the balance: receipts, distributions, transfers, adjustments, never below 0."""

from datetime import timedelta

import pytest

from app.core.errors import InvalidInputError
from app.core.models import AuditEntry
from app.extensions import db
from app.parcels import services
from app.parcels.models import AdjustmentReason, MovementKind, SourceKind


def test_receipt_then_distribution_updates_stock(
    ctx, today, canteen, parcel_type, person_at, stock
):
    person = person_at(canteen)
    stock(canteen, parcel_type, 10)
    assert services.on_hand(canteen.id, parcel_type.id) == 10

    services.record_distribution(canteen.id, parcel_type.id, person.id, today, 2)

    assert services.on_hand(canteen.id, parcel_type.id) == 8
    assert services.ledger_total(canteen.id, parcel_type.id) == 8
    kinds = [m.kind for m in db.session.scalars(services.movements_query(canteen.id))]
    assert sorted(kinds) == [MovementKind.DISTRIBUTION, MovementKind.RECEIPT]


def test_distribution_above_stock_is_refused_with_the_quantity_available(
    ctx, today, canteen, parcel_type, person_at, stock
):
    person = person_at(canteen)
    stock(canteen, parcel_type, 3)
    with pytest.raises(services.InsufficientStock) as refused:
        services.record_distribution(canteen.id, parcel_type.id, person.id, today, 4)
    assert refused.value.available == 3
    assert refused.value.status_code == 409
    assert "3" in refused.value.message
    db.session.rollback()
    assert services.on_hand(canteen.id, parcel_type.id) == 3


def test_no_stock_row_yet_means_zero_available(ctx, today, canteen, parcel_type, person_at):
    person = person_at(canteen)
    with pytest.raises(services.InsufficientStock) as refused:
        services.record_distribution(canteen.id, parcel_type.id, person.id, today)
    assert refused.value.available == 0


def test_the_check_constraint_stands_behind_the_service(ctx, canteen, parcel_type, stock):
    """Even a direct UPDATE cannot take the balance below zero."""
    from sqlalchemy import update
    from sqlalchemy.exc import IntegrityError

    from app.parcels.models import StockBalance

    stock(canteen, parcel_type, 1)
    with pytest.raises(IntegrityError), db.session.begin_nested():
        db.session.execute(
            update(StockBalance.__table__).values(on_hand=StockBalance.__table__.c.on_hand - 2)
        )


def test_transfer_moves_stock_and_refuses_above_what_is_there(
    ctx, today, canteen, other_canteen, parcel_type, stock
):
    stock(canteen, parcel_type, 5)
    out, into = services.record_transfer(canteen.id, other_canteen.id, parcel_type.id, 3, today)
    assert (out.quantity, into.quantity) == (-3, 3)
    assert services.on_hand(canteen.id, parcel_type.id) == 2
    assert services.on_hand(other_canteen.id, parcel_type.id) == 3
    with pytest.raises(services.InsufficientStock) as refused:
        services.record_transfer(canteen.id, other_canteen.id, parcel_type.id, 3, today)
    assert refused.value.available == 2


def test_adjustments_need_a_reason_and_damage_only_lowers(ctx, today, canteen, parcel_type, stock):
    stock(canteen, parcel_type, 5)
    services.record_adjustment(canteen.id, parcel_type.id, -2, today, AdjustmentReason.DAMAGED)
    services.record_adjustment(
        canteen.id, parcel_type.id, 1, today, AdjustmentReason.COUNT_CORRECTION, note="recount"
    )
    assert services.on_hand(canteen.id, parcel_type.id) == 4
    with pytest.raises(InvalidInputError):
        services.record_adjustment(canteen.id, parcel_type.id, 2, today, AdjustmentReason.EXPIRED)
    with pytest.raises(services.InsufficientStock):
        services.record_adjustment(canteen.id, parcel_type.id, -5, today, AdjustmentReason.EXPIRED)


def test_receipt_rules(ctx, today, canteen, parcel_type):
    with pytest.raises(InvalidInputError) as no_donor:
        services.record_receipt(canteen.id, parcel_type.id, 5, today, SourceKind.DONATION)
    assert no_donor.value.field == "donor_name"
    with pytest.raises(InvalidInputError) as future:
        services.record_receipt(
            canteen.id, parcel_type.id, 5, today + timedelta(days=1), SourceKind.PURCHASE
        )
    assert future.value.field == "day"
    movement = services.record_receipt(
        canteen.id, parcel_type.id, 5, today, SourceKind.PURCHASE, document_number="F-1"
    )
    assert movement.donor_name is None
    audit = db.session.scalars(
        db.select(AuditEntry).where(
            AuditEntry.entity == "stock_movement", AuditEntry.entity_id == movement.id
        )
    ).one()
    assert (audit.action, audit.field, audit.new_value, audit.site_id) == (
        "create",
        "receipt",
        "5",
        canteen.id,
    )


def test_cancelled_distribution_returns_to_stock(
    ctx, today, canteen, parcel_type, person_at, stock
):
    person = person_at(canteen)
    stock(canteen, parcel_type, 1)
    distribution = services.record_distribution(canteen.id, parcel_type.id, person.id, today)
    assert services.on_hand(canteen.id, parcel_type.id) == 0
    services.cancel_distribution(distribution.id, "greșeală de persoană")
    assert services.on_hand(canteen.id, parcel_type.id) == 1
    assert services.ledger_total(canteen.id, parcel_type.id) == 1


def test_retired_type_receives_no_stock(ctx, today, canteen, make_parcel_type):
    from app.core.errors import DomainError

    retired = make_parcel_type(active=False)
    with pytest.raises(DomainError):
        services.record_receipt(
            canteen.id, retired.id, 5, today, SourceKind.PURCHASE, document_number="F-2"
        )
