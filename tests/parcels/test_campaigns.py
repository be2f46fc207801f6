"""Campaigns: who qualifies, stock against need (a warning before creating), tick-off."""

from datetime import timedelta

import pytest

from app.beneficiaries.models import Category
from app.extensions import db
from app.parcels import services
from app.places.models import Service


@pytest.fixture
def people(canteen, other_canteen, make_beneficiary, make_enrolment):
    """Three people at the canteen (two elderly, one at delivery), one elsewhere."""
    ana = make_beneficiary(last_name="Arama", categories=[Category.SOLITARY_ELDERLY])
    make_enrolment(canteen, beneficiary=ana, service=Service.LUNCH)
    bob = make_beneficiary(last_name="Botnaru", categories=[Category.SOLITARY_ELDERLY])
    make_enrolment(canteen, beneficiary=bob, service=Service.DELIVERY)
    cici = make_beneficiary(last_name="Cazacu", categories=[Category.UNEMPLOYED])
    make_enrolment(canteen, beneficiary=cici, service=Service.PARCELS)
    gone = make_beneficiary(last_name="Dodon", categories=[Category.SOLITARY_ELDERLY])
    make_enrolment(canteen, beneficiary=gone, status="exited", end_date=canteen_day_before())
    far = make_beneficiary(last_name="Eremia", categories=[Category.SOLITARY_ELDERLY])
    make_enrolment(other_canteen, beneficiary=far)
    return ana, bob, cici


def canteen_day_before():
    from datetime import date

    return date(2026, 10, 1)


def names(plan):
    return [p.last_name for p in plan.people]


def test_who_qualifies_by_category_or_service(ctx, today, canteen, parcel_type, people):
    everyone = services.plan_campaign(canteen.id, parcel_type.id, today)
    assert names(everyone) == ["Arama", "Botnaru", "Cazacu"]  # not the exited, not elsewhere
    elderly = services.plan_campaign(canteen.id, parcel_type.id, today, category="solitary_elderly")
    assert names(elderly) == ["Arama", "Botnaru"]
    delivered = services.plan_campaign(canteen.id, parcel_type.id, today, service="delivery")
    assert names(delivered) == ["Botnaru"]


def test_planning_against_insufficient_stock_warns_before_creating(
    ctx, today, canteen, parcel_type, people, stock
):
    stock(canteen, parcel_type, 4)
    plan = services.plan_campaign(canteen.id, parcel_type.id, today, quantity=2)
    assert (plan.needed, plan.on_hand, plan.shortage) == (6, 4, 2)
    with pytest.raises(services.CampaignShortage) as warned:
        services.create_campaign(canteen.id, parcel_type.id, "Crăciun", today, quantity=2)
    assert (warned.value.needed, warned.value.available) == (6, 4)
    assert warned.value.status_code == 409
    db.session.rollback()
    assert db.session.scalars(services.campaigns_query(canteen.id)).all() == []
    campaign = services.create_campaign(
        canteen.id, parcel_type.id, "Crăciun", today, quantity=2, accept_shortage=True
    )
    assert [e.beneficiary.last_name for e in campaign.entries] == ["Arama", "Botnaru", "Cazacu"]
    assert services.on_hand(canteen.id, parcel_type.id) == 4  # planning takes nothing


def test_people_who_got_one_recently_are_left_out(
    ctx, today, canteen, make_parcel_type, people, stock
):
    monthly = make_parcel_type(min_days_between=30)
    ana = people[0]
    stock(canteen, monthly, 5)
    services.record_distribution(canteen.id, monthly.id, ana.id, today - timedelta(days=5))
    plan = services.plan_campaign(canteen.id, monthly.id, today)
    assert names(plan) == ["Botnaru", "Cazacu"]
    assert [(p.id, last) for p, last in plan.too_soon] == [(ana.id, today - timedelta(days=5))]


