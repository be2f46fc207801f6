"""Handing parcels out: the frequency rule, the manager's override, and who may hand out."""

from datetime import timedelta

import pytest

from app.core.errors import NotFoundError, PermissionDeniedError
from app.core.models import AuditEntry
from app.extensions import db
from app.parcels import services


@pytest.fixture
def monthly(make_parcel_type):
    return make_parcel_type(name="Pachet lunar", min_days_between=30)


def test_second_parcel_within_the_period_is_refused_with_the_last_date(
    ctx, today, canteen, monthly, person_at, stock
):
    person = person_at(canteen)
    stock(canteen, monthly, 5)
    first_day = today - timedelta(days=10)
    services.record_distribution(canteen.id, monthly.id, person.id, first_day)
    db.session.commit()
    with pytest.raises(services.TooSoon) as refused:
        services.record_distribution(canteen.id, monthly.id, person.id, today)
    assert refused.value.last == first_day
    assert refused.value.status_code == 409
    assert "06.11.2026" in refused.value.message  # the last one
    assert "06.12.2026" in refused.value.message  # when the next is allowed
    db.session.rollback()
    assert services.on_hand(canteen.id, monthly.id) == 4  # the refused one took nothing


def test_the_period_counts_across_sites_without_naming_the_other(
    ctx, today, canteen, other_canteen, monthly, make_beneficiary, make_enrolment, stock
):
    person = make_beneficiary()
    make_enrolment(canteen, beneficiary=person, service="parcels")
    make_enrolment(other_canteen, beneficiary=person, service="parcels")
    stock(canteen, monthly, 1)
    stock(other_canteen, monthly, 1)
    services.record_distribution(other_canteen.id, monthly.id, person.id, today)
    with pytest.raises(services.TooSoon) as refused:
        services.record_distribution(canteen.id, monthly.id, person.id, today)
    assert other_canteen.name not in refused.value.message


def test_after_the_period_a_new_parcel_is_allowed(ctx, today, canteen, monthly, person_at, stock):
    person = person_at(canteen)
    stock(canteen, monthly, 2)
    services.record_distribution(canteen.id, monthly.id, person.id, today - timedelta(days=30))
    services.record_distribution(canteen.id, monthly.id, person.id, today)
    assert services.on_hand(canteen.id, monthly.id) == 0


def test_a_cancelled_parcel_does_not_count(ctx, today, canteen, monthly, person_at, stock):
    person = person_at(canteen)
    stock(canteen, monthly, 2)
    first = services.record_distribution(canteen.id, monthly.id, person.id, today)
    services.cancel_distribution(first.id, "altă persoană")
    services.record_distribution(canteen.id, monthly.id, person.id, today)


def test_manager_overrides_the_rule_with_a_reason_that_is_stored(
    ctx, today, canteen, monthly, person_at, stock, manager
):
    person = person_at(canteen)
    stock(canteen, monthly, 2)
    services.record_distribution(canteen.id, monthly.id, person.id, today - timedelta(days=3))
    distribution = services.record_distribution(
        canteen.id,
        monthly.id,
        person.id,
        today,
        override_reason="casa a ars, familie fără hrană",
        may_override=True,
        user_id=manager.id,
    )
    assert distribution.override_reason == "casa a ars, familie fără hrană"
    assert distribution.overridden_by_id == manager.id
    audit = db.session.scalars(
        db.select(AuditEntry).where(
            AuditEntry.entity == "parcel_distribution", AuditEntry.entity_id == distribution.id
        )
    ).one()
    assert audit.reason == "casa a ars, familie fără hrană"
    assert audit.user_id == manager.id


def test_staff_cannot_override(ctx, today, canteen, monthly, person_at, stock, staff):
    person = person_at(canteen)
    stock(canteen, monthly, 2)
    services.record_distribution(canteen.id, monthly.id, person.id, today - timedelta(days=3))
    with pytest.raises(PermissionDeniedError):
        services.record_distribution(
            canteen.id, monthly.id, person.id, today, override_reason="vreau", user_id=staff.id
        )


def test_an_override_reason_is_not_stored_when_no_rule_is_broken(
    ctx, today, canteen, monthly, person_at, stock, manager
):
    person = person_at(canteen)
    stock(canteen, monthly, 1)
    distribution = services.record_distribution(
        canteen.id, monthly.id, person.id, today, override_reason="nu e cazul", may_override=True
    )
    assert distribution.override_reason is None


def test_only_the_sites_people_receive_parcels_there(
    ctx, today, canteen, other_canteen, parcel_type, person_at, stock
):
    stranger = person_at(other_canteen)
    stock(canteen, parcel_type, 1)
    with pytest.raises(NotFoundError):
        services.record_distribution(canteen.id, parcel_type.id, stranger.id, today)


def test_site_people_search_finds_by_folded_name(ctx, canteen, other_canteen, person_at):
    mine = person_at(canteen, first_name="Ștefan", last_name="Țurcanu")
    person_at(other_canteen, first_name="Ștefan", last_name="Țurcanu")
    found = services.site_people(canteen.id, "turcanu stefan")
    assert [p.id for p in found] == [mine.id]
