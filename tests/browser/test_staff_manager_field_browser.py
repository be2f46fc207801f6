"""Staff on a tablet and a manager on a laptop, in Romanian and in Russian: a sheet that
can be undone and delivered in one tap, past days read-only with why, the programme at a
glance, and drivers' concerns followed up per site."""

from datetime import date, timedelta

import pytest
from playwright.sync_api import expect

from app.attendance.models import AttendanceMark, Mark, MarkSource, Meal
from app.attendance.services import upsert_mark
from app.auth import services as auth_services
from app.auth.models import Role
from app.beneficiaries.models import Beneficiary, Enrolment, EnrolmentStatus
from app.core import calendar, clock
from app.core.models import SiteDayOverride
from app.core.text import fold, person_key
from app.delivery import services as delivery_services
from app.delivery.models import DeliveryList
from app.extensions import db
from app.places import services as places_services
from app.places.models import Service, SiteKind
from tests.conftest import PASSWORD

LANGUAGES = [
    pytest.param("ro", {"clear": "Șterge marcajul", "all_delivered": "Toate livrate",
                        "why": "le face managerul", "handled": "Rezolvat",
                        "unmarked": "Centre fără marcaje azi", "site": "Centru"}, id="ro"),
    pytest.param("ru", {"clear": "Снять отметку", "all_delivered": "Все доставлены",
                        "why": "исправления", "handled": "Решено",
                        "unmarked": "Центры без отметок сегодня", "site": "Центр"}, id="ru"),
]  # fmt: skip


@pytest.fixture
def tablet_page(browser):
    context = browser.new_context(
        viewport={"width": 800, "height": 1280}, has_touch=True, locale="ro-RO"
    )
    context.set_default_timeout(10_000)
    yield context.new_page()
    context.close()


@pytest.fixture
def laptop_page(browser):
    context = browser.new_context(viewport={"width": 1366, "height": 768}, locale="ro-RO")
    context.set_default_timeout(10_000)
    yield context.new_page()
    context.close()


def _site(name: str, locality: str, district_id: int):
    place = places_services.create_locality(locality, district_id)
    site = places_services.create_site(
        {
            "name": name,
            "kind": SiteKind.CANTEEN,
            "locality_id": place.id,
            "services": [
                {"service": Service.LUNCH, "capacity": 20},
                {"service": Service.DELIVERY, "capacity": 20},
            ],
        }
    )
    if not calendar.serves_on(site.id, clock.today()):
        db.session.add(
            SiteDayOverride(site_id=site.id, day=clock.today(), is_open=True, reason="t")
        )
    return site


def _person(site, first, last, service):
    person = Beneficiary(
        first_name=first, last_name=last, first_name_key=fold(first), last_name_key=fold(last),
        person_key=person_key(first, last), address="str. Mare 1",
    )  # fmt: skip
    db.session.add(person)
    db.session.flush()
    db.session.add(
        Enrolment(
            beneficiary_id=person.id, site_id=site.id, service=service,
            status=EnrolmentStatus.ACTIVE, start_date=date(2026, 1, 1),
        )
    )  # fmt: skip
    db.session.flush()
    return person.id


def seed(app):
    with app.app_context():
        district = places_services.create_district("Strășeni")
        cobani = _site("Cantina Cobani", "Cobani", district.id)
        carpineni = _site("Cantina Cărpineni", "Cărpineni", district.id)
        auth_services.create_user(
            username="ana", full_name="Ana Rusu", role=Role.STAFF,
            password=PASSWORD, site_ids=[carpineni.id],
        )  # fmt: skip
        auth_services.create_user(
            username="elena", full_name="Elena Manager", role=Role.MANAGER, password=PASSWORD
        )
        driver = auth_services.create_user(
            username="sofer", full_name="Vasile Șofer", role=Role.DRIVER,
            password=PASSWORD, site_ids=[carpineni.id],
        )  # fmt: skip
        table = [_person(carpineni, "Ion", n, Service.LUNCH) for n in ("Botnaru", "Bălan")]
        home = [_person(carpineni, "Maria", n, Service.DELIVERY) for n in ("Țurcanu", "Sandu")]
        _person(cobani, "Vera", "Cojocaru", Service.LUNCH)
        route = delivery_services.create_route(carpineni.id, "Traseul 1", driver.id, "1234567")
        for person in home:
            delivery_services.add_stop(route.id, person)
        delivery_services.create_lists(clock.today(), site_id=carpineni.id)
        delivery_list = db.session.scalar(db.select(DeliveryList))
        stop = delivery_list.stops[0]
        delivery_services.set_concern(delivery_list.id, stop.id, True, "casa e rece")
        past = clock.today() - timedelta(days=7)
        while not calendar.serves_on(carpineni.id, past):
            past -= timedelta(days=1)
        db.session.commit()
        return {
            "site": carpineni.id, "cobani": cobani.id, "table": table, "home": home,
            "past": past, "stop": stop.id,
        }  # fmt: skip


