"""Staff find a person typed without diacritics, change the phone, and see it in the history."""

from datetime import date

from app.auth import services as auth_services
from app.auth.models import Role
from app.beneficiaries import services
from app.extensions import db
from app.places import services as places_services
from app.places.models import Service, SiteKind

PASSWORD = "o-parola-de-test-lunga"


def seed(app):
    with app.app_context():
        district = places_services.create_district("Hîncești")
        locality = places_services.create_locality("Lăpușna", district.id)
        site = places_services.create_site(
            {
                "name": "Cantina Lăpușna",
                "kind": SiteKind.CANTEEN,
                "locality_id": locality.id,
                "services": [{"service": Service.LUNCH, "capacity": 20}],
            }
        )
        auth_services.create_user(
            username="ana",
            full_name="Ana Rusu",
            role=Role.STAFF,
            password=PASSWORD,
            site_ids=[site.id],
        )
        person = services.create_beneficiary(
            {
                "first_name": "Ștefan",
                "last_name": "Țurcanu",
                "birth_date": date(1950, 5, 2),
                "phone": "069111222",
                "consent_date": date(2026, 1, 10),
                "categories": ["solitary_elderly"],
            }
        )
        services.enrol(
            person.id, site_id=site.id, service=Service.LUNCH, start_date=date(2026, 1, 12)
        )
        db.session.commit()
        return person.id


def test_staff_finds_person_without_diacritics_and_edits_phone(live_server, page):
    person_id = seed(live_server.app)
    page.goto(f"{live_server.url}/login")
    page.fill("input[name=username]", "ana")
    page.fill("input[name=password]", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url(f"{live_server.url}/")

    page.goto(f"{live_server.url}/beneficiaries")
    page.fill("input[name=q]", "stefan turcanu")
    page.click("form[role=search] button[type=submit]")
    page.click("text=Țurcanu Ștefan")
    page.wait_for_url(f"{live_server.url}/beneficiaries/{person_id}")

    page.click("a:has-text('Modifică')")
    page.fill("input[name=phone]", "079555444")
    page.click("form.card button[type=submit]")
    page.wait_for_url(f"{live_server.url}/beneficiaries/{person_id}")
    assert "079555444" in page.inner_text("dd.phone")
    history = page.inner_text("section.history")
    assert "Telefon" in history and "069111222" in history and "079555444" in history
    assert "Ana Rusu" in history
