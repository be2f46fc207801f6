"""The beneficiary list export: IDNP only for the roles that may read it, own sites only."""

import io

from openpyxl import load_workbook

from app.extensions import db
from tests.reports.asking import ask_report

FORM = {"report": "beneficiaries", "start": "2026-11-01", "end": "2026-11-30"}


def _sheet(response):
    assert response.status_code == 200, response.get_data(as_text=True)[:300]
    wb = load_workbook(io.BytesIO(response.data))
    rows = list(wb["Beneficiari"].iter_rows(values_only=True))
    return rows[0], rows[1:]


def _give_ana_an_idnp(app, world):
    from app.beneficiaries.models import Beneficiary

    with app.app_context():
        db.session.get(Beneficiary, world.people["a"].id).idnp = "2000000000001"
        db.session.commit()


def test_manager_gets_everyone_with_idnp(client, world, login_as):
    _give_ana_an_idnp(client.application, world)
    login_as("manager")
    headers, rows = _sheet(ask_report(client, FORM))
    assert headers[:4] == ("Raion", "Centru", "Nume, prenume", "IDNP")
    assert len(rows) == 5  # five enrolments overlap November
    ana = next(r for r in rows if r[2].endswith("Ana"))
    assert ana[3] == "2000000000001"
    assert "Vârstnic solitar" in ana[6] and "Persoană cu dizabilități" in ana[6]


def test_staff_get_their_site_without_idnp(client, world, login_as):
    _give_ana_an_idnp(client.application, world)
    login_as("staff", [world.s1])
    response = ask_report(client, FORM)
    headers, rows = _sheet(response)
    assert "IDNP" not in headers
    assert {r[1] for r in rows} == {"Cantina Unu"}
    assert len(rows) == 3
    values = {str(v) for row in rows for v in row}
    assert "2000000000001" not in values
    assert not any("Dana" in v or "Elena" in v for v in values)
