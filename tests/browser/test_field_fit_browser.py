"""What a manager meets on the pages: a closure that would contradict the day's marks."""

from datetime import timedelta

from playwright.sync_api import expect

from app.attendance import services
from app.attendance.models import Mark, MarkSource, Meal
from app.auth import services as auth_services
from app.auth.models import Role
from app.core import calendar, clock
from app.extensions import db
from tests.attendance.conftest import seed_sheet
from tests.conftest import PASSWORD


def _seed_marked_day(app, staff_marks=3, deliveries=1):
    """A site with people marked on a plain service day near today, and a manager."""
    with app.app_context():
        seeded = seed_sheet(people=staff_marks + deliveries)
        day = clock.today()
        while not calendar.is_default_service_day(day):
            day += timedelta(days=1)
        for i, person in enumerate(seeded.beneficiary_ids):
            by_driver = i >= staff_marks
            services.upsert_mark(
                site_id=seeded.site_id,
                beneficiary_id=person,
                day=day,
                meal=Meal.LUNCH,
                mark=Mark.DELIVERED if by_driver else Mark.PRESENT,
                source=MarkSource.DRIVER if by_driver else MarkSource.STAFF,
            )
        manager = auth_services.create_user(
            username="manager1", full_name="Maria Manager", role=Role.MANAGER,
            password=PASSWORD, site_ids=[],
        )  # fmt: skip
        db.session.commit()
        result = seeded.site_id, day, manager.username
        db.session.remove()
        return result


def _login(page, url, username):
    page.goto(f"{url}/login")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url(f"{url}/")


def _close_day(page, day):
    page.fill("input[name=day]", day.isoformat())
    page.select_option("select[name=action]", "close")
    page.select_option("select[name=reason]", "no_water")
    page.click("#day-form button[type=submit]")


def test_manager_closing_a_marked_day_is_asked_and_keeps_the_marks(live_server, page):
    site_id, day, username = _seed_marked_day(live_server.app)
    _login(page, live_server.url, username)
    calendar_url = f"{live_server.url}/sites/{site_id}/calendar/{day.year}/{day.month}"
    page.goto(calendar_url)
    _close_day(page, day)

    alert = page.locator("[role=alert]")
    expect(alert).to_contain_text("3 marcaje, 1 rezultat de livrare")
    expect(page.locator("#keep-marks")).to_be_visible()
    with live_server.app.app_context():
        assert calendar.serves_on(site_id, day)  # nothing saved before the answer
        db.session.remove()

    page.check("input[name=marks][value=keep]")
    page.click("#day-form button[type=submit]")
    cell = page.locator(f".cal-day[data-day='{day.isoformat()}']")
    expect(cell).to_contain_text("lipsă apă")
    expect(cell).to_contain_text("marcajele făcute rămân mese servite")

    page.goto(f"{live_server.url}/sites/{site_id}/register/{day.year}/{day.month}/lunch")
    expect(page.locator("body")).to_contain_text("Total servite pe zi")
    with live_server.app.app_context():
        status = calendar.day_status(site_id, day)
        assert not status.serves and status.keeps_marks
        db.session.remove()


def test_manager_can_give_up_the_closure(live_server, page):
    site_id, day, username = _seed_marked_day(live_server.app, staff_marks=1, deliveries=0)
    _login(page, live_server.url, username)
    page.goto(f"{live_server.url}/sites/{site_id}/calendar/{day.year}/{day.month}")
    _close_day(page, day)
    expect(page.locator("[role=alert]")).to_contain_text("1 marcaj.")
    page.check("input[name=marks][value=refuse]")
    page.click("#day-form button[type=submit]")
    expect(page.locator("body")).to_contain_text("Ziua nu a fost închisă")
    with live_server.app.app_context():
        assert calendar.serves_on(site_id, day)
        db.session.remove()


def test_search_box_stops_at_its_limit_and_a_long_query_is_explained(live_server, page):
    _site_id, _day, username = _seed_marked_day(live_server.app, staff_marks=1, deliveries=0)
    _login(page, live_server.url, username)
    page.goto(f"{live_server.url}/beneficiaries")
    box = page.locator("input[name=q]")
    box.press_sequentially("a" * 130)
    assert len(box.input_value()) == 120  # the browser stops at the schema's limit
    # a link typed by hand with a longer query gets a sentence, not a bare status code
    page.goto(f"{live_server.url}/beneficiaries?q={'b' * 3000}")
    expect(page.locator("#err-q")).to_have_text("Scrieți cel mult 120 caractere.")


def test_russian_manager_reads_form_errors_and_error_pages_in_russian(live_server, page):
    _site_id, _day, username = _seed_marked_day(live_server.app, staff_marks=1, deliveries=0)
    _login(page, live_server.url, username)
    page.goto(f"{live_server.url}/lang/ru")
    page.goto(f"{live_server.url}/beneficiaries/new")
    page.fill("input[name=last_name]", "Бэлан")
    page.fill("input[name=first_name]", "Раиса")
    page.fill("input[name=birth_date]", "2999-01-01")
    page.fill("input[name=household_size]", "99")
    page.click("form.card button[type=submit]")
    expect(page.locator("#err-birth_date")).to_have_text("Дата не может быть в будущем.")
    expect(page.locator("#err-household_size")).to_have_text("Введите значение от 1 до 30.")
    assert page.locator("textarea[name=notes]").get_attribute("maxlength") == "2000"

    answer = page.goto(f"{live_server.url}/no/such/page")
    assert answer.status == 404
    expect(page.locator("h1")).to_contain_text("Страница не найдена")
    expect(page.locator("body")).not_to_contain_text("Not Found")
