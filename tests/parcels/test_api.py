"""The parcels API: answers, refusals and who may do what."""

from datetime import timedelta

from app.core.models import AuditEntry
from app.extensions import db

ITEMS = [
    {"name": "Făină", "quantity": "2", "unit": "kg"},
    {"name": "Ulei", "quantity": "1", "unit": "l"},
]


def test_manager_creates_and_retires_a_parcel_type_staff_only_reads(
    app, client, login_as, make_user, canteen
):
    from tests.conftest import login

    login_as("manager")
    created = client.post(
        "/api/v1/parcel-types",
        json={"name": "Pachet de iarnă", "min_days_between": 30, "items": ITEMS},
    )
    assert created.status_code == 201, created.json
    assert created.json["contents"] == "Făină 2 kg, Ulei 1 l"
    type_id = created.json["id"]
    retired = client.patch(f"/api/v1/parcel-types/{type_id}", json={"active": False})
    assert retired.status_code == 200 and retired.json["active"] is False
    with app.app_context():
        changes = db.session.scalars(
            db.select(AuditEntry.field).where(
                AuditEntry.entity == "parcel_type", AuditEntry.entity_id == type_id
            )
        ).all()
    assert None in changes and "active" in changes

    staff = make_user("staff", [canteen])
    client.post("/logout")
    login(client, staff)
    assert client.get("/api/v1/parcel-types").json[0]["name"] == "Pachet de iarnă"
    refused = client.post("/api/v1/parcel-types", json={"name": "X", "items": ITEMS})
    assert refused.status_code == 403


def test_parcel_type_input_is_checked_per_field(client, login_as):
    login_as("manager")
    response = client.post(
        "/api/v1/parcel-types",
        json={"name": "", "items": [{"name": "Făină", "quantity": "-1", "unit": "kg"}]},
    )
    assert response.status_code == 422
    assert set(response.json["errors"]) == {"name", "items"}
    empty = client.post("/api/v1/parcel-types", json={"name": "Gol", "items": []})
    assert empty.status_code == 422 and "items" in empty.json["errors"]


def test_staff_receive_and_hand_out_and_see_the_stock(
    client, login_as, today, canteen, parcel_type, person_at
):
    person = person_at(canteen)
    login_as("staff", [canteen])
    base = f"/api/v1/sites/{canteen.id}/parcels"
    receipt = client.post(
        f"{base}/receipts",
        json={
            "parcel_type_id": parcel_type.id,
            "quantity": 2,
            "day": today.isoformat(),
            "source": "donation",
            "donor_name": "Crucea Roșie",
            "document_number": "AV-17",
        },
    )
    assert receipt.status_code == 201, receipt.json
    given = client.post(
        f"{base}/distributions",
        json={
            "parcel_type_id": parcel_type.id,
            "beneficiary_id": person.id,
            "day": today.isoformat(),
        },
    )
    assert given.status_code == 201, given.json
    rows = {r["parcel_type_id"]: r["on_hand"] for r in client.get(f"{base}/stock").json}
    assert rows[parcel_type.id] == 1
    assert client.get(f"{base}/receipts").json["total"] == 1
    assert client.get(f"{base}/distributions").json["items"][0]["beneficiary_id"] == person.id
    assert client.get(f"{base}/movements").json["total"] == 2

    too_many = client.post(
        f"{base}/distributions",
        json={
            "parcel_type_id": parcel_type.id,
            "beneficiary_id": person.id,
            "day": today.isoformat(),
            "quantity": 5,
        },
    )
    assert too_many.status_code == 409
    assert too_many.json["available"] == 1
    assert "quantity" in too_many.json["errors"]


