"""The attendance pages: sheet (works without JavaScript), calendar, alerts, register."""

import io
from datetime import date

import pytest
from openpyxl import load_workbook

from app.attendance import services
from app.attendance.models import AttendanceMark, Mark, Meal
from app.attendance.services import MarkInput
from app.auth.models import Role
from app.extensions import db
from app.places.models import Service
from tests.conftest import login

SHEET = "/sites/{site}/attendance/2026-11-16/lunch"


def _stored(site_id, day=date(2026, 11, 16)):
    return {
        m.beneficiary_id: m.mark
        for m in db.session.scalars(
            db.select(AttendanceMark).where(
                AttendanceMark.site_id == site_id, AttendanceMark.day == day
            )
        )
    }


def test_sheet_page_lists_people_with_search_keys_and_counts(
    client, canteen, login_as, make_beneficiary, make_enrolment, today
):
    person = make_beneficiary(first_name="Ștefan", last_name="Țurcanu", diet_notes="fără sare")
    make_enrolment(canteen, beneficiary=person)
    make_enrolment(canteen, service=Service.DELIVERY)
    login_as(Role.STAFF, [canteen])
    html = client.get(SHEET.format(site=canteen.id)).get_data(as_text=True)
    assert "Țurcanu Ștefan" in html and "fără sare" in html
    assert 'data-key="turcanu stefan"' in html  # the page's search ignores diacritics
    assert f'value="{person.id}:present"' in html
    assert "Livrate la domiciliu" in html
    assert 'data-count="unmarked">2<' in html
    assert "attendance.js" in html


def test_sheet_works_without_javascript(ctx, client, canteen, login_as, make_enrolment, today):
    a, b, c = (make_enrolment(canteen).beneficiary_id for _ in range(3))
    login_as(Role.STAFF, [canteen])
    url = SHEET.format(site=canteen.id)
    response = client.post(url, data={"tap": f"{b}:absent"})
    assert response.status_code == 302 and response.headers["Location"].endswith(f"#p{b}")
    assert client.post(url, data={"tap": "all"}).status_code == 302
    assert _stored(canteen.id) == {a: Mark.PRESENT, b: Mark.ABSENT, c: Mark.PRESENT}
    html = client.get(url).get_data(as_text=True)
    assert 'data-count="present">2<' in html and 'data-count="absent">1<' in html


def test_refused_tap_shows_the_reason_on_the_page(
    client, canteen, login_as, make_enrolment, set_today
):
    set_today(date(2026, 11, 30))
    person = make_enrolment(canteen).beneficiary_id
    login_as(Role.STAFF, [canteen])
    response = client.post(SHEET.format(site=canteen.id), data={"tap": f"{person}:present"})
    # a broken rule, as the API answers it (test_refused_days_answer_409_with_the_reason)
    assert response.status_code == 409
    assert "ultimele 3 zile" in response.get_data(as_text=True)


def test_sheet_on_a_holiday_says_why_and_offers_no_buttons(
    client, canteen, login_as, make_enrolment, set_today
):
    set_today(date(2026, 6, 2))
    person = make_enrolment(canteen).beneficiary_id
    login_as(Role.STAFF, [canteen])
    html = client.get(f"/sites/{canteen.id}/attendance/2026-06-01/lunch").get_data(as_text=True)
    assert "Ocrotirii Copilului" in html
    assert f'value="{person}:present"' not in html


def test_manager_old_day_form_asks_for_a_reason(
    ctx, client, canteen, login_as, make_enrolment, today
):
    person = make_enrolment(canteen).beneficiary_id
    login_as(Role.MANAGER)
    url = f"/sites/{canteen.id}/attendance/2026-10-01/lunch"
    assert 'name="reason"' in client.get(url).get_data(as_text=True)
    missing = client.post(url, data={"tap": f"{person}:present"})
    assert missing.status_code == 422 and 'id="err-reason"' in missing.get_data(as_text=True)
    ok = client.post(url, data={"tap": f"{person}:present", "reason": "fișa de hârtie"})
    assert ok.status_code == 302
    assert _stored(canteen.id, date(2026, 10, 1)) == {person: Mark.PRESENT}


