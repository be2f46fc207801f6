"""The attendance API: sheets, single marks, calendar, kitchen count, alerts."""

from datetime import date

import pytest

from app.attendance.models import AttendanceMark
from app.auth.models import Role
from app.core.models import AuditEntry
from app.extensions import db
from app.places.models import Service

DAY = "2026-11-16"


def _sheet_url(site, day=DAY, meal="lunch"):
    return f"/api/v1/sites/{site.id}/attendance/{day}/{meal}"


def _rows(site_id):
    return db.session.scalars(
        db.select(AttendanceMark).where(AttendanceMark.site_id == site_id)
    ).all()


def test_put_sheet_marks_and_answers_the_rows_written_with_the_counts(
    client, canteen, login_as, make_enrolment, today
):
    people = [make_enrolment(canteen).beneficiary_id for _ in range(3)]
    login_as(Role.STAFF, [canteen])
    body = {
        "marks": [
            {"beneficiary_id": people[0], "mark": "present"},
            {"beneficiary_id": people[1], "mark": "absent"},
        ]
    }
    response = client.put(_sheet_url(canteen), json=body)
    assert response.status_code == 200, response.json
    answer = response.json
    assert answer["counts"]["present"] == 1 and answer["counts"]["unmarked"] == 1
    assert answer["changed"] == 2
    assert [(r["beneficiary_id"], r["mark"]) for r in answer["rows"]] == [
        (people[0], "present"),
        (people[1], "absent"),
    ]
    sheet = client.get(_sheet_url(canteen)).json
    assert {r["beneficiary_id"]: r["mark"] for r in sheet["rows"]} == {
        people[0]: "present",
        people[1]: "absent",
        people[2]: None,
    }
    assert sheet["counts"] == answer["counts"]
    assert all(row in sheet["rows"] for row in answer["rows"])


def test_put_sheet_is_all_or_nothing(
    ctx, client, canteen, login_as, make_enrolment, make_beneficiary, today
):
    ok = make_enrolment(canteen).beneficiary_id
    stranger = make_beneficiary(last_name="Rusu", first_name="Elena").id
    login_as(Role.STAFF, [canteen])
    response = client.put(
        _sheet_url(canteen),
        json={
            "marks": [
                {"beneficiary_id": ok, "mark": "present"},
                {"beneficiary_id": stranger, "mark": "present"},
            ]
        },
    )
    assert response.status_code == 422
    assert "Rusu" not in response.json["message"] and response.json["errors"]["marks"]
    assert _rows(canteen.id) == []


def test_bad_bodies_answer_422_per_field(client, canteen, login_as, today):
    login_as(Role.STAFF, [canteen])
    response = client.put(_sheet_url(canteen), json={"marks": [{"mark": "maybe"}]})
    assert response.status_code == 422
    assert "marks" in response.json["errors"]
    assert client.put(_sheet_url(canteen), json={"marks": []}).status_code == 422
    assert client.get(_sheet_url(canteen, day="2026-13-01")).status_code == 422


def test_a_holiday_in_the_staff_window_is_refused(
    client, canteen, login_as, make_enrolment, set_today
):
    set_today(date(2026, 9, 1))  # the day after "Limba noastră"
    person = make_enrolment(canteen).beneficiary_id
    login_as(Role.STAFF, [canteen])
    response = client.put(
        f"{_sheet_url(canteen, day='2026-08-31')}/{person}", json={"mark": "present"}
    )
    assert response.status_code == 409
    assert "Limba noastră" in response.json["message"]
    assert client.get(_sheet_url(canteen, meal="dinner")).status_code == 404


def test_single_mark_sent_twice_counts_once(ctx, client, canteen, login_as, make_enrolment, today):
    person = make_enrolment(canteen).beneficiary_id
    login_as(Role.STAFF, [canteen])
    url = f"{_sheet_url(canteen)}/{person}"
    first = client.put(url, json={"mark": "present"})
    again = client.put(url, json={"mark": "present"})
    assert first.status_code == again.status_code == 200
    assert again.json["row"]["mark"] == "present"
    assert again.json["counts"]["present"] == 1
    assert len(_rows(canteen.id)) == 1
    audits = db.session.scalars(
        db.select(AuditEntry).where(
            AuditEntry.entity == "attendance_mark", AuditEntry.site_id == canteen.id
        )
    ).all()
    assert len(audits) == 1


