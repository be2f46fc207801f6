"""Marking reads only the people marked: the same refusals, rows and counts as the sheet."""

from datetime import date

import pytest

from app.attendance import services
from app.attendance.models import AttendanceMark, Mark, MarkSource, Meal
from app.auth.models import Role
from app.beneficiaries.models import EnrolmentStatus
from app.core.models import AuditEntry
from app.extensions import db
from app.places.models import Service

DAY = "2026-11-16"


def _url(site, person=None, day=DAY):
    base = f"/api/v1/sites/{site.id}/attendance/{day}/lunch"
    return base if person is None else f"{base}/{person}"


def _marks(site_id):
    return db.session.scalars(
        db.select(AttendanceMark).where(AttendanceMark.site_id == site_id)
    ).all()


def _not_expected(person_id: int) -> str:
    return f"Persoana nr. {person_id} nu este înscrisă aici la acest serviciu pe 16.11.2026."


@pytest.mark.parametrize("case", ["other_site", "paused", "waiting", "ended", "unknown"])
def test_someone_not_expected_is_refused_with_the_same_words_and_no_name(
    ctx, client, canteen, make_site, login_as, make_enrolment, make_beneficiary, today, case
):
    elsewhere = make_site()
    person = make_beneficiary(last_name="Rusu", first_name="Elena")
    if case == "other_site":
        make_enrolment(elsewhere, person)
    elif case == "paused":
        make_enrolment(canteen, person, pauses=[(date(2026, 11, 10), date(2026, 11, 20))])
    elif case == "waiting":
        make_enrolment(canteen, person, status=EnrolmentStatus.WAITING)
    elif case == "ended":
        make_enrolment(canteen, person, end_date=date(2026, 11, 13))
    person_id = person.id if case != "unknown" else 999_999
    expected = make_enrolment(canteen).beneficiary_id
    login_as(Role.STAFF, [canteen])
    single = client.put(_url(canteen, person_id), json={"mark": "present"})
    sheet = client.put(
        _url(canteen),
        json={
            "marks": [
                {"beneficiary_id": expected, "mark": "present"},
                {"beneficiary_id": person_id, "mark": "present"},
            ]
        },
    )
    for answer in (single, sheet):
        assert answer.status_code == 422
        assert answer.json["errors"]["marks"] == [_not_expected(person_id)]
        assert "Rusu" not in answer.get_data(as_text=True)
    assert _marks(canteen.id) == [] and _marks(elsewhere.id) == []


def test_a_mark_on_a_closed_day_is_refused(ctx, client, canteen, login_as, make_enrolment, today):
    person = make_enrolment(canteen).beneficiary_id
    services.set_day_override(canteen.id, today, is_open=False, reason="no_water", note=None)
    db.session.commit()
    login_as(Role.STAFF, [canteen])
    single = client.put(_url(canteen, person), json={"mark": "present"})
    sheet = client.put(
        _url(canteen), json={"marks": [{"beneficiary_id": person, "mark": "absent"}]}
    )
    for answer in (single, sheet):
        assert answer.status_code == 409
        assert "16.11.2026" in answer.json["message"]
    assert _marks(canteen.id) == []


def test_a_single_mark_answers_the_row_and_counts_the_sheet_shows(
    ctx, client, canteen, login_as, make_enrolment, today
):
    people = [make_enrolment(canteen).beneficiary_id for _ in range(3)]
    make_enrolment(canteen, service=Service.DELIVERY)
    login_as(Role.STAFF, [canteen])
    client.put(_url(canteen, people[1]), json={"mark": "absent"})
    answer = client.put(_url(canteen, people[0]), json={"mark": "present"})
    assert answer.status_code == 200
    sheet = client.get(_url(canteen)).json
    assert answer.json["row"] == next(r for r in sheet["rows"] if r["beneficiary_id"] == people[0])
    assert answer.json["counts"] == sheet["counts"]
    assert sheet["counts"]["present"] == 1 and sheet["counts"]["absent"] == 1
    assert sheet["counts"]["unmarked"] == 2
    cleared = client.delete(_url(canteen, people[1]), json={})
    assert cleared.status_code == 200
    assert cleared.json["row"]["mark"] is None
    assert cleared.json["counts"] == client.get(_url(canteen)).json["counts"]


def test_a_person_with_two_enrolments_that_day_is_marked_once(
    ctx, canteen, staff, make_enrolment, make_beneficiary, today
):
    person = make_beneficiary()
    # the lunch ends the day the delivery starts: both enrolments are due that day
    make_enrolment(canteen, person, status=EnrolmentStatus.EXITED, end_date=today)
    make_enrolment(canteen, person, service=Service.DELIVERY, start_date=today)
    changed = services.mark_attendance(
        canteen.id, today, Meal.LUNCH, [services.MarkInput(person.id, Mark.DELIVERED)], user=staff
    )
    assert changed == 1
    assert services.sheet_counts(canteen.id, today, Meal.LUNCH)["delivered"] == 1
    assert len(services.daily_sheet(canteen.id, today, Meal.LUNCH).rows) == 1


def test_one_mark_and_many_write_the_same_rows_and_audit(
    ctx, canteen, staff, make_enrolment, today
):
    people = [make_enrolment(canteen).beneficiary_id for _ in range(3)]
    absent = {
        "site_id": canteen.id,
        "beneficiary_id": people[0],
        "day": today,
        "meal": Meal.LUNCH,
        "mark": Mark.ABSENT,
        "source": MarkSource.STAFF,
        "user_id": staff.id,
    }
    # the same mark twice: changed, then not
    assert [services.upsert_mark(**absent), services.upsert_mark(**absent)] == [True, False]
    marks = [
        services.MarkInput(people[2], Mark.PRESENT),
        services.MarkInput(people[0], Mark.EXCUSED, "bolnav"),
        services.MarkInput(people[1], Mark.PRESENT),
    ]
    assert services.mark_attendance(canteen.id, today, Meal.LUNCH, marks, user=staff) == 3
    stored = {m.beneficiary_id: (m.mark, m.reason, m.marked_by_id) for m in _marks(canteen.id)}
    assert stored == {
        people[0]: (Mark.EXCUSED, "bolnav", staff.id),
        people[1]: (Mark.PRESENT, None, staff.id),
        people[2]: (Mark.PRESENT, None, staff.id),
    }
    ids = {m.beneficiary_id: m.id for m in _marks(canteen.id)}
    audits = db.session.scalars(
        db.select(AuditEntry)
        .where(AuditEntry.entity == "attendance_mark", AuditEntry.site_id == canteen.id)
        .order_by(AuditEntry.id)
    ).all()
    assert [(a.entity_id, a.action, a.old_value, a.new_value, a.reason) for a in audits] == [
        (ids[people[0]], "create", None, "absent", None),
        (ids[people[2]], "create", None, "present", None),
        (ids[people[0]], "update", "absent", "excused", "bolnav"),
        (ids[people[1]], "create", None, "present", None),
    ]
    assert {a.user_id for a in audits} == {staff.id}