def test_calendar_page_shows_holidays_and_managers_close_a_day(ctx, client, canteen, login_as):
    login_as(Role.MANAGER)
    url = f"/sites/{canteen.id}/calendar/2026/4"
    html = client.get(url).get_data(as_text=True)
    assert "Paștele blajinilor" in html and 'name="action"' in html
    bad = client.post(url, data={"day": "2026-04-15", "action": "close"})
    assert bad.status_code == 422 and "Alegeți motivul" in bad.get_data(as_text=True)
    ok = client.post(url, data={"day": "2026-04-15", "action": "close", "reason": "no_gas"})
    assert ok.status_code == 302
    assert "lipsă gaz" in client.get(url).get_data(as_text=True)
    assert not services.calendar.serves_on(canteen.id, date(2026, 4, 15))


def test_staff_sees_the_calendar_without_the_form(ctx, client, canteen, login_as):
    login_as(Role.STAFF, [canteen])
    url = f"/sites/{canteen.id}/calendar/2026/4"
    assert 'name="action"' not in client.get(url).get_data(as_text=True)
    refused = client.post(url, data={"day": "2026-04-15", "action": "close", "reason": "no_gas"})
    # a permission, refused as every other: 403, nothing saved
    assert refused.status_code == 403
    assert services.calendar.serves_on(canteen.id, date(2026, 4, 15))


def test_home_and_site_page_show_the_kitchen_count(
    client, canteen, login_as, make_enrolment, today
):
    for _ in range(2):
        make_enrolment(canteen)
    make_enrolment(canteen, service=Service.DELIVERY)
    login_as(Role.STAFF, [canteen])
    home = client.get("/").get_data(as_text=True)
    assert "Porții de gătit: 3" in home
    site = client.get(f"/sites/{canteen.id}").get_data(as_text=True)
    assert "Porții de gătit: 3" in site and "la cantină 2, de livrat 1" in site


def test_home_says_closed_on_a_holiday(client, canteen, login_as, make_enrolment, set_today):
    set_today(date(2026, 8, 27))
    make_enrolment(canteen)
    login_as(Role.STAFF, [canteen])
    home = client.get("/").get_data(as_text=True)
    assert "Ziua independenței" in home and "Porții de gătit" not in home


def test_alerts_page_lists_people_absent_three_days(
    ctx, client, canteen, manager, make_enrolment, login_as, set_today
):
    person = make_enrolment(canteen).beneficiary_id
    for day in (date(2026, 11, 12), date(2026, 11, 13), date(2026, 11, 16)):
        set_today(day)
        services.mark_attendance(
            canteen.id, day, Meal.LUNCH, [MarkInput(person, Mark.ABSENT)], user=manager
        )
    db.session.commit()
    login_as(Role.MANAGER)
    html = client.get("/attendance/alerts").get_data(as_text=True)
    assert canteen.name in html and "12.11.2026" in html
    assert "12.11.2026" in client.get(f"/sites/{canteen.id}").get_data(as_text=True)


def test_monthly_register_page_and_xlsx(
    ctx, client, canteen, manager, make_beneficiary, make_enrolment, set_today
):
    a = make_enrolment(canteen, beneficiary=make_beneficiary(last_name="Albu", first_name="Ana"))
    d = make_enrolment(
        canteen,
        beneficiary=make_beneficiary(last_name="=Bad", first_name="Dan"),
        service=Service.DELIVERY,
    )
    for day, a_mark, d_mark in (
        (date(2026, 11, 2), Mark.PRESENT, Mark.DELIVERED),
        (date(2026, 11, 3), Mark.ABSENT, Mark.NOT_DELIVERED),
        (date(2026, 11, 4), Mark.EXCUSED, Mark.DELIVERED),
    ):
        set_today(day)
        services.mark_attendance(
            canteen.id,
            day,
            Meal.LUNCH,
            [MarkInput(a.beneficiary_id, a_mark), MarkInput(d.beneficiary_id, d_mark)],
            user=manager,
        )
    db.session.commit()
    login(client, manager)
    html = client.get(f"/sites/{canteen.id}/register/2026/11/lunch").get_data(as_text=True)
    assert "Albu Ana" in html and "size: A4 landscape" not in html  # CSS lives in the file
    assert '<td class="m-A">A</td>' in html and '<td class="m-L">L</td>' in html

    response = client.get(f"/sites/{canteen.id}/register/2026/11/lunch/xlsx")
    assert response.status_code == 200
    assert response.mimetype.endswith("spreadsheetml.sheet")
    sheet = load_workbook(io.BytesIO(response.data)).active
    assert sheet.page_setup.orientation == "landscape" and sheet.page_setup.paperSize == 9
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][0].startswith("Registru de evidență")
    headers = rows[2]
    # November 2026 has 21 service days; columns: name, days, served, absent, excused
    assert headers[0] == "Nume, prenume" and headers[1] == "02.11" and len(headers) == 1 + 21 + 3
    body = {r[0]: r for r in rows[3:]}
    assert body["Albu Ana"][1:4] == ("P", "A", "M")
    assert body["Albu Ana"][-3:] == (1, 1, 1)
    assert body["'=Bad Dan"][1:4] == ("L", "N", "L")  # formula neutralised
    assert body["'=Bad Dan"][-3:] == (2, 0, 0)
    totals = rows[-1]
    assert totals[0] == "Total servite pe zi" and totals[1:4] == (2, 0, 1)
    assert totals[22] == 3