def test_ticking_off_hands_out_and_unticking_returns(
    ctx, today, canteen, parcel_type, people, stock
):
    stock(canteen, parcel_type, 1)
    campaign = services.create_campaign(
        canteen.id, parcel_type.id, "Paști", today, accept_shortage=True
    )
    first, second, _third = campaign.entries
    services.tick_entry(campaign.id, first.id, True)
    db.session.commit()
    assert services.on_hand(canteen.id, parcel_type.id) == 0
    assert services.campaign_progress(campaign) == (1, 3)
    with pytest.raises(services.InsufficientStock):
        services.tick_entry(campaign.id, second.id, True)
    db.session.rollback()
    services.tick_entry(campaign.id, first.id, False)
    assert services.on_hand(canteen.id, parcel_type.id) == 1
    assert services.campaign_progress(campaign) == (0, 3)
    services.tick_entry(campaign.id, second.id, True)
    services.tick_entry(campaign.id, second.id, True)  # a double tap changes nothing
    assert services.on_hand(canteen.id, parcel_type.id) == 0


def test_campaign_api_and_other_sites(
    client, login_as, today, canteen, other_canteen, parcel_type, people, stock
):
    stock(canteen, parcel_type, 2)
    login_as("staff", [canteen])
    base = f"/api/v1/sites/{canteen.id}/parcels/campaigns"
    body = {"parcel_type_id": parcel_type.id, "day": today.isoformat()}
    plan = client.post(f"{base}/plan", json=body)
    assert plan.status_code == 200
    assert (plan.json["needed"], plan.json["on_hand"], plan.json["shortage"]) == (3, 2, 1)
    refused = client.post(base, json={**body, "name": "Iarna"})
    assert refused.status_code == 409 and "accept_shortage" in refused.json["errors"]
    created = client.post(base, json={**body, "name": "Iarna", "accept_shortage": True})
    assert created.status_code == 201
    campaign_id, entry_id = created.json["id"], created.json["entries"][0]["id"]
    ticked = client.put(
        f"/api/v1/parcel-campaigns/{campaign_id}/entries/{entry_id}", json={"handed_out": True}
    )
    assert ticked.status_code == 200 and ticked.json["handed_out"] is True
    assert client.get(f"/api/v1/parcel-campaigns/{campaign_id}").json["handed_out"] == 1
    assert client.get(base).json["total"] == 1
    bad = client.post(base, json={**body, "name": "X", "category": "nobody"})
    assert bad.status_code == 422 and set(bad.json["errors"]) == {"name", "category"}

    client.post("/logout")
    login_as("staff", [other_canteen])
    assert client.get(f"/api/v1/parcel-campaigns/{campaign_id}").status_code == 404
    assert client.get(base).status_code == 403


def test_campaign_pages_warn_create_tick_and_print(
    app, client, login_as, today, canteen, parcel_type, people, stock
):
    stock(canteen, parcel_type, 1)
    login_as("staff", [canteen])
    url = f"/sites/{canteen.id}/parcels/campaigns"
    form = {"name": "Crăciun 2026", "parcel_type_id": parcel_type.id, "day": today.isoformat()}
    preview = client.post(url, data={**form, "action": "plan"}).get_data(as_text=True)
    assert "Lipsesc 2 pachete." in preview and "Botnaru" in preview
    refused = client.post(url, data={**form, "action": "create"})
    assert refused.status_code == 409
    assert 'id="err-accept_shortage"' in refused.get_data(as_text=True)
    created = client.post(url, data={**form, "action": "create", "accept_shortage": "true"})
    assert created.status_code == 302
    campaign_page = client.get(created.headers["Location"])
    text = campaign_page.get_data(as_text=True)
    assert "0 din 3" in text
    with app.app_context():
        campaign = db.session.scalars(services.campaigns_query(canteen.id)).one()
        campaign_id, entry_ids = campaign.id, [e.id for e in campaign.entries]
    tick = client.post(
        f"/parcel-campaigns/{campaign_id}/entries/{entry_ids[0]}", data={"handed_out": "true"}
    )
    assert tick.status_code == 302
    again = client.post(
        f"/parcel-campaigns/{campaign_id}/entries/{entry_ids[1]}", data={"handed_out": "true"}
    )
    assert again.status_code == 409 and "Stoc insuficient" in again.get_data(as_text=True)
    printed = client.get(f"/parcel-campaigns/{campaign_id}/print").get_data(as_text=True)
    assert "Semnătura" in printed and "Arama" in printed and "✓" in printed