def log_in(page, url, username, lang):
    page.goto(f"{url}/login")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url(f"{url}/")
    page.goto(f"{url}/lang/{lang}?next=/")


def stored(app, site_id):
    with app.app_context():
        rows = db.session.execute(
            db.select(AttendanceMark.beneficiary_id, AttendanceMark.mark).where(
                AttendanceMark.site_id == site_id, AttendanceMark.day == clock.today()
            )
        ).all()
        db.session.remove()
        return dict(rows)


@pytest.mark.parametrize(("lang", "words"), LANGUAGES)
def test_staff_on_a_tablet_undo_deliver_all_and_past_days(live_server, tablet_page, lang, words):
    data = seed(live_server.app)
    page = tablet_page
    log_in(page, live_server.url, "ana", lang)
    page.goto(f"{live_server.url}/sites/{data['site']}/attendance")
    page.wait_for_selector("#att-sheet")
    weekday = page.inner_text(".sheet-day")
    assert clock.today().strftime("%d.%m.%Y") in weekday and weekday.split(",")[0].isalpha()
    # the sheet sorts by the Romanian order: Bălan before Botnaru
    names = page.locator('[data-group="table"] .att-name').all_inner_texts()
    assert names[0].startswith("Bălan") and names[1].startswith("Botnaru")

    botnaru = data["table"][0]
    # the mark reaches the server before it is undone (two taps in flight may cross)
    with page.expect_response(lambda r: r.request.method == "PUT") as marked:
        page.click(f'#p{botnaru} button[value="{botnaru}:present"]')
    assert marked.value.ok
    expect(page.locator(f"#p{botnaru}")).to_have_attribute("data-mark", "present")
    clear = page.locator(f'#p{botnaru} button[value="{botnaru}:clear"]')
    assert clear.get_attribute("aria-label") == words["clear"]
    with page.expect_response(lambda r: r.request.method == "DELETE") as answer:
        clear.click()
    assert answer.value.ok
    expect(page.locator(f"#p{botnaru}")).to_have_attribute("data-mark", "")
    expect(page.locator("[data-count=unmarked]")).to_have_text("4")
    assert botnaru not in stored(live_server.app, data["site"])

    with page.expect_response(lambda r: r.request.method == "PUT") as answer:
        page.get_by_role("button", name=words["all_delivered"]).click()
    assert answer.value.ok
    for person in data["home"]:
        expect(page.locator(f"#p{person}")).to_have_attribute("data-mark", "delivered")
    page.reload()
    for person in data["home"]:
        expect(page.locator(f"#p{person}")).to_have_attribute("data-mark", "delivered")
    marks = stored(live_server.app, data["site"])
    assert {marks[p] for p in data["home"]} == {Mark.DELIVERED}

    past = data["past"].isoformat()
    page.goto(f"{live_server.url}/sites/{data['site']}/attendance/{past}/lunch")
    expect(page.locator(".flash.read-only")).to_contain_text(words["why"])
    assert page.locator("button.tap").count() == 0
    assert page.locator("input[name=reason]").count() == 0


@pytest.mark.parametrize(("lang", "words"), LANGUAGES)
def test_manager_on_a_laptop_sees_the_programme_and_follows_up(
    live_server, laptop_page, lang, words
):
    data = seed(live_server.app)
    with live_server.app.app_context():
        upsert_mark(
            site_id=data["site"], beneficiary_id=data["table"][0], day=clock.today(),
            meal=Meal.LUNCH, mark=Mark.PRESENT, source=MarkSource.STAFF,
        )  # fmt: skip
        db.session.commit()
    page = laptop_page
    log_in(page, live_server.url, "elena", lang)
    page.wait_for_selector(".programme-today")
    assert page.inner_text("[data-total=people]") == "5"
    assert page.inner_text("[data-total=meals]") == "1"
    assert words["unmarked"] in page.inner_text(".programme-today")
    assert page.locator(".unmarked-sites li").all_inner_texts() == ["Cantina Cobani"]
    cards = page.locator("ul.cards > li.card > a > strong").all_inner_texts()
    assert cards == ["Cantina Cărpineni", "Cantina Cobani"]

    page.goto(f"{live_server.url}/delivery/concerns")
    assert words["site"] in page.locator("table.concerns-table thead").inner_text()
    row = page.locator(f"#concern-{data['stop']}")
    assert "Cantina Cărpineni" in row.inner_text() and "casa e rece" in row.inner_text()
    row.locator("input[name=concern_action]").fill("Asistentul social a vizitat-o")
    row.locator("button[type=submit]").click()
    page.wait_for_load_state()
    row = page.locator(f"#concern-{data['stop']}")
    expect(row).to_contain_text(words["handled"])
    expect(row).to_contain_text("Elena Manager")
    expect(row).to_contain_text("Asistentul social a vizitat-o")
