"""A data subject's request: everything held about one person, as a workbook and JSON."""

import io
import json
from datetime import datetime

import pytest
from openpyxl import load_workbook
from sqlalchemy import select

from app.auth.models import Role
from app.core.models import AuditEntry
from app.extensions import db

SHEETS = [
    "Persoana",
    "Înscrieri",
    "Suspendări",
    "Schimbări de stare",
    "Prezență",
    "Trasee",
    "Livrări",
    "Pachete",
    "Campanii",
    "Istoric",
]


def _values(ws):
    return [list(row) for row in ws.iter_rows(values_only=True)]


def _check_workbook(wb, w):
    assert wb.sheetnames == SHEETS
    person = dict(_values(wb["Persoana"])[1:])
    assert _values(wb["Persoana"])[0] == ["Câmp", "Valoare"]
    assert person["Nr."] == w.person.id
    assert person["Nume"] == "Rusu"
    assert person["Prenume"] == "Elena"
    assert person["IDNP"] == "2001234567890"
    assert person["Data nașterii"] == datetime(1941, 5, 17)
    assert person["Sex"] == "F"
    assert person["Categorii"] == "solitary_elderly"
    assert person["Adresa"] == "str. Nouă 5"  # the value after the edit
    assert person["Telefon"] == "068555444"
    assert person["Persoană de contact"] == "Ana Rusu"
    assert person["Telefon contact"] == "069000222"
    assert person["Dietă"] == "fără sare"
    assert person["Note"] == "vecina are cheia"
    assert person["Anonimizat la"] is None

    enrolments = _values(wb["Înscrieri"])
    assert enrolments[0][:4] == ["Nr.", "Centru", "Serviciu", "Stare"]
    assert len(enrolments) == 2
    assert enrolments[1][:13] == [
        w.enrolment.id,
        w.site.name,
        "lunch",
        "exited",
        w.enrolment.decision_number,
        datetime(2026, 1, 5),
        None,
        None,
        datetime(2021, 2, 1),
        datetime(2026, 12, 31),
        datetime(2022, 6, 30),
        "mutat la fiică",
        None,
    ]

    assert _values(wb["Prezență"]) == [
        ["Ziua", "Centru", "Masa", "Marcaj", "Sursa", "Motivul", "Marcat la"],
        # 10:00 UTC is noon in Chisinau in March
        [
            datetime(2022, 3, 1),
            w.site.name,
            "lunch",
            "present",
            "staff",
            None,
            datetime(2022, 3, 1, 12),
        ],
        [
            datetime(2022, 3, 2),
            w.site.name,
            "lunch",
            "absent",
            "staff",
            None,
            datetime(2022, 3, 1, 12),
        ],
        [
            datetime(2022, 3, 3),
            w.site.name,
            "lunch",
            "delivered",
            "staff",
            None,
            datetime(2022, 3, 1, 12),
        ],
    ]

    deliveries = _values(wb["Livrări"])
    assert len(deliveries) == 2
    assert deliveries[1][:19] == [
        datetime(2022, 3, 3),
        "Traseu Nord",
        w.site.name,
        1,
        "Rusu Elena",
        "str. Florilor 3",
        "069000111",
        "Ana Rusu",
        None,
        "fără sare",
        None,
        1,
        None,
        "delivered",
        None,
        '\'=HYPERLINK("http://x")',  # neutralised: it never runs as a formula
        False,
        None,
        None,
    ]

    parcels = _values(wb["Pachete"])
    assert len(parcels) == 2
    assert parcels[1][:8] == [
        w.distribution_id,
        datetime(2022, 1, 20),
        w.site.name,
        "Pachet de iarnă",
        2,
        "handed_over",
        "at_site",
        None,
    ]
    assert isinstance(parcels[1][8], datetime)

    history = _values(wb["Istoric"])
    assert history[0] == [
        "Când",
        "Cine",
        "Înregistrare",
        "Nr. înregistrare",
        "Acțiune",
        "Câmp",
        "Valoare veche",
        "Valoare nouă",
        "Motivul",
    ]
    assert [row[1:] for row in history[1:]] == [
        [
            "Maria Manager",
            "beneficiary",
            w.person.id,
            "update",
            "address",
            "str. Florilor 3",
            "str. Nouă 5",
            None,
        ],
        [
            "Maria Manager",
            "beneficiary",
            w.person.id,
            "update",
            "phone",
            "069000111",
            "068555444",
            None,
        ],
    ]
    for name in ("Suspendări", "Schimbări de stare", "Trasee", "Campanii"):
        assert len(_values(wb[name])) == 1, name  # the headers, nothing held


def _exports(app, person_id):
    with app.app_context():
        return list(
            db.session.execute(
                select(AuditEntry.user_id, AuditEntry.new_value, AuditEntry.reason).where(
                    AuditEntry.entity == "beneficiary",
                    AuditEntry.entity_id == person_id,
                    AuditEntry.action == "export",
                )
            )
        )


