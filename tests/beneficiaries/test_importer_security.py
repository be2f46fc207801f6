"""An import acts only on people the user may edit, and tells nothing about the others."""

import io
import json
from datetime import date

import pytest
from openpyxl import Workbook

from app.auth.models import Role
from app.beneficiaries.models import Beneficiary, Enrolment
from app.beneficiaries.schemas import with_check_digit
from app.extensions import db
from app.places.models import Service

HEADERS = ["Nume", "Prenume", "IDNP", "Data nașterii", "Adresa", "Telefon",
           "Data consimțământ", "Serviciu", "Data început"]  # fmt: skip
REFUSED = (
    "Rândul nu poate fi importat: o persoană cu acest IDNP este deja înregistrată; "
    "adresați-vă unui manager."
)


def upload(client, site_id, rows, *, dry_run):
    wb = Workbook()
    wb.active.append(HEADERS)
    for row in rows:
        wb.active.append(row)
    buffer = io.BytesIO()
    wb.save(buffer)
    return client.post(
        f"/api/v1/beneficiaries/import?site_id={site_id}&dry_run={str(dry_run).lower()}",
        data={"file": (io.BytesIO(buffer.getvalue()), "lista.xlsx")},
        content_type="multipart/form-data",
    )


def row_for(person, service=None, phone="079000999"):
    return ["Intrus", "Ionela", person.idnp, date(1950, 1, 1), "str. Falsă 1", phone,
            date(2026, 1, 10), service, date(2026, 11, 16) if service else None]  # fmt: skip


@pytest.fixture
def other_sites_person(make_site, make_beneficiary, make_enrolment):
    """A person enrolled only at site B; the test user works at site A."""
    own, other = make_site(), make_site(name="Cantina Ascunsă")
    person = make_beneficiary(
        idnp=with_check_digit("200209990001"), first_name="Secretă", last_name="Vecina"
    )
    make_enrolment(other, beneficiary=person)
    return own, other, person


def assert_untouched(person, own):
    db.session.expire_all()
    stored = db.session.get(Beneficiary, person.id)
    assert (stored.last_name, stored.phone) == ("Vecina", "069123456")
    at_own = db.session.scalars(
        db.select(Enrolment).where(
            Enrolment.beneficiary_id == person.id, Enrolment.site_id == own.id
        )
    ).all()
    assert at_own == []


def assert_says_nothing_more(body: str, person, other):
    for secret in ("Secretă", "Vecina", "Cantina Ascunsă", "1948", person.phone):
        assert secret not in body


@pytest.mark.parametrize("service", [None, "lunch", "delivery", "parcels"])
@pytest.mark.parametrize("dry_run", [True, False])
def test_staff_cannot_update_or_enrol_another_sites_person(
    app, client, login_as, other_sites_person, service, dry_run
):
    own, other, person = other_sites_person
    login_as(Role.STAFF, [own])
    response = upload(client, own.id, [row_for(person, service)], dry_run=dry_run)
    assert response.status_code == 422, response.json
    assert response.json["errors"] == [{"row": 2, "column": "IDNP", "message": REFUSED}]
    assert_says_nothing_more(json.dumps(response.json, ensure_ascii=False), person, other)
    with app.app_context():
        assert_untouched(person, own)


def test_an_unknown_and_a_hidden_idnp_differ_only_by_the_refusal(
    client, login_as, other_sites_person, idnp
):
    own, _other, person = other_sites_person
    login_as(Role.STAFF, [own])
    hidden = upload(client, own.id, [row_for(person)], dry_run=True)
    assert hidden.status_code == 422 and "updated" not in hidden.json
    fresh = row_for(person)
    fresh[2] = idnp()
    assert upload(client, own.id, [fresh], dry_run=True).json["new"] == 1


def test_a_name_match_at_another_site_is_refused_without_detail(
    client, login_as, other_sites_person
):
    own, other, person = other_sites_person
    login_as(Role.STAFF, [own])
    row = ["Vecina", "Secretă", None, person.birth_date, "str. Falsă 1", "079000999",
           date(2026, 1, 10), "parcels", date(2026, 11, 16)]  # fmt: skip
    response = upload(client, own.id, [row], dry_run=True)
    assert response.status_code == 422
    [error] = response.json["errors"]
    assert (error["row"], error["column"]) == (2, "Nume")
    assert_says_nothing_more(error["message"], person, other)


def test_staff_update_their_own_people_and_managers_anyone(
    app, client, login_as, other_sites_person, make_enrolment
):
    own, _other, person = other_sites_person
    login_as(Role.MANAGER)
    preview = upload(client, own.id, [row_for(person)], dry_run=True)
    assert (preview.status_code, preview.json["updated"]) == (200, 1)
    client.post("/logout")
    make_enrolment(own, beneficiary=person, service=Service.PARCELS)
    login_as(Role.STAFF, [own])
    done = upload(client, own.id, [row_for(person, phone="079111222")], dry_run=False)
    assert (done.status_code, done.json["updated"], done.json["imported"]) == (200, 1, True)
    with app.app_context():
        assert db.session.get(Beneficiary, person.id).phone == "079111222"


def test_a_lunch_place_at_a_hidden_site_is_refused_without_its_name(
    client, login_as, other_sites_person, make_enrolment
):
    own, other, person = other_sites_person
    make_enrolment(own, beneficiary=person, service=Service.PARCELS)  # staff of A see them
    login_as(Role.STAFF, [own])
    response = upload(client, own.id, [row_for(person, "lunch")], dry_run=True)
    assert response.status_code == 422
    [error] = response.json["errors"]
    assert (error["row"], error["column"]) == (2, "Serviciu")
    assert "Cantina Ascunsă" not in error["message"]
    assert error["message"] == "Persoana are deja un loc activ la prânz în program."