@pytest.mark.parametrize(
    ("day", "words"),
    [
        ("2026-11-14", "sâmbătă"),
        ("2026-11-17", "viitoare"),
        ("2026-11-10", "ultimele 3 zile"),
    ],
)
def test_refused_days_answer_409_with_the_reason(
    client, canteen, login_as, make_enrolment, today, day, words
):
    person = make_enrolment(canteen).beneficiary_id
    login_as(Role.STAFF, [canteen])
    response = client.put(f"{_sheet_url(canteen, day=day)}/{person}", json={"mark": "present"})
    assert response.status_code == 409
    assert words in response.json["message"]


def test_manager_old_day_needs_reason_field(client, canteen, login_as, make_enrolment, today):
    person = make_enrolment(canteen).beneficiary_id
    login_as(Role.MANAGER)
    url = _sheet_url(canteen, day="2026-10-01")
    missing = client.put(url, json={"marks": [{"beneficiary_id": person, "mark": "present"}]})
    assert missing.status_code == 422 and "reason" in missing.json["errors"]
    ok = client.put(
        url,
        json={"marks": [{"beneficiary_id": person, "mark": "present"}], "reason": "fișa de hârtie"},
    )
    assert ok.status_code == 200 and ok.json["rows"][0]["reason"] == "fișa de hârtie"


def test_calendar_month_and_day_overrides(client, canteen, login_as):
    login_as(Role.MANAGER)
    month = client.get(f"/api/v1/sites/{canteen.id}/calendar/2026-04").json
    days = {d["day"]: d for d in month["days"]}
    assert len(days) == 30
    assert days["2026-04-13"]["holiday"] and not days["2026-04-13"]["serves"]
    assert days["2026-04-18"]["weekend"] and not days["2026-04-18"]["serves"]
    assert days["2026-04-14"]["serves"]

    url = f"/api/v1/sites/{canteen.id}/calendar/days/2026-04-14"
    assert client.put(url, json={"is_open": False}).status_code == 422
    closed = client.put(url, json={"is_open": False, "reason": "training"})
    assert closed.status_code == 200
    assert closed.json == {
        "day": "2026-04-14",
        "serves": False,
        "weekend": False,
        "holiday": None,
        "override": "closed",
        "reason": "training",
        "keeps_marks": False,
    }
    saturday = client.put(
        f"/api/v1/sites/{canteen.id}/calendar/days/2026-04-18", json={"is_open": True}
    )
    assert saturday.json["serves"] and saturday.json["override"] == "open"
    assert client.delete(url).status_code == 204
    assert client.delete(url).status_code == 409
    again = client.get(f"/api/v1/sites/{canteen.id}/calendar/2026-04").json
    assert next(d for d in again["days"] if d["day"] == "2026-04-14")["serves"]
    assert client.get(f"/api/v1/sites/{canteen.id}/calendar/2026-13").status_code == 404


def test_staff_reads_the_calendar_but_cannot_change_it(client, canteen, login_as):
    login_as(Role.STAFF, [canteen])
    assert client.get(f"/api/v1/sites/{canteen.id}/calendar/2026-11").status_code == 200
    url = f"/api/v1/sites/{canteen.id}/calendar/days/2026-11-18"
    assert client.put(url, json={"is_open": False, "reason": "no_gas"}).status_code == 403
    assert client.delete(url).status_code == 403


def test_kitchen_count_endpoint(client, canteen, login_as, make_enrolment, today):
    make_enrolment(canteen)
    make_enrolment(canteen, service=Service.DELIVERY)
    login_as(Role.STAFF, [canteen])
    count = client.get(f"/api/v1/sites/{canteen.id}/kitchen-count/{DAY}").json
    assert count["serves"] and count["total"] == 2
    assert count["at_canteen"] == 1 and count["to_deliver"] == 1
    holiday = client.get(f"/api/v1/sites/{canteen.id}/kitchen-count/2026-12-25").json
    assert not holiday["serves"] and "Crăciunul" in holiday["closed_message"]


