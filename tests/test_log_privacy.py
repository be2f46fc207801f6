"""The log of a whole scenario carries no name, IDNP or phone of the people in it.

People are created, searched, changed, imported from a workbook, and one insert fails
on a unique constraint deep enough to reach the application's error handler, which logs it.
On PostgreSQL the server repeats the offending value in the error (`DETAIL: Key
(idnp)=(...) already exists.`) and SQLAlchemy would print the statement's parameters.
Every logger is captured at DEBUG, SQLAlchemy's and werkzeug's included.
"""

import io
import logging
from datetime import date

import pytest
from openpyxl import Workbook

from app.beneficiaries.schemas import with_check_digit
from app.beneficiaries.services import duplicates, people
from app.core.logs import scrub

PEOPLE = [
    # (last name, first name, IDNP, phone): spellings nothing else in a log could contain
    ("Zgardanschi", "Iustinian", with_check_digit("200791354682"), "079135468"),
    ("Vrabiescu", "Teofilacta", with_check_digit("200864213579"), "068642135"),
]
IMPORTED = ("Hartopeanu", "Ermolaia", with_check_digit("200975318642"), "060975318")
SECRETS = [value for person in (*PEOPLE, IMPORTED) for value in person]


def workbook(site_locality: str) -> io.BytesIO:
    book = Workbook()
    sheet = book.active
    sheet.append(
        ["Nume", "Prenume", "IDNP", "Localitate", "Telefon", "Data consimțământ", "Serviciu",
         "Data început"]
    )  # fmt: skip
    last, first, idnp, phone = IMPORTED
    sheet.append(
        [last, first, idnp, site_locality, phone, "10.01.2026", "lunch", date(2026, 11, 16)]
    )
    buffer = io.BytesIO()
    book.save(buffer)
    buffer.seek(0)
    return buffer


@pytest.fixture
def everything_logged(caplog):
    for name in (None, "sqlalchemy", "sqlalchemy.engine", "werkzeug", "app", "flask.app"):
        caplog.set_level(logging.DEBUG, logger=name)
    return caplog


def logged_text(caplog) -> str:
    lines = []
    for record in caplog.records:
        lines.append(record.getMessage())
        if record.exc_text:
            lines.append(record.exc_text)
        elif record.exc_info:
            lines.append(logging.Formatter().formatException(record.exc_info))
    return "\n".join(lines) + "\n" + caplog.text


def test_scenario_log_has_no_name_idnp_or_phone(
    app, client, login_as, make_site, everything_logged, monkeypatch
):
    site = make_site()
    login_as("manager")
    ids = []
    for last, first, idnp, phone in PEOPLE:
        response = client.post(
            "/api/v1/beneficiaries",
            json={"last_name": last, "first_name": first, "idnp": idnp, "phone": phone},
        )
        assert response.status_code == 201, response.get_data(as_text=True)
        ids.append(response.get_json()["id"])
    assert client.get(f"/api/v1/beneficiaries?q={PEOPLE[0][0]}").status_code == 200
    assert client.get(f"/api/v1/beneficiaries?idnp={PEOPLE[1][2]}").status_code == 200
    changed = client.patch(f"/api/v1/beneficiaries/{ids[1]}", json={"phone": PEOPLE[1][3]})
    assert changed.status_code == 200

    # the same IDNP inserted again, past the service's own check, as a race would: the
    # unique constraint fails and the error goes to the application's handler (409)
    monkeypatch.setattr(duplicates, "find_duplicates", lambda *args, **kwargs: [])
    monkeypatch.setattr(people, "_check_idnp_free", lambda *args, **kwargs: None)
    monkeypatch.setattr(people, "constraint_name", lambda exc: "")
    monkeypatch.setitem(app.config, "PROPAGATE_EXCEPTIONS", False)
    last, first, idnp, phone = PEOPLE[0]
    failed = client.post(
        "/api/v1/beneficiaries",
        json={"last_name": last, "first_name": first, "idnp": idnp, "phone": phone},
    )
    assert failed.status_code == 409, failed.get_data(as_text=True)
    assert failed.is_json

    for dry_run in ("true", "false"):
        imported = client.post(
            f"/api/v1/beneficiaries/import?site_id={site.id}&dry_run={dry_run}",
            data={"file": (workbook(site.locality.name), "lista.xlsx")},
            content_type="multipart/form-data",
        )
        assert imported.status_code == 200, imported.get_data(as_text=True)

    text = logged_text(everything_logged)
    # the log did record the statements and the failure, so the test can see a leak
    assert "refused by constraint uq_beneficiary_idnp (IntegrityError)" in text, failed.json
    leaked = [secret for secret in SECRETS if secret in text]
    assert leaked == [], leaked


def test_scrub_takes_out_what_postgresql_repeats():
    message = (
        "(psycopg.errors.UniqueViolation) duplicate key value violates unique constraint"
        ' "uq_beneficiary_idnp"\nDETAIL:  Key (idnp)=(2007913546821) already exists.\n'
        "[SQL: INSERT INTO beneficiary ...]\n"
        'new row for relation "x" violates check constraint "y"\n'
        "Failing row contains (7, Zgardanschi, Iustinian, 079135468).\n"
        '127.0.0.1 - - "GET /api/v1/beneficiaries?q=Zgardanschi HTTP/1.1" 200 -\n'
        '10.0.0.2 - - "GET /beneficiaries HTTP/1.1" 200 5 "http://c.md/beneficiaries?idnp=0791354'
        '68&page=2" "Mozilla/5.0"'
    )
    cleaned = scrub(message)
    for secret in ("2007913546821", "Zgardanschi", "Iustinian", "079135468"):
        assert secret not in cleaned
    assert "uq_beneficiary_idnp" in cleaned and "/api/v1/beneficiaries?" in cleaned