def test_register_css_prints_a4_landscape():
    from pathlib import Path

    css = (Path(__file__).parents[2] / "app/static/attendance.css").read_text()
    assert "size: A4 landscape" in css


PAGES = [
    "/sites/{site}/attendance/2026-11-16/lunch",
    "/sites/{site}/attendance",
    "/sites/{site}/calendar/2026/11",
    "/sites/{site}/register/2026/11/lunch",
    "/sites/{site}/register/2026/11/lunch/xlsx",
]


@pytest.mark.parametrize("path", PAGES)
@pytest.mark.parametrize(
    ("role", "own", "status"),
    [
        (Role.ADMIN, False, 200),
        (Role.MANAGER, False, 200),
        (Role.STAFF, True, 200),
        (Role.STAFF, False, 403),
        (Role.DRIVER, True, 403),
    ],
)
def test_page_permission_matrix(
    client, canteen, make_site, login_as, today, path, role, own, status
):
    login_as(role, [canteen] if own else ([make_site()] if role == Role.STAFF else []))
    response = client.get(path.format(site=canteen.id))
    expected = 302 if path.endswith("/attendance") and status == 200 else status
    assert response.status_code == expected


def test_alerts_page_roles(client, login_as):
    login_as(Role.DRIVER)
    assert client.get("/attendance/alerts").status_code == 403


@pytest.mark.parametrize("typed", ["1900-01-01", "2999-12-31"])
def test_calendar_page_refuses_a_date_outside_the_window_beside_the_field(
    ctx, client, canteen, login_as, typed
):
    login_as(Role.MANAGER)
    url = f"/sites/{canteen.id}/calendar/2026/4"
    answer = client.post(url, data={"day": typed, "action": "open", "note": "x"})
    html = answer.get_data(as_text=True)
    assert answer.status_code == 422
    assert '<small class="error" id="err-day">Alegeți o zi între 01.01.2000' in html
    assert 'min="2000-01-01"' in client.get(url).get_data(as_text=True)


def test_sheet_shows_a_drivers_failure_reason_in_words(
    ctx, client, canteen, login_as, make_enrolment, today
):
    from app.attendance.models import MarkSource

    person = make_enrolment(canteen, service=Service.DELIVERY).beneficiary_id
    services.upsert_mark(
        site_id=canteen.id, beneficiary_id=person, day=today, meal=Meal.LUNCH,
        mark=Mark.NOT_DELIVERED, source=MarkSource.DRIVER, reason="not_home",
    )  # fmt: skip
    login_as(Role.STAFF, [canteen])
    html = client.get(SHEET.format(site=canteen.id)).get_data(as_text=True)
    assert "Nelivrat</strong> · Nu era acasă" in html and "not_home" not in html
    login_as(Role.MANAGER)
    calendar_page = client.get(f"/sites/{canteen.id}/calendar/2026/4").get_data(as_text=True)
    assert '<option value="other" >alt motiv</option>' in calendar_page


def test_russian_sheet_has_neutral_buttons_and_translated_diets(
    client, canteen, login_as, make_beneficiary, make_enrolment, today
):
    person = make_beneficiary(diet_notes="Fără  sare")
    make_enrolment(canteen, beneficiary=person)
    login_as(Role.STAFF, [canteen])
    with client.session_transaction() as session:
        session["lang"] = "ru"
    html = client.get(SHEET.format(site=canteen.id)).get_data(as_text=True)
    assert ">Присутствует<" in html and ">Отсутствует<" in html
    assert ">Присутствовал<" not in html and ">Отсутствовал<" not in html
    assert '<small class="badge">без соли</small>' in html
    home = client.get(f"/sites/{canteen.id}").get_data(as_text=True)
    assert "без соли: <strong>1</strong>" in home