def test_absence_alert_after_three_absent_service_days(
    client, canteen, make_site, login_as, make_enrolment, set_today
):
    gone = make_enrolment(canteen).beneficiary_id
    excused = make_enrolment(canteen).beneficiary_id
    came_back = make_enrolment(canteen).beneficiary_id
    login_as(Role.MANAGER)
    # Thursday, Friday, then Monday (the weekend does not break the run)
    for day, marks in (
        ("2026-11-12", {gone: "absent", excused: "absent", came_back: "absent"}),
        ("2026-11-13", {gone: "absent", excused: "excused", came_back: "absent"}),
        ("2026-11-16", {gone: "absent", excused: "absent", came_back: "present"}),
    ):
        set_today(date.fromisoformat(day))
        body = {"marks": [{"beneficiary_id": b, "mark": m} for b, m in marks.items()]}
        assert client.put(_sheet_url(canteen, day=day), json=body).status_code == 200
    alerts = client.get(f"/api/v1/attendance/alerts?site_id={canteen.id}").json["items"]
    assert [(a["beneficiary_id"], a["since"], a["days"]) for a in alerts] == [
        (gone, "2026-11-12", 3)
    ]
    # next morning, before anyone is marked, the alert stays
    set_today(date(2026, 11, 17))
    alerts = client.get(f"/api/v1/attendance/alerts?site_id={canteen.id}").json["items"]
    assert [a["beneficiary_id"] for a in alerts] == [gone]
    everywhere = client.get("/api/v1/attendance/alerts").json["items"]
    assert gone in [a["beneficiary_id"] for a in everywhere]


def test_alerts_of_another_site_are_forbidden_to_staff(client, canteen, make_site, login_as):
    other = make_site()
    login_as(Role.STAFF, [canteen])
    assert client.get(f"/api/v1/attendance/alerts?site_id={other.id}").status_code == 403
    assert client.get("/api/v1/attendance/alerts").status_code == 200


ENDPOINTS = [
    ("get", "/api/v1/sites/{site}/attendance/2026-11-16/lunch", None),
    (
        "put",
        "/api/v1/sites/{site}/attendance/2026-11-16/lunch",
        {"marks": [{"beneficiary_id": 1, "mark": "present"}]},
    ),  # noqa: E501
    ("put", "/api/v1/sites/{site}/attendance/2026-11-16/lunch/1", {"mark": "present"}),
    ("get", "/api/v1/sites/{site}/kitchen-count/2026-11-16", None),
    ("get", "/api/v1/sites/{site}/calendar/2026-11", None),
    ("get", "/api/v1/attendance/alerts?site_id={site}", None),
]


@pytest.mark.parametrize(("method", "path", "body"), ENDPOINTS)
def test_permission_matrix(client, canteen, make_site, login_as, today, method, path, body):
    """Staff of another site get 403, drivers get 403 everywhere."""
    other = make_site()
    login_as(Role.STAFF, [other])
    response = getattr(client, method)(path.format(site=canteen.id), json=body)
    assert response.status_code == 403
    client.post("/logout")
    login_as(Role.DRIVER, [canteen])
    response = getattr(client, method)(path.format(site=canteen.id), json=body)
    assert response.status_code == 403
    client.post("/logout")
    login_as(Role.STAFF, [canteen])
    response = getattr(client, method)(path.format(site=canteen.id), json=body)
    assert response.status_code != 403  # own site: allowed (may still be refused by a rule)


def test_closing_a_marked_day_through_the_api_needs_keep_marks(
    ctx, client, canteen, login_as, make_enrolment, today
):
    person = make_enrolment(canteen).beneficiary_id
    login_as(Role.STAFF, [canteen])
    marked = client.put(f"{_sheet_url(canteen)}/{person}", json={"mark": "present"})
    assert marked.status_code == 200
    login_as(Role.MANAGER)
    url = f"/api/v1/sites/{canteen.id}/calendar/days/{today.isoformat()}"
    refused = client.put(url, json={"is_open": False, "reason": "no_gas"})
    assert refused.status_code == 409
    assert "1 marcaj" in refused.json["message"] and "keep_marks" in refused.json["errors"]
    kept = client.put(url, json={"is_open": False, "reason": "no_gas", "keep_marks": True})
    assert kept.status_code == 200 and kept.json["serves"] is False
    assert kept.json["keeps_marks"] is True
    far = client.put(f"/api/v1/sites/{canteen.id}/calendar/days/2999-12-31", json={"is_open": True})
    # a date in the path outside the window is no day of the calendar: 404, as everywhere
    assert far.status_code == 404 and far.is_json