def test_cli_writes_the_workbook_and_json_and_records_the_export(app, person_world, tmp_path):
    w = person_world
    xlsx, js = tmp_path / "p.xlsx", tmp_path / "p.json"
    result = app.test_cli_runner().invoke(
        args=["export-person", str(w.person.id), "-o", str(xlsx), "--json", str(js)]
    )
    assert result.exit_code == 0, result.output
    _check_workbook(load_workbook(xlsx), w)

    data = json.loads(js.read_text(encoding="utf-8"))
    assert list(data) == [
        "person",
        "enrolments",
        "pauses",
        "status_changes",
        "attendance",
        "route_stops",
        "deliveries",
        "parcels",
        "campaigns",
        "history",
    ]
    assert data["person"]["idnp"] == "2001234567890"
    assert data["person"]["birth_date"] == "1941-05-17"
    assert data["person"]["phone"] == "068555444"
    assert [(m["day"], m["mark"]) for m in data["attendance"]] == [
        (d.isoformat(), m) for d, m in w.marks
    ]
    assert data["attendance"][0]["marked_at"] == "2022-03-01T12:00:00"
    assert data["deliveries"][0]["remark"] == '=HYPERLINK("http://x")'  # JSON keeps it as is
    assert data["deliveries"][0]["outcome"] == "delivered"
    assert data["parcels"][0]["parcel_type"] == "Pachet de iarnă"
    assert data["enrolments"][0]["end_date"] == "2022-06-30"
    assert [(h["field"], h["old_value"], h["new_value"]) for h in data["history"]] == [
        ("address", "str. Florilor 3", "str. Nouă 5"),
        ("phone", "069000111", "068555444"),
    ]
    assert sorted(_exports(app, w.person.id)) == [
        (None, "json", "cantina export-person"),
        (None, "xlsx", "cantina export-person"),
    ]


def test_cli_refuses_an_unknown_person(app, tmp_path):
    result = app.test_cli_runner().invoke(
        args=["export-person", "999999", "-o", str(tmp_path / "x.xlsx")]
    )
    assert result.exit_code == 2
    assert "no such person" in result.output
    assert not (tmp_path / "x.xlsx").exists()


@pytest.mark.parametrize("role", [Role.MANAGER, Role.ADMIN])
def test_office_downloads_the_workbook(app, client, login_as, person_world, role):
    w = person_world
    user = login_as(role)
    page = client.get(f"/beneficiaries/{w.person.id}")
    assert f"/beneficiaries/{w.person.id}/data" in page.get_data(as_text=True)
    summary = client.get(f"/beneficiaries/{w.person.id}/data")
    assert summary.status_code == 200
    assert "Date deținute despre persoană" in summary.get_data(as_text=True)
    assert summary.headers["Cache-Control"] == "no-store"

    response = client.get(f"/beneficiaries/{w.person.id}/data.xlsx")
    assert response.status_code == 200
    assert response.headers["Cache-Control"] == "no-store"
    assert "attachment" in response.headers["Content-Disposition"]
    assert "Rusu" not in response.headers["Content-Disposition"]
    _check_workbook(load_workbook(io.BytesIO(response.data)), w)

    answer = client.get(f"/beneficiaries/{w.person.id}/data.json")
    assert answer.status_code == 200
    assert answer.headers["Cache-Control"] == "no-store"
    assert json.loads(answer.data)["person"]["last_name"] == "Rusu"
    assert sorted(_exports(app, w.person.id)) == [
        (user.id, "json", None),
        (user.id, "xlsx", None),
    ]


@pytest.mark.parametrize("role", [Role.STAFF, Role.DRIVER])
def test_site_people_get_nothing(app, client, login_as, person_world, role):
    w = person_world
    login_as(role, [w.site])
    page = client.get(f"/beneficiaries/{w.person.id}")
    assert f"/beneficiaries/{w.person.id}/data" not in page.get_data(as_text=True)
    for suffix in ("data", "data.xlsx", "data.json"):
        response = client.get(f"/beneficiaries/{w.person.id}/{suffix}")
        assert response.status_code == 403
        body = response.get_data(as_text=True)
        assert "Rusu" not in body and "2001234567890" not in body
    assert _exports(app, w.person.id) == []


def test_an_unknown_person_is_404(client, login_as):
    login_as(Role.MANAGER)
    assert client.get("/beneficiaries/999999/data.xlsx").status_code == 404
    assert client.get("/beneficiaries/999999/data").status_code == 404


def test_history_holds_a_cleared_mark_and_no_one_elses(
    app, ctx, person_world, make_beneficiary, make_enrolment
):
    """A cleared mark is deleted: its audit rows stay the person's, and when its id comes
    back for another person's mark (SQLite reuses the highest id), they stay out of that
    person's history."""
    from datetime import date

    from app.attendance.models import Mark, MarkSource, Meal
    from app.attendance.services import clear_mark
    from app.attendance.services.marks import upsert_mark
    from app.privacy.person_data.sections import history_entries

    w = person_world
    other = make_beneficiary(first_name="Ion", last_name="Vecinul")
    make_enrolment(w.site, other, start_date=date(2021, 2, 1))
    day = date(2022, 3, 3)
    upsert_mark(site_id=w.site.id, beneficiary_id=w.person.id, day=day, meal=Meal.LUNCH,
                mark=Mark.EXCUSED, source=MarkSource.STAFF, reason="la sora ei",
                user_id=w.manager.id)  # fmt: skip
    clear_mark(w.site.id, day, Meal.LUNCH, w.person.id, user=w.manager, reason="greșit")
    upsert_mark(site_id=w.site.id, beneficiary_id=other.id, day=day, meal=Meal.LUNCH,
                mark=Mark.PRESENT, source=MarkSource.STAFF, user_id=w.manager.id)  # fmt: skip
    db.session.flush()

    hers = [(e.action, e.reason) for e in history_entries(w.person.id)]
    assert ("delete", "greșit") in hers and "la sora ei" in {reason for _, reason in hers}
    his = [(e.entity, e.action, e.reason) for e in history_entries(other.id)]
    assert ("attendance_mark", "create", None) in his
    assert all(reason not in ("la sora ei", "greșit") for _, _, reason in his)
