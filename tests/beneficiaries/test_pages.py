"""The registry's pages: search, create with the duplicate check, edit, actions, import."""

import io

import pytest
from openpyxl import Workbook

from app.auth.models import Role


def form(**overrides):
    data = {
        "last_name": "Țurcanu",
        "first_name": "Ștefan",
        "birth_date": "1950-05-02",
        "consent_date": "2026-01-10",
        "can_travel": "true",
        "categories": ["solitary_elderly"],
    }
    data.update(overrides)
    return data


def test_create_shows_duplicates_then_saves_when_confirmed(client, login_as, make_site):
    login_as(Role.MANAGER)
    first = client.post("/beneficiaries/new", data=form(first_name="Eufrosinia"))
    assert first.status_code == 302
    second = client.post("/beneficiaries/new", data=form(first_name="Eufrosinia"))
    html = second.get_data(as_text=True)
    assert second.status_code == 409
    assert "Posibile dubluri" in html and "confirm_not_duplicate" in html
    third = client.post(
        "/beneficiaries/new", data=form(first_name="Eufrosinia", confirm_not_duplicate="true")
    )
    assert third.status_code == 302


def test_form_errors_are_shown_beside_the_fields(client, login_as):
    login_as(Role.MANAGER)
    response = client.post("/beneficiaries/new", data=form(idnp="2002001234564", first_name=""))
    html = response.get_data(as_text=True)
    assert response.status_code == 422
    assert 'id="err-idnp"' in html and "cifra de control" in html
    assert 'id="err-first_name"' in html


def test_search_by_name_without_diacritics_and_filters(
    client, login_as, make_site, make_beneficiary, make_enrolment
):
    site = make_site()
    wanted = make_beneficiary(first_name="Ștefănel", last_name="Țîrdea")
    make_enrolment(site, wanted)
    make_enrolment(site, make_beneficiary(first_name="Vasile", last_name="Lungu"))
    login_as(Role.STAFF, [site])
    html = client.get("/beneficiaries?q=stefanel+tirdea").get_data(as_text=True)
    assert "Țîrdea Ștefănel" in html and "Lungu" not in html
    html = client.get(f"/beneficiaries?site_id={site.id}&status=active").get_data(as_text=True)
    assert "Țîrdea Ștefănel" in html and "Lungu Vasile" in html
    bad = client.get("/beneficiaries?locality_id=abc")
    assert bad.status_code == 200


def test_edit_phone_shows_in_history_and_staff_sees_masked_idnp(
    client, login_as, make_site, make_beneficiary, make_enrolment, idnp
):
    site = make_site()
    number = idnp()
    person = make_beneficiary(idnp=number, phone="069111222")
    make_enrolment(site, person)
    login_as(Role.STAFF, [site])
    page = client.get(f"/beneficiaries/{person.id}/edit").get_data(as_text=True)
    assert number not in page
    values = form(first_name=person.first_name, last_name=person.last_name, phone="079333444")
    values.update(birth_date="1948-03-14")
    response = client.post(f"/beneficiaries/{person.id}/edit", data=values)
    assert response.status_code == 302
    html = client.get(f"/beneficiaries/{person.id}").get_data(as_text=True)
    assert "069111222" in html and "079333444" in html
    assert number not in html and "*********" + number[-4:] in html


def test_staff_adds_a_person_enrols_and_acts_from_the_person_page(client, login_as, make_site):
    site = make_site()
    login_as(Role.STAFF, [site])
    created = client.post("/beneficiaries/new", data=form(first_name="Teodosie"))
    assert created.status_code == 302
    person_id = int(created.headers["Location"].rstrip("/").split("/")[-1])
    response = client.post(
        f"/beneficiaries/{person_id}/enrol",
        data={"site_id": site.id, "service": "lunch", "start_date": "2026-11-16"},
    )
    assert response.status_code == 302
    enrolment_id = client.get(f"/api/v1/beneficiaries/{person_id}/enrolments").json[0]["id"]
    bad = client.post(
        f"/enrolments/{enrolment_id}/pause",
        data={"start_date": "2026-11-20", "end_date": "2026-11-18", "reason": "spital"},
    )
    assert bad.status_code == 422
    assert "Sfârșitul pauzei" in bad.get_data(as_text=True)
    ok = client.post(
        f"/enrolments/{enrolment_id}/switch",
        data={"effective_date": "2026-11-23", "reason": "nu mai poate merge"},
    )
    assert ok.status_code == 302
    enrolments = client.get(f"/api/v1/beneficiaries/{person_id}/enrolments").json
    assert {e["service"]: e["status"] for e in enrolments} == {
        "lunch": "exited",
        "delivery": "active",
    }


def test_site_page_shows_the_offered_place(client, login_as, make_site, make_beneficiary):
    from app.places.models import Service

    site = make_site(services=[{"service": Service.LUNCH, "capacity": 1}])
    login_as(Role.MANAGER)
    enrolments = []
    for name in ("Aurelia", "Benedict"):
        person = make_beneficiary(first_name=name)
        response = client.post(
            f"/api/v1/beneficiaries/{person.id}/enrolments",
            json={"site_id": site.id, "service": "lunch", "start_date": "2026-11-16"},
        )
        enrolments.append(response.json["id"])
    exited = client.post(
        f"/enrolments/{enrolments[0]}/exit", data={"end_date": "2026-11-16", "reason": "mutare"}
    )
    assert exited.status_code == 302
    html = client.get(f"/sites/{site.id}").get_data(as_text=True)
    assert "Loc liber: Popescu Benedict poate fi activat(ă)." in html