def test_bad_input_answers_422_per_field(client, login_as, today, canteen, parcel_type):
    login_as("staff", [canteen])
    base = f"/api/v1/sites/{canteen.id}/parcels"
    response = client.post(
        f"{base}/receipts",
        json={"parcel_type_id": parcel_type.id, "quantity": 0, "day": "mâine", "source": "x"},
    )
    assert response.status_code == 422
    assert {"quantity", "day", "source"} <= set(response.json["errors"])
    future = client.post(
        f"{base}/adjustments",
        json={
            "parcel_type_id": parcel_type.id,
            "quantity": -1,
            "day": (today + timedelta(days=2)).isoformat(),
            "reason": "damaged",
        },
    )
    assert future.status_code == 422 and "day" in future.json["errors"]


def test_staff_of_another_site_are_refused_without_names(
    client, login_as, today, canteen, other_canteen, parcel_type, person_at, stock
):
    stranger = person_at(other_canteen, first_name="Zinaida", last_name="Ciobanu")
    stock(canteen, parcel_type, 3)
    login_as("staff", [canteen])
    assert client.get(f"/api/v1/sites/{other_canteen.id}/parcels/stock").status_code == 403
    post_other = client.post(
        f"/api/v1/sites/{other_canteen.id}/parcels/receipts",
        json={
            "parcel_type_id": parcel_type.id,
            "quantity": 1,
            "day": today.isoformat(),
            "source": "purchase",
        },
    )
    assert post_other.status_code == 403
    hand_stranger = client.post(
        f"/api/v1/sites/{canteen.id}/parcels/distributions",
        json={
            "parcel_type_id": parcel_type.id,
            "beneficiary_id": stranger.id,
            "day": today.isoformat(),
        },
    )
    assert hand_stranger.status_code == 404
    body = hand_stranger.get_data(as_text=True)
    assert "Zinaida" not in body and other_canteen.name not in body
    transfer = client.post(
        f"/api/v1/sites/{canteen.id}/parcels/transfers",
        json={
            "parcel_type_id": parcel_type.id,
            "to_site_id": other_canteen.id,
            "quantity": 1,
            "day": today.isoformat(),
        },
    )
    assert transfer.status_code == 404
    assert other_canteen.name not in transfer.get_data(as_text=True)


def test_manager_transfers_and_overrides_through_the_api(
    client, login_as, today, canteen, other_canteen, make_parcel_type, person_at, stock
):
    monthly = make_parcel_type(min_days_between=30)
    person = person_at(canteen)
    stock(canteen, monthly, 4)
    login_as("manager")
    moved = client.post(
        f"/api/v1/sites/{canteen.id}/parcels/transfers",
        json={
            "parcel_type_id": monthly.id,
            "to_site_id": other_canteen.id,
            "quantity": 2,
            "day": today.isoformat(),
        },
    )
    assert moved.status_code == 201, moved.json
    assert moved.json["in"]["site_id"] == other_canteen.id
    url = f"/api/v1/sites/{canteen.id}/parcels/distributions"
    body = {"parcel_type_id": monthly.id, "beneficiary_id": person.id, "day": today.isoformat()}
    assert client.post(url, json=body).status_code == 201
    second = client.post(url, json=body)
    assert second.status_code == 409 and "16.11.2026" in second.json["message"]
    forced = client.post(url, json={**body, "override_reason": "familie cu 5 copii"})
    assert forced.status_code == 201 and forced.json["override_reason"] == "familie cu 5 copii"
    cancel = client.post(
        f"{url}/{forced.json['id']}/cancel", json={"reason": "înregistrat de două ori"}
    )
    assert cancel.status_code == 200 and cancel.json["status"] == "cancelled"
    stock_rows = client.get(f"/api/v1/sites/{canteen.id}/parcels/stock").json
    assert {r["parcel_type_id"]: r["on_hand"] for r in stock_rows}[monthly.id] == 1


def test_drivers_have_no_parcel_pages(client, login_as, canteen):
    login_as("driver", [canteen])
    assert client.get(f"/api/v1/sites/{canteen.id}/parcels/stock").status_code == 403
    assert client.get("/api/v1/parcel-types").status_code == 403
