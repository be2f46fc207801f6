"""A driver loses the signal: the stop and its parcel are kept on the phone, then recorded once."""

from datetime import date

from app.auth import services as auth_services
from app.auth.models import Role
from app.beneficiaries.models import Beneficiary, Enrolment
from app.core import calendar
from app.core.clock import today
from app.core.models import AuditEntry, SiteDayOverride
from app.delivery import services as delivery
from app.delivery.models import DeliveryStop, Outcome
from app.extensions import db
from app.parcels import services as parcels
from app.parcels.models import Distribution, DistributionStatus, SourceKind
from app.places import services as places_services
from app.places.models import Service, SiteKind

PASSWORD = "o-parola-de-test-lunga"


def seed(app) -> dict:
    with app.app_context():
        district = places_services.create_district("Orhei")
        locality = places_services.create_locality("Peresecina", district.id)
        site = places_services.create_site(
            {
                "name": "Cantina de Ajutor Social Peresecina",
                "kind": SiteKind.CANTEEN,
                "locality_id": locality.id,
                "services": [
                    {"service": Service.DELIVERY, "capacity": 10},
                    {"service": Service.PARCELS, "capacity": None},
                ],
            }
        )
        driver = auth_services.create_user(
            username="sofer", full_name="Ion Șofer", role=Role.DRIVER,
            password=PASSWORD, site_ids=[site.id],
        )  # fmt: skip
        if not calendar.serves_on(site.id, today()):
            db.session.add(SiteDayOverride(site_id=site.id, day=today(), is_open=True, reason="t"))
        route = delivery.create_route(site.id, "Traseul Sud", driver.id, weekdays="1234567")
        people = []
        for n, last in enumerate(("Bivol", "Croitoru"), start=1):
            person = Beneficiary(first_name="Elena", last_name=last, address=f"str. Nouă {n}")
            db.session.add(person)
            db.session.flush()
            db.session.add(
                Enrolment(
                    beneficiary_id=person.id, site_id=site.id, service=Service.DELIVERY,
                    status="active", start_date=date(2026, 1, 5),
                )
            )  # fmt: skip
            db.session.flush()
            delivery.add_stop(route.id, person.id)
            people.append(person.id)
        delivery.generate_lists(today(), site_id=site.id)
        parcel_type = parcels.create_parcel_type(
            {"name": "Pachet de iarnă", "items": [{"name": "Făină", "quantity": 2, "unit": "kg"}]}
        )
        parcels.record_receipt(
            site.id, parcel_type.id, 3, today(), SourceKind.DONATION, donor_name="Caritas"
        )
        parcels.put_on_delivery_list(site.id, parcel_type.id, people[0], today())
        db.session.commit()
        stop = db.session.scalars(
            db.select(DeliveryStop).where(DeliveryStop.beneficiary_id == people[0])
        ).one()
        return {
            "site": site.id,
            "type": parcel_type.id,
            "list": stop.delivery_list_id,
            "stop": stop.id,
        }


def test_driver_marks_a_stop_offline_and_it_is_recorded_once(live_server, phone_page):
    seeded = seed(live_server.app)
    url, page = live_server.url, phone_page
    page.goto(f"{url}/login")
    page.fill("input[name=username]", "sofer")
    page.fill("input[name=password]", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url(f"{url}/")
    page.goto(f"{url}/driver/lists/{seeded['list']}")
    # once the service worker runs, each opened list is kept for reading offline
    page.wait_for_function("() => navigator.serviceWorker.controller !== null")
    page.reload()
    stop = page.locator(f"li.stop[data-stop='{seeded['stop']}']")
    assert "Pachet de iarnă × 1" in stop.inner_text()

    page.context.set_offline(True)
    page.reload()
    assert "Pachet de iarnă × 1" in stop.inner_text()
    stop.locator("button[name=deliver]").click()
    page.wait_for_selector(f"li.stop[data-stop='{seeded['stop']}'][data-unsaved]")
    assert page.locator("#unsaved").is_visible()
    assert "1" in page.inner_text("#unsaved")
    assert page.inner_text(".progress-line .progress") == "1 din 2"
    # still readable, and nothing reached the server
    assert "Croitoru Elena" in page.inner_text("ol.stops")
    with live_server.app.app_context():
        assert db.session.get(DeliveryStop, seeded["stop"]).outcome is None

    page.context.set_offline(False)
    # sent once the signal is back, then the list is shown as the server has it
    page.wait_for_selector(f"li.stop.delivered[data-stop='{seeded['stop']}'] p.outcome")
    page.wait_for_selector("#unsaved", state="hidden")
    assert page.locator("li.stop[data-unsaved]").count() == 0

    with live_server.app.app_context():
        assert db.session.get(DeliveryStop, seeded["stop"]).outcome == Outcome.DELIVERED
        outcome_rows = db.session.scalars(
            db.select(AuditEntry).where(
                AuditEntry.entity == "delivery_stop",
                AuditEntry.entity_id == seeded["stop"],
                AuditEntry.field == "outcome",
            )
        ).all()
        assert len(outcome_rows) == 1
        carried = db.session.scalars(db.select(Distribution)).all()
        assert [d.status for d in carried] == [DistributionStatus.HANDED_OVER]
        assert parcels.on_hand(seeded["site"], seeded["type"]) == 2
        assert parcels.ledger_total(seeded["site"], seeded["type"]) == 2