def test_import_page_preview_then_confirm(client, login_as, make_site):
    site = make_site()
    login_as(Role.STAFF, [site])
    template = client.get("/beneficiaries/import/template.xlsx")
    assert template.status_code == 200 and template.data[:2] == b"PK"
    wb = Workbook()
    wb.active.append(["Nume", "Prenume", "Telefon"])
    wb.active.append(["Cazacu", "Parascovia", "068123123"])
    buffer = io.BytesIO()
    wb.save(buffer)
    preview = client.post(
        "/beneficiaries/import",
        data={"site_id": site.id, "file": (io.BytesIO(buffer.getvalue()), "l.xlsx")},
        content_type="multipart/form-data",
    )
    html = preview.get_data(as_text=True)
    assert preview.status_code == 200 and "1 persoană nouă, 0 actualizate" in html
    assert "1 persoane" not in html
    token = html.split('name="token" value="')[1].split('"')[0]
    done = client.post("/beneficiaries/import", data={"site_id": site.id, "token": token})
    assert done.status_code == 302
    found = client.get("/api/v1/beneficiaries?q=parascovia").json["items"]
    assert [p["last_name"] for p in found] == ["Cazacu"]


def test_a_future_birth_date_says_so_in_words(client, login_as):
    login_as(Role.MANAGER)
    response = client.post("/beneficiaries/new", data=form(birth_date="2999-01-01"))
    html = response.get_data(as_text=True)
    assert response.status_code == 422
    assert '<small class="error" id="err-birth_date">Data nu poate fi în viitor.</small>' in html


def test_marshmallow_messages_are_romanian_on_the_page(client, login_as):
    login_as(Role.MANAGER)
    response = client.post(
        "/beneficiaries/new", data=form(last_name="x" * 81, household_size="doi")
    )
    html = response.get_data(as_text=True)
    assert "Scrieți între 1 și 80 caractere." in html
    assert "Scrieți un număr întreg." in html
    assert "Length must be" not in html and "Not a valid" not in html


def test_a_note_over_the_limit_is_shown_beside_the_field_with_its_limit(client, login_as):
    login_as(Role.MANAGER)
    page = client.get("/beneficiaries/new").get_data(as_text=True)
    assert 'name="notes" rows="3" maxlength="2000"' in page
    assert 'name="last_name" value="" required maxlength="80"' in page
    response = client.post("/beneficiaries/new", data=form(notes="n" * 2001))
    html = response.get_data(as_text=True)
    assert response.status_code == 422
    assert '<small class="error" id="err-notes">Scrieți cel mult 2000 caractere.</small>' in html


def test_a_very_long_search_is_answered_beside_the_field(client, login_as):
    login_as(Role.MANAGER)
    page = client.get("/beneficiaries").get_data(as_text=True)
    assert 'name="q" value="" maxlength="120"' in page
    assert 'name="idnp" value="" maxlength="13"' in page
    response = client.get("/beneficiaries", query_string={"q": "a" * 5000})
    html = response.get_data(as_text=True)
    assert response.status_code == 200  # the list, unfiltered, with the message
    assert '<small class="error" id="err-q">Scrieți cel mult 120 caractere.</small>' in html


def test_history_speaks_words_and_local_time(ctx, client, login_as, make_site):
    from zoneinfo import ZoneInfo

    from app.core.models import AuditEntry
    from app.extensions import db

    site = make_site(name="Cantina Ciuciuleni")
    login_as(Role.MANAGER)
    created = client.post("/beneficiaries/new", data=form(first_name="Teodosie"))
    person_id = int(created.headers["Location"].rstrip("/").split("/")[-1])
    client.post(
        f"/beneficiaries/{person_id}/enrol",
        data={"site_id": site.id, "service": "lunch", "start_date": "2026-11-16"},
    )
    html = client.get(f"/beneficiaries/{person_id}").get_data(as_text=True)
    history = html[html.index("Istoric modificări") :]
    assert ">create<" not in history and "creat" in history
    assert "(Cantina Ciuciuleni: Prânz la cantină)" in history and ": lunch)" not in history
    assert "activ" in history and ">active<" not in history
    assert "UTC" not in history
    at = db.session.scalar(
        db.select(AuditEntry.at).where(AuditEntry.entity == "beneficiary").limit(1)
    )
    local = at.astimezone(ZoneInfo("Europe/Chisinau")).strftime("%d.%m.%Y %H:%M")
    assert local in history
    assert "16.11.2026" in history or "2026-11-16" not in history


@pytest.mark.parametrize(
    ("language", "one", "many"),
    [("ro", "1 persoană", "21 de persoane"), ("ru", "1 человек", "21 человек")],
)
def test_counts_use_the_languages_plural_forms(
    client, login_as, make_beneficiary, language, one, many
):
    login_as(Role.MANAGER)
    with client.session_transaction() as session:
        session["lang"] = language
    make_beneficiary()
    assert f">{one}<" in client.get("/beneficiaries").get_data(as_text=True)
    for _ in range(20):
        make_beneficiary()
    assert f">{many}<" in client.get("/beneficiaries").get_data(as_text=True)


def test_person_page_forms_show_their_limits(client, login_as, make_beneficiary):
    login_as(Role.MANAGER)
    person = make_beneficiary()
    html = client.get(f"/beneficiaries/{person.id}").get_data(as_text=True)
    assert 'name="decision_number" maxlength="60"' in html
    assert 'name="referral_name" maxlength="120"' in html


def test_an_idnp_taken_is_409_on_the_edit_page_as_in_the_api(
    client, login_as, make_beneficiary, idnp
):
    taken = make_beneficiary(idnp=idnp())
    person = make_beneficiary()
    login_as(Role.MANAGER)
    values = form(first_name=person.first_name, last_name=person.last_name, idnp=taken.idnp)
    response = client.post(f"/beneficiaries/{person.id}/edit", data=values)
    assert response.status_code == 409
