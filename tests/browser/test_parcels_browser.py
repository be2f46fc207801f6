"""Staff receive parcels, hand one to a person found by name, and see the shelf go down."""

from datetime import date

from app.auth import services as auth_services
from app.auth.models import Role
from app.beneficiaries.models import Beneficiary, Enrolment
from app.core.text import fold, person_key
from app.extensions import db
from app.parcels import services
from app.places import services as places_services
from app.places.models import Service, SiteKind

PASSWORD = "o-parola-de-test-lunga"


def seed(app) -> tuple[int, int]:
    with app.app_context():
        district = places_services.create_district("Cahul")
        locality = places_services.create_locality("Cahul", district.id)
        site = places_services.create_site(
            {
                "name": "Cantina de Ajutor Social Cahul",
                "kind": SiteKind.CANTEEN,
                "locality_id": locality.id,
                "services": [{"service": Service.PARCELS, "capacity": None}],
            }
        )
        auth_services.create_user(
            username="ana", full_name="Ana Rusu", role=Role.STAFF,
            password=PASSWORD, site_ids=[site.id],
        )  # fmt: skip
        parcel_type = services.create_parcel_type(
            {
                "name": "Pachet alimentar standard",
                "items": [
                    {"name": "Făină", "quantity": 2, "unit": "kg"},
                    {"name": "Ulei", "quantity": 1, "unit": "l"},
                ],
            }
        )
        for first, last in (("Valentina", "Ciobanu"), ("Gheorghe", "Lungu")):
            person = Beneficiary(
                first_name=first,
                last_name=last,
                first_name_key=fold(first),
                last_name_key=fold(last),
                person_key=person_key(first, last),
                address="str. Republicii 5",
            )
            db.session.add(person)
            db.session.flush()
            db.session.add(
                Enrolment(
                    beneficiary_id=person.id, site_id=site.id, service=Service.PARCELS,
                    status="active", start_date=date(2026, 1, 5),
                )
            )  # fmt: skip
        db.session.commit()
        return site.id, parcel_type.id


def on_hand(page, type_id: int) -> str:
    return page.inner_text(f"table.stock tr[data-type='{type_id}'] td.on-hand")


def test_staff_receive_hand_out_and_see_stock_go_down(live_server, page):
    site_id, type_id = seed(live_server.app)
    url = live_server.url
    page.goto(f"{url}/login")
    page.fill("input[name=username]", "ana")
    page.fill("input[name=password]", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url(f"{url}/")

    page.click("nav >> text=Pachete")  # one site: straight to its stock page
    page.wait_for_url(f"{url}/sites/{site_id}/parcels")
    assert on_hand(page, type_id) == "0"

    receipt = page.locator("#receipt form")
    receipt.locator("select[name=parcel_type_id]").select_option(str(type_id))
    receipt.locator("input[name=quantity]").fill("5")
    receipt.locator("select[name=source]").select_option("donation")
    receipt.locator("input[name=donor_name]").fill("Banca de Alimente")
    receipt.locator("input[name=document_number]").fill("AV-2026-7")
    receipt.locator("button[type=submit]").click()
    page.wait_for_selector("text=Intrarea a fost înregistrată.")
    assert on_hand(page, type_id) == "5"

    page.click("text=Dă un pachet unei persoane")
    page.fill("input[name=q]", "ciobanu")
    page.press("input[name=q]", "Enter")
    people = page.locator("li.person")
    people.first.wait_for()
    assert people.count() == 1
    assert "Ciobanu Valentina" in people.first.inner_text()
    people.first.locator("select[name=parcel_type_id]").select_option(str(type_id))
    people.first.locator("button[type=submit]").click()
    page.wait_for_selector("text=Ciobanu Valentina a primit 1")
    assert page.inner_text(f".stock-summary li[data-type='{type_id}'] .on-hand") == "4"

    page.click("text=Stocul de pachete")
    page.wait_for_url(f"{url}/sites/{site_id}/parcels")
    assert on_hand(page, type_id) == "4"
    movements = page.inner_text("table.movements")
    assert "Distribuire" in movements and "-1" in movements
    with live_server.app.app_context():
        assert services.on_hand(site_id, type_id) == services.ledger_total(site_id, type_id) == 4
