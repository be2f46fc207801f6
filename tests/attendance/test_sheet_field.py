"""The sheet as staff and managers meet it: days past the staff window read-only with why,
marks that can be undone (page and API, audited), all delivered at once, the weekday."""

from datetime import date

from app.attendance.models import AttendanceMark, Mark, MarkSource, Meal
from app.attendance.services import upsert_mark
from app.auth.models import Role
from app.core.models import AuditEntry
from app.extensions import db
from app.places.models import Service

SHEET = "/sites/{site}/attendance/{day}/lunch"


def _marks(site_id, day=date(2026, 11, 16)):
    return {
        m.beneficiary_id: m.mark
        for m in db.session.scalars(
            db.select(AttendanceMark).where(
                AttendanceMark.site_id == site_id, AttendanceMark.day == day
            )
        )
    }


def test_staff_see_a_day_past_their_window_read_only_with_why(
    client, canteen, login_as, make_enrolment, set_today
):
    set_today(date(2026, 11, 30))
    person = make_enrolment(canteen).beneficiary_id
    login_as(Role.STAFF, [canteen])
    html = client.get(SHEET.format(site=canteen.id, day="2026-11-16")).get_data(as_text=True)
    assert "ultimele 3 zile" in html and "le face managerul" in html
    assert f'value="{person}:present"' not in html
    assert 'name="reason"' not in html and 'value="all"' not in html
    # a day inside the window keeps its buttons
    html = client.get(SHEET.format(site=canteen.id, day="2026-11-27")).get_data(as_text=True)
    assert f'value="{person}:present"' in html and "le face managerul" not in html


def test_a_mark_is_cleared_on_the_sheet_and_audited(
    ctx, client, canteen, login_as, make_enrolment, today
):
    person = make_enrolment(canteen).beneficiary_id
    login_as(Role.STAFF, [canteen])
    url = SHEET.format(site=canteen.id, day="2026-11-16")
    client.post(url, data={"tap": f"{person}:present"})
    assert _marks(canteen.id) == {person: Mark.PRESENT}
    assert f'value="{person}:clear"' in client.get(url).get_data(as_text=True)
    answer = client.post(url, data={"tap": f"{person}:clear"})
    assert answer.status_code == 302 and answer.headers["Location"].endswith(f"#p{person}")
    assert _marks(canteen.id) == {}
    assert client.post(url, data={"tap": f"{person}:clear"}).status_code == 302  # again: no-op
    audit = db.session.scalars(
        db.select(AuditEntry).where(
            AuditEntry.entity == "attendance_mark", AuditEntry.action == "delete"
        )
    ).all()
    assert len(audit) == 1 and audit[0].old_value == "present" and audit[0].new_value is None
    html = client.get(url).get_data(as_text=True)
    assert 'data-count="unmarked">1<' in html


def test_a_mark_is_cleared_through_the_api(
    ctx, client, canteen, login_as, make_enrolment, make_site, today
):
    person = make_enrolment(canteen).beneficiary_id
    login_as(Role.STAFF, [canteen])
    api = f"/api/v1/sites/{canteen.id}/attendance/2026-11-16/lunch"
    assert client.put(f"{api}/{person}", json={"mark": "absent"}).status_code == 200
    answer = client.delete(f"{api}/{person}")
    assert answer.status_code == 200, answer.json
    assert answer.json["row"]["mark"] is None and answer.json["counts"]["unmarked"] == 1
    assert _marks(canteen.id) == {}
    other = make_site()
    refused = client.delete(f"/api/v1/sites/{other.id}/attendance/2026-11-16/lunch/{person}")
    assert refused.status_code in (403, 404)


def test_staff_cannot_clear_a_drivers_outcome(
    ctx, client, canteen, login_as, make_enrolment, today
):
    person = make_enrolment(canteen, service=Service.DELIVERY).beneficiary_id
    upsert_mark(
        site_id=canteen.id, beneficiary_id=person, day=today, meal=Meal.LUNCH,
        mark=Mark.DELIVERED, source=MarkSource.DRIVER,
    )  # fmt: skip
    db.session.commit()
    login_as(Role.STAFF, [canteen])
    api = f"/api/v1/sites/{canteen.id}/attendance/2026-11-16/lunch"
    assert client.delete(f"{api}/{person}").status_code == 409
    assert _marks(canteen.id) == {person: Mark.DELIVERED}


def test_all_delivered_marks_the_delivery_group(
    ctx, client, canteen, login_as, make_enrolment, today
):
    at_table = make_enrolment(canteen).beneficiary_id
    first, second = (
        make_enrolment(canteen, service=Service.DELIVERY).beneficiary_id for _ in range(2)
    )
    login_as(Role.STAFF, [canteen])
    url = SHEET.format(site=canteen.id, day="2026-11-16")
    assert 'value="all_delivered"' in client.get(url).get_data(as_text=True)
    client.post(url, data={"tap": f"{second}:not_delivered"})
    assert client.post(url, data={"tap": "all_delivered"}).status_code == 302
    assert _marks(canteen.id) == {first: Mark.DELIVERED, second: Mark.NOT_DELIVERED}
    assert at_table not in _marks(canteen.id)


def test_the_sheet_shows_the_weekday(client, canteen, login_as, make_enrolment, today):
    make_enrolment(canteen)
    login_as(Role.STAFF, [canteen])
    html = client.get(SHEET.format(site=canteen.id, day="2026-11-16")).get_data(as_text=True)
    assert "luni, 16.11.2026" in html
    client.get("/lang/ru")
    html = client.get(SHEET.format(site=canteen.id, day="2026-11-16")).get_data(as_text=True)
    assert "понедельник, 16.11.2026" in html
