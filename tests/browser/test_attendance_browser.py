"""Staff mark today's sheet in a real browser, online and with the network cut."""

from playwright.sync_api import expect

from app.attendance.models import AttendanceMark, Mark
from app.core import calendar, clock
from app.core.models import SiteDayOverride
from app.extensions import db
from tests.attendance.conftest import seed_sheet
from tests.conftest import PASSWORD

NAMES = [
    ("Ana", "Albu"),
    ("Ștefan", "Bîrcă"),
    ("Ion", "Ceban"),
    ("Maria", "Dodon"),
    ("Elena", "Esanu"),
]


def seed(app):
    with app.app_context():
        seeded = seed_sheet(names=NAMES)
        today = clock.today()
        if not calendar.serves_on(seeded.site_id, today):
            db.session.add(
                SiteDayOverride(site_id=seeded.site_id, day=today, is_open=True, reason="test")
            )
            db.session.commit()
        return seeded


def stored(app, site_id):
    with app.app_context():
        rows = db.session.execute(
            db.select(AttendanceMark.beneficiary_id, AttendanceMark.mark).where(
                AttendanceMark.site_id == site_id, AttendanceMark.day == clock.today()
            )
        ).all()
        db.session.remove()
        return dict(rows)


def is_put(response):
    return "/api/v1/" in response.url and response.request.method == "PUT"


def test_staff_marks_the_sheet_online_then_offline(live_server, phone_page):
    page = phone_page
    seeded = seed(live_server.app)
    albu, barca, ceban, dodon, esanu = seeded.beneficiary_ids
    page.goto(f"{live_server.url}/login")
    page.fill("input[name=username]", seeded.usernames[0])
    page.fill("input[name=password]", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url(f"{live_server.url}/")
    page.goto(f"{live_server.url}/sites/{seeded.site_id}/attendance")
    count = page.locator
    expect(count("[data-count=unmarked]")).to_have_text("5")

    with page.expect_response(is_put) as answer:
        page.click("button[value=all]")
    assert answer.value.ok
    expect(count("[data-count=present]")).to_have_text("5")
    with page.expect_response(is_put) as answer:
        page.click(f"button[value='{ceban}:absent']")
    assert answer.value.ok

    page.reload()
    expect(count("[data-count=present]")).to_have_text("4")
    expect(count("[data-count=absent]")).to_have_text("1")
    expect(count("[data-count=unmarked]")).to_have_text("0")
    assert stored(live_server.app, seeded.site_id)[ceban] == Mark.ABSENT

    # searching ignores diacritics
    page.fill("#att-search", "stefan birca")
    expect(page.locator(".att-list li[data-id]:visible")).to_have_count(1)
    expect(page.locator(f"#p{barca}")).to_be_visible()
    page.fill("#att-search", "")

    # the network drops: taps are kept on the device and counted as unsaved
    page.context.set_offline(True)
    page.click(f"button[value='{dodon}:excused']")
    page.click(f"button[value='{esanu}:absent']")
    expect(page.locator("#unsaved")).to_have_text("2 nesalvate")
    expect(count("[data-count=absent]")).to_have_text("2")
    before = stored(live_server.app, seeded.site_id)
    assert before[dodon] == Mark.PRESENT and before[esanu] == Mark.PRESENT

    # back online: the queue is sent and the marks reach the server
    page.context.set_offline(False)
    expect(page.locator("#unsaved")).to_be_hidden(timeout=20_000)
    after = stored(live_server.app, seeded.site_id)
    assert after == {
        albu: Mark.PRESENT,
        barca: Mark.PRESENT,
        ceban: Mark.ABSENT,
        dodon: Mark.EXCUSED,
        esanu: Mark.ABSENT,
    }
    page.reload()
    expect(count("[data-count=absent]")).to_have_text("2")
    expect(count("[data-count=excused]")).to_have_text("1")
