"""A driver works through today's list on a phone; the site's staff page shows the outcomes."""

from datetime import date

from app.auth import services as auth_services
from app.auth.models import Role
from app.beneficiaries.models import Beneficiary, Enrolment
from app.core import calendar
from app.core.clock import today
from app.core.models import SiteDayOverride
from app.delivery import services
from app.extensions import db
from app.places import services as places_services
from app.places.models import Service, SiteKind

PASSWORD = "o-parola-de-test-lunga"


def seed(app) -> int:
    with app.app_context():
        district = places_services.create_district("Hîncești")
        locality = places_services.create_locality("Lăpușna", district.id)
        site = places_services.create_site(
            {
                "name": "Cantina de Ajutor Social Lăpușna",
                "kind": SiteKind.CANTEEN,
                "locality_id": locality.id,
                "latitude": 46.8847,
                "longitude": 28.4086,
                "services": [{"service": Service.DELIVERY, "capacity": 15}],
            }
        )
        driver = auth_services.create_user(
            username="sofer", full_name="Vasile Șofer", role=Role.DRIVER,
            password=PASSWORD, site_ids=[site.id],
        )  # fmt: skip
        auth_services.create_user(
            username="ana", full_name="Ana Rusu", role=Role.STAFF,
            password=PASSWORD, site_ids=[site.id],
        )  # fmt: skip
        if not calendar.serves_on(site.id, today()):
            db.session.add(SiteDayOverride(site_id=site.id, day=today(), is_open=True, reason="t"))
        route = services.create_route(site.id, "Traseul Nord", driver.id, weekdays="1234567")
        for n, last in enumerate(("Ababii", "Botnaru", "Cojocaru"), start=1):
            person = Beneficiary(
                first_name="Maria", last_name=last, address=f"str. Viilor {n}", phone=f"06900000{n}"
            )
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
        return site.id


def log_in(page, url, username):
    page.goto(f"{url}/login")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url(f"{url}/")


def test_driver_marks_the_list_and_staff_see_it(live_server, phone_page, browser):
    site_id = seed(live_server.app)
    page = phone_page
    log_in(page, live_server.url, "sofer")
    assert "0 din 3" in page.inner_text(".driver-home")
    page.click("text=Traseul Nord")
    page.wait_for_selector("ol.stops")
    stops = page.locator("li.stop")
    assert stops.count() == 3
    assert page.locator(".progress").first.inner_text() == "0 din 3"

    stops.nth(0).locator("button[name=deliver]").click()
    page.wait_for_load_state()
    page.locator("li.stop").nth(1).locator("button[name=deliver]").click()
    page.wait_for_load_state()
    third = page.locator("li.stop").nth(2)
    third.locator("summary", has_text="Nelivrat").click()
    third.locator("select[name=failure_reason]").select_option("not_home")
    third.locator("input[name=remark]").fill("vecinii nu știu")
    third.locator("button.bad").click()
    page.wait_for_load_state()
    assert page.locator(".progress").first.inner_text() == "3 din 3"
    assert "Nelivrat: Nu era acasă" in page.locator("li.stop").nth(2).inner_text()

    staff_context = browser.new_context(viewport={"width": 1024, "height": 768}, locale="ro-RO")
    staff = staff_context.new_page()
    try:
        log_in(staff, live_server.url, "ana")
        staff.goto(f"{live_server.url}/sites/{site_id}")
        section = staff.locator("#delivery").inner_text()
        assert "3 din 3" in section
        assert section.count("Livrat") == 2
        assert "Nelivrat: Nu era acasă" in section and "vecinii nu știu" in section
    finally:
        staff_context.close()


def test_staff_drag_a_stop_to_the_top_of_the_route(live_server, page):
    from sqlalchemy import select

    from app.delivery.models import Route

    seed(live_server.app)
    with live_server.app.app_context():
        route_id = db.session.scalar(select(Route.id))
    log_in(page, live_server.url, "ana")
    page.goto(f"{live_server.url}/routes/{route_id}")
    names = page.locator("li.route-stop")
    assert "Ababii" in names.nth(0).inner_text()
    with page.expect_navigation():
        names.nth(2).drag_to(names.nth(0), target_position={"x": 10, "y": 2})
    page.wait_for_selector("li.route-stop")
    assert "Cojocaru" in page.locator("li.route-stop").nth(0).inner_text()
    with live_server.app.app_context():
        route = db.session.get(Route, route_id)
        assert [s.beneficiary.last_name for s in route.stops] == ["Cojocaru", "Ababii", "Botnaru"]
