"""The parcels pages: forms that work without JavaScript, errors beside the fields."""

from app.extensions import db
from app.parcels import services


def test_stock_page_receipt_and_adjustment_forms(
    app, client, login_as, today, canteen, parcel_type
):
    login_as("staff", [canteen])
    page = client.get(f"/sites/{canteen.id}/parcels")
    assert page.status_code == 200
    assert parcel_type.name in page.get_data(as_text=True)
    done = client.post(
        f"/sites/{canteen.id}/parcels/receipts",
        data={
            "parcel_type_id": parcel_type.id,
            "quantity": "12",
            "day": today.isoformat(),
            "source": "donation",
            "donor_name": "Banca de Alimente",
            "document_number": "AV-3",
        },
    )
    assert done.status_code == 302
    adjusted = client.post(
        f"/sites/{canteen.id}/parcels/adjustments",
        data={
            "parcel_type_id": parcel_type.id,
            "quantity": "-2",
            "day": today.isoformat(),
            "reason": "expired",
        },
    )
    assert adjusted.status_code == 302
    with app.app_context():
        assert services.on_hand(canteen.id, parcel_type.id) == 10
    text = client.get(f"/sites/{canteen.id}/parcels").get_data(as_text=True)
    assert "Banca de Alimente" in text and "Expirat" in text


def test_form_errors_show_beside_the_field(client, login_as, today, canteen, parcel_type):
    login_as("staff", [canteen])
    response = client.post(
        f"/sites/{canteen.id}/parcels/receipts",
        data={"parcel_type_id": parcel_type.id, "quantity": "0", "day": today.isoformat()},
    )
    assert response.status_code == 422
    text = response.get_data(as_text=True)
    assert 'id="err-quantity"' in text and 'id="err-source"' in text
    too_many = client.post(
        f"/sites/{canteen.id}/parcels/adjustments",
        data={
            "parcel_type_id": parcel_type.id,
            "quantity": "-1",
            "day": today.isoformat(),
            "reason": "damaged",
        },
    )
    assert too_many.status_code == 409
    assert "Stoc insuficient" in too_many.get_data(as_text=True)


def test_hand_out_page_searches_the_sites_people_and_records(
    app, client, login_as, today, canteen, other_canteen, parcel_type, person_at, stock
):
    mine = person_at(canteen, first_name="Vera", last_name="Munteanu")
    person_at(other_canteen, first_name="Vera", last_name="Străină")
    stock(canteen, parcel_type, 2)
    login_as("staff", [canteen])
    found = client.get(f"/sites/{canteen.id}/parcels/hand-out?q=vera").get_data(as_text=True)
    assert "Munteanu Vera" in found and "Străină" not in found
    given = client.post(
        f"/sites/{canteen.id}/parcels/distributions",
        data={
            "beneficiary_id": mine.id,
            "parcel_type_id": parcel_type.id,
            "quantity": "1",
            "day": today.isoformat(),
            "q": "vera",
        },
        follow_redirects=True,
    )
    assert given.status_code == 200
    assert "Munteanu Vera a primit 1" in given.get_data(as_text=True)
    with app.app_context():
        assert services.on_hand(canteen.id, parcel_type.id) == 1


def test_too_soon_is_shown_on_the_persons_form(
    client, login_as, today, canteen, make_parcel_type, person_at, stock
):
    monthly = make_parcel_type(min_days_between=30)
    person = person_at(canteen, first_name="Olga", last_name="Rotaru")
    stock(canteen, monthly, 2)
    login_as("staff", [canteen])
    data = {
        "beneficiary_id": person.id,
        "parcel_type_id": monthly.id,
        "day": today.isoformat(),
        "q": "rotaru",
    }
    assert client.post(f"/sites/{canteen.id}/parcels/distributions", data=data).status_code == 302
    again = client.post(f"/sites/{canteen.id}/parcels/distributions", data=data)
    assert again.status_code == 409
    text = again.get_data(as_text=True)
    assert "16.11.2026" in text and 'id="err-day"' in text
    assert "override_reason" not in text  # staff are not offered the override


def test_parcel_types_page_managers_create_staff_read(client, login_as, make_user, canteen):
    from tests.conftest import login

    login_as("manager")
    created = client.post(
        "/parcel-types",
        data={
            "name": "Pachet de Paști",
            "active": "true",
            "min_days_between": "60",
            "item_name": ["Făină", "Ulei", ""],
            "item_quantity": ["2", "1", ""],
            "item_unit": ["kg", "l", ""],
        },
    )
    assert created.status_code == 302
    page = client.get("/parcel-types").get_data(as_text=True)
    assert "Pachet de Paști" in page and "Făină 2 kg, Ulei 1 l" in page
    missing = client.post("/parcel-types", data={"name": "Gol", "item_name": [""]})
    assert missing.status_code == 422
    client.post("/logout")
    login(client, make_user("staff", [canteen]))
    assert client.get("/parcel-types").status_code == 200
    assert client.post("/parcel-types", data={"name": "X"}).status_code == 403


def test_staff_cannot_open_another_sites_stock_page(client, login_as, canteen, other_canteen):
    login_as("staff", [canteen])
    assert client.get(f"/sites/{other_canteen.id}/parcels").status_code == 403
    assert client.get(f"/sites/{other_canteen.id}/parcels/hand-out").status_code == 403
    assert client.get("/parcels").status_code == 302  # straight to the one site


def test_audit_rows_for_every_change(app, client, login_as, today, canteen, parcel_type):
    from app.core.models import AuditEntry

    user = login_as("staff", [canteen])
    client.post(
        f"/sites/{canteen.id}/parcels/receipts",
        data={
            "parcel_type_id": parcel_type.id,
            "quantity": "3",
            "day": today.isoformat(),
            "source": "purchase",
        },
    )
    with app.app_context():
        rows = db.session.scalars(
            db.select(AuditEntry).where(AuditEntry.entity == "stock_movement")
        ).all()
        assert [(r.user_id, r.site_id, r.field) for r in rows] == [(user.id, canteen.id, "receipt")]
