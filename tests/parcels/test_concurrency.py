"""Two people hand out the last parcel at the same moment: one gets it, one is refused.

Each request runs in its own thread with its own connection and commits. On PostgreSQL
the second UPDATE of the balance row waits for the first's lock and then finds nothing
left; on SQLite the second writer waits for the first to commit.
"""

import threading
from datetime import date

from app.auth import services as auth_services
from app.auth.models import Role
from app.beneficiaries.models import Beneficiary, Enrolment
from app.extensions import db
from app.parcels import services
from app.parcels.models import Distribution, SourceKind
from app.places import services as places
from app.places.models import Service, SiteKind
from tests.conftest import PASSWORD


def seed(people: int = 2) -> dict:
    district = places.create_district("Raion Concurență Pachete")
    locality = places.create_locality("Sat Concurență Pachete", district.id)
    site = places.create_site(
        {
            "name": "Cantina Concurență Pachete",
            "kind": SiteKind.CANTEEN,
            "locality_id": locality.id,
            "services": [{"service": Service.PARCELS, "capacity": None}],
        }
    )
    parcel_type = services.create_parcel_type(
        {"name": "Pachet ultim", "items": [{"name": "Făină", "quantity": 2, "unit": "kg"}]}
    )
    usernames, person_ids = [], []
    for n in range(people):
        auth_services.create_user(
            username=f"staff.pachete{n}",
            full_name=f"Personal {n}",
            role=Role.STAFF,
            password=PASSWORD,
            site_ids=[site.id],
        )
        usernames.append(f"staff.pachete{n}")
        person = Beneficiary(first_name=f"Ana{n}", last_name="Ultima", address="str. Mică 1")
        db.session.add(person)
        db.session.flush()
        db.session.add(
            Enrolment(
                beneficiary_id=person.id,
                site_id=site.id,
                service=Service.PARCELS,
                status="active",
                start_date=date(2026, 1, 5),
            )
        )
        person_ids.append(person.id)
    services.record_receipt(
        site.id, parcel_type.id, 1, date(2026, 11, 2), SourceKind.PURCHASE, document_number="F-9"
    )
    db.session.commit()
    return {
        "site_id": site.id,
        "type_id": parcel_type.id,
        "usernames": usernames,
        "person_ids": person_ids,
    }


def test_two_concurrent_distributions_of_the_last_parcel(committed):
    app = committed
    with app.app_context():
        seeded = seed()
    url = f"/api/v1/sites/{seeded['site_id']}/parcels/distributions"
    start = threading.Barrier(2)
    answers: dict[int, tuple[int, dict]] = {}

    def hand_out(index: int) -> None:
        client = app.test_client()
        response = client.post(
            "/login", data={"username": seeded["usernames"][index], "password": PASSWORD}
        )
        assert response.status_code == 302
        body = {
            "parcel_type_id": seeded["type_id"],
            "beneficiary_id": seeded["person_ids"][index],
            "day": "2026-11-03",
        }
        start.wait()
        response = client.post(url, json=body)
        answers[index] = (response.status_code, response.json)

    threads = [threading.Thread(target=hand_out, args=(i,)) for i in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)

    codes = sorted(code for code, _ in answers.values())
    assert codes == [201, 409]
    refused = next(body for code, body in answers.values() if code == 409)
    assert refused["available"] == 0
    with app.app_context():
        assert services.on_hand(seeded["site_id"], seeded["type_id"]) == 0
        assert services.ledger_total(seeded["site_id"], seeded["type_id"]) == 0
        assert db.session.scalar(db.select(db.func.count(Distribution.id))) == 1


def test_two_concurrent_cancellations_return_the_parcel_once(committed):
    app = committed
    with app.app_context():
        seeded = seed(people=2)
        distribution = services.record_distribution(
            seeded["site_id"], seeded["type_id"], seeded["person_ids"][0], date(2026, 11, 3)
        )
        db.session.commit()
        distribution_id = distribution.id
    url = f"/api/v1/sites/{seeded['site_id']}/parcels/distributions/{distribution_id}/cancel"
    start = threading.Barrier(2)
    codes: list[int] = []

    def cancel(index: int) -> None:
        client = app.test_client()
        response = client.post(
            "/login", data={"username": seeded["usernames"][index], "password": PASSWORD}
        )
        assert response.status_code == 302
        start.wait()
        codes.append(client.post(url, json={"reason": "greșeală"}).status_code)

    threads = [threading.Thread(target=cancel, args=(i,)) for i in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)

    assert sorted(codes) == [200, 409]
    with app.app_context():
        assert services.on_hand(seeded["site_id"], seeded["type_id"]) == 1
        assert services.ledger_total(seeded["site_id"], seeded["type_id"]) == 1
