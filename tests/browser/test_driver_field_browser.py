"""A driver on a phone, in Romanian and in Russian: the village in the address, a web map
for stops without coordinates, the contact to call, and a refusal shown at the stop."""

from datetime import date

import pytest

from app.auth import services as auth_services
from app.auth.models import Role
from app.beneficiaries.models import Beneficiary, Enrolment
from app.core import calendar
from app.core.clock import today
from app.core.models import SiteDayOverride
from app.delivery import services
from app.delivery.models import DeliveryList, DeliveryStop
from app.extensions import db
from app.places import services as places_services
from app.places.models import Service, SiteKind
from tests.browser.test_delivery_browser import PASSWORD, log_in

LAST_NAMES = ("Ababii", "Bălan", "Botnaru", "Cojocaru", "Dabija", "Eremia", "Frunză", "Gore")


def seed(app) -> tuple[int, int]:
    """A route of eight stops in Ciuciuleni; returns (list id, id of the last stop)."""
    with app.app_context():
        district = places_services.create_district("Hîncești")
        village = places_services.create_locality("Ciuciuleni", district.id)
        site = places_services.create_site(
            {
                "name": "Cantina de Ajutor Social Ciuciuleni",
                "kind": SiteKind.CANTEEN,
                "locality_id": village.id,
                "services": [{"service": Service.DELIVERY, "capacity": 15}],
            }
        )
        driver = auth_services.create_user(
            username="sofer", full_name="Vasile Șofer", role=Role.DRIVER,
            password=PASSWORD, site_ids=[site.id],
        )  # fmt: skip
        if not calendar.serves_on(site.id, today()):
            db.session.add(SiteDayOverride(site_id=site.id, day=today(), is_open=True, reason="t"))
        route = services.create_route(site.id, "Traseul 1", driver.id, weekdays="1234567")
        for n, last in enumerate(LAST_NAMES, start=1):
            person = Beneficiary(
                first_name="Maria", last_name=last, address=f"str. Viilor {50 + n}",
                locality_id=village.id, phone=f"06900000{n}",
                contact_name="Ion Vecinul", contact_phone=f"07900000{n}",
            )  # fmt: skip
            db.session.add(person)
            db.session.flush()
            db.session.add(
                Enrolment(
                    beneficiary_id=person.id, site_id=site.id, service=Service.DELIVERY,
                    status="active", start_date=date(2026, 1, 5),
                )
            )  # fmt: skip
            db.session.flush()
            services.add_stop(route.id, person.id)
        services.generate_lists(today(), site_id=site.id)
        db.session.commit()
        delivery_list = db.session.scalar(db.select(DeliveryList))
        last = db.session.scalar(
            db.select(DeliveryStop.id)
            .where(DeliveryStop.delivery_list_id == delivery_list.id)
            .order_by(DeliveryStop.position.desc())
        )
        return delivery_list.id, last


def in_view(page, selector: str) -> bool:
    box = page.locator(selector).bounding_box()
    height = page.viewport_size["height"]
    return box is not None and box["y"] >= 0 and box["y"] + box["height"] <= height


@pytest.mark.parametrize(
    ("lang", "not_delivered", "summary", "error_word"),
    [
        ("ro", "Nelivrat", "Nelivrat…", "motivul"),
        ("ru", "Не доставлено", "Не доставлено…", "причину"),
    ],
)
def test_driver_refusal_stays_at_the_stop(
    live_server, phone_page, lang, not_delivered, summary, error_word
):
    list_id, stop_id = seed(live_server.app)
    page = phone_page
    log_in(page, live_server.url, "sofer")
    page.goto(f"{live_server.url}/lang/{lang}?next=/driver/lists/{list_id}")
    page.wait_for_selector("ol.stops")
    stop = f"#stop-{stop_id}"
    assert "str. Viilor 58, Ciuciuleni" in page.inner_text(stop)
    # no coordinates: a web map by address and village, never geo:0,0
    assert page.locator(f"{stop} a[href^='geo:']").count() == 0
    web_map = page.locator(f"{stop} a.map-web").get_attribute("href")
    assert web_map.startswith("https://www.openstreetmap.org/search?query=")
    assert "Ciuciuleni" in web_map
    assert page.locator(f"{stop} .contact a[href='tel:079000008']").count() == 1

    page.locator(f"{stop} summary", has_text=summary).click()
    page.locator(f"{stop} button.bad").click()
    page.wait_for_load_state()
    assert page.url.endswith(f"#stop-{stop_id}")
    error = f"{stop} small.error"
    assert error_word in page.inner_text(error).lower()
    assert in_view(page, error), "the message is beside the stop, in sight"
    # the reason given, the stop is recorded and the driver is back at it
    page.select_option(f"{stop} select[name=failure_reason]", "not_home")
    page.locator(f"{stop} button.bad").click()
    page.wait_for_load_state()
    assert page.url.endswith(f"#stop-{stop_id}")
    assert not_delivered in page.inner_text(f"{stop} .outcome")
