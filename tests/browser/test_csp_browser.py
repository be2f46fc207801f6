"""The main pages work under the content security policy: no violation is reported in
Chromium on the login, home, sheet, route, register and driver pages, and their scripts
still run (the sheet marks people, the route page loads its module)."""

from datetime import date

import pytest
from playwright.sync_api import expect

from app.auth import services as auth_services
from app.auth.models import Role
from app.beneficiaries.models import Beneficiary, Enrolment
from app.core import calendar
from app.core.clock import today
from app.core.models import SiteDayOverride
from app.core.text import fold, person_key
from app.delivery import services as delivery_services
from app.extensions import db
from app.places import services as places_services
from app.places.models import Service, SiteKind

PASSWORD = "o-parola-de-test-lunga"

# Runs before any page script, outside the page's CSP: records what the policy blocks.
WATCH_VIOLATIONS = """
window.__violations = [];
document.addEventListener("securitypolicyviolation", (event) => {
  window.__violations.push(event.violatedDirective + " " + event.blockedURI);
});
window.__printed = 0;
window.print = () => { window.__printed += 1; };
"""


def seed(app) -> tuple[int, int]:
    with app.app_context():
        district = places_services.create_district("Orhei")
        locality = places_services.create_locality("Peresecina", district.id)
        site = places_services.create_site(
            {
                "name": "Cantina Peresecina",
                "kind": SiteKind.CANTEEN,
                "locality_id": locality.id,
                "services": [
                    {"service": Service.LUNCH, "capacity": 10},
                    {"service": Service.DELIVERY, "capacity": 10},
                ],
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
        route = delivery_services.create_route(site.id, "Traseul Sud", driver.id, "1234567")
        for n, (last, service) in enumerate(
            (("Albu", Service.LUNCH), ("Bîrcă", Service.LUNCH), ("Ceban", Service.DELIVERY)),
            start=1,
        ):
            person = Beneficiary(
                first_name="Maria", last_name=last, address=f"str. Viilor {n}",
                first_name_key=fold("Maria"), last_name_key=fold(last),
                person_key=person_key("Maria", last),
            )  # fmt: skip
            db.session.add(person)
            db.session.flush()
            db.session.add(
                Enrolment(
                    beneficiary_id=person.id, site_id=site.id, service=service,
                    status="active", start_date=date(2026, 1, 5),
                )
            )  # fmt: skip
            db.session.flush()
            if service == Service.DELIVERY:
                delivery_services.add_stop(route.id, person.id)
        delivery_services.generate_lists(today(), site_id=site.id)
        db.session.commit()
        return site.id, route.id


@pytest.fixture
def watched(page):
    messages = []
    page.on(
        "console",
        lambda msg: messages.append(msg.text) if "Content Security Policy" in msg.text else None,
    )
    page.on("pageerror", lambda error: messages.append(f"page error: {error}"))
    page.add_init_script(WATCH_VIOLATIONS)
    page.csp_messages = messages
    return page


def violations(page) -> list[str]:
    return page.evaluate("window.__violations") + page.csp_messages


def log_in(page, url, username):
    answer = page.goto(f"{url}/login")
    assert "script-src 'self'" in answer.headers["content-security-policy"]
    assert violations(page) == []
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url(f"{url}/")


def test_main_pages_work_under_the_policy(live_server, watched):
    page, url = watched, live_server.url
    site_id, route_id = seed(live_server.app)
    log_in(page, url, "ana")
    assert violations(page) == []

    page.goto(f"{url}/sites/{site_id}/attendance")
    page.wait_for_load_state("networkidle")
    expect(page.locator("[data-count=present]")).to_have_text("0")
    page.click("button[value=all]")  # the two lunch people, marked by attendance.js
    expect(page.locator("[data-count=present]")).to_have_text("2")
    page.fill("#att-search", "birca")  # the folding rules come from a JSON data island
    expect(page.locator(".att-list li[data-id]:visible")).to_have_count(1)
    assert violations(page) == []

    for path in (
        f"/routes/{route_id}",
        f"/sites/{site_id}/register/{today().year}/{today().month}/lunch",
        f"/sites/{site_id}/delivery/{today().isoformat()}",
    ):
        page.goto(url + path)
        page.wait_for_load_state("networkidle")
        assert violations(page) == [], path
        if page.locator("button[data-print]").count():
            page.click("button[data-print]")  # wired by print.js, not an inline onclick
            assert page.evaluate("window.__printed") == 1, path

    page.click("text=Ieșire")
    page.wait_for_url(f"{url}/login")
    log_in(page, url, "sofer")
    page.goto(f"{url}/driver")
    page.click("text=Traseul Sud")
    page.wait_for_selector("li.stop")
    assert violations(page) == []


def test_the_watch_sees_a_blocked_inline_script(live_server, watched):
    """The check above could pass by seeing nothing: an injected inline script must be
    blocked and reported."""
    page = watched
    page.goto(f"{live_server.url}/login")
    page.evaluate(
        """() => {
            const script = document.createElement("script");
            script.textContent = "window.__ran = true";
            document.body.appendChild(script);
        }"""
    )
    page.wait_for_function("window.__violations.length > 0")
    assert page.evaluate("window.__ran === undefined")
    assert any("script-src" in v for v in violations(page))
