"""The registry through /api/v1: validation, rules, visibility, IDNP masking, import."""

import io
from datetime import date

from openpyxl import Workbook

from app.auth.models import Role
from app.beneficiaries.models import EnrolmentStatus
from app.places.models import Service


def person_json(**overrides):
    data = {
        "first_name": "Ștefan",
        "last_name": "Țurcanu",
        "birth_date": "1950-05-02",
        "sex": "M",
        "categories": ["solitary_elderly"],
        "consent_date": "2026-01-10",
    }
    data.update(overrides)
    return data


def test_idnp_errors_are_422_with_distinct_messages(client, login_as):
    login_as(Role.MANAGER)
    short = client.post("/api/v1/beneficiaries", json=person_json(idnp="123"))
    wrong = client.post("/api/v1/beneficiaries", json=person_json(idnp="2002001234564"))
    assert short.status_code == wrong.status_code == 422
    assert short.json["errors"]["idnp"] != wrong.json["errors"]["idnp"]


def test_duplicate_answers_409_with_candidates_until_confirmed(client, login_as, idnp):
    login_as(Role.MANAGER)
    body = person_json(first_name="Dumitru", last_name="Bîrcă", idnp=idnp())
    assert client.post("/api/v1/beneficiaries", json=body).status_code == 201
    again = person_json(first_name="Думитру", last_name="Бырка", birth_date="1950-05-02")
    first_try = client.post("/api/v1/beneficiaries", json=again)
    assert first_try.status_code == 409
    assert first_try.json["candidates"][0]["last_name"] == "Bîrcă"
    confirmed = client.post("/api/v1/beneficiaries", json={**again, "confirm_not_duplicate": True})
    assert confirmed.status_code == 201


def test_idnp_full_for_manager_masked_for_staff(client, login_as, make_beneficiary, make_site,
                                                make_enrolment, idnp):  # fmt: skip
    site = make_site()
    number = idnp()
    person = make_beneficiary(idnp=number)
    make_enrolment(site, person)
    login_as(Role.STAFF, [site])
    staff_view = client.get(f"/api/v1/beneficiaries/{person.id}").json
    assert staff_view["idnp"] == "*********" + number[-4:]
    listed = client.get(f"/api/v1/beneficiaries?site_id={site.id}").json["items"]
    assert [p["idnp"] for p in listed] == ["*********" + number[-4:]]
    login_as(Role.MANAGER)
    assert client.get(f"/api/v1/beneficiaries/{person.id}").json["idnp"] == number


def test_staff_cannot_read_or_change_people_of_another_site(
    client, login_as, make_beneficiary, make_site, make_enrolment
):
    own, other = make_site(), make_site()
    stranger = make_beneficiary()
    enrolment = make_enrolment(other, stranger)
    mine = make_enrolment(own)
    login_as(Role.STAFF, [own])
    assert client.get(f"/api/v1/beneficiaries/{stranger.id}").status_code == 404
    assert (
        client.patch(f"/api/v1/beneficiaries/{stranger.id}", json={"phone": "1"}).status_code == 404
    )
    assert client.get(f"/api/v1/beneficiaries/{stranger.id}/enrolments").status_code == 404
    assert client.get(f"/api/v1/enrolments/{enrolment.id}").status_code == 404
    exit_body = {"end_date": "2026-11-20", "reason": "x"}
    assert client.post(f"/api/v1/enrolments/{enrolment.id}/exit", json=exit_body).status_code == 404
    assert client.get(f"/beneficiaries/{stranger.id}").status_code == 404
    assert (
        client.post(f"/beneficiaries/{stranger.id}/edit", data={"first_name": "X"}).status_code
        == 404
    )
    # enrolling own person at the other site is refused
    other_enrol = client.post(
        f"/api/v1/beneficiaries/{mine.beneficiary_id}/enrolments",
        json={"site_id": other.id, "service": "parcels", "start_date": "2026-11-16"},
    )
    assert other_enrol.status_code == 403
    ids = [p["id"] for p in client.get("/api/v1/beneficiaries?per_page=500").json["items"]]
    assert mine.beneficiary_id in ids and stranger.id not in ids


def test_staff_sees_the_person_they_just_added(client, login_as, make_site):
    site = make_site()
    login_as(Role.STAFF, [site])
    created = client.post("/api/v1/beneficiaries", json=person_json(first_name="Zinaida"))
    assert created.status_code == 201, created.json
    assert client.get(f"/api/v1/beneficiaries/{created.json['id']}").status_code == 200


def test_drivers_have_no_registry_access(client, login_as, make_site):
    site = make_site()
    login_as(Role.DRIVER, [site])
    assert client.get("/api/v1/beneficiaries").status_code == 403
    assert client.get("/beneficiaries").status_code == 403


def test_second_lunch_enrolment_is_409_naming_the_site(
    client, login_as, make_beneficiary, make_site, make_enrolment
):
    first = make_site(name="Cantina Ungheni API")
    person = make_beneficiary()
    make_enrolment(first, person)
    login_as(Role.MANAGER)
    response = client.post(
        f"/api/v1/beneficiaries/{person.id}/enrolments",
        json={"site_id": make_site().id, "service": "delivery", "start_date": "2026-11-16"},
    )
    assert response.status_code == 409
    assert "Cantina Ungheni API" in response.json["message"]


def test_no_consent_is_409(client, login_as, make_beneficiary, make_site):
    person = make_beneficiary(consent_date=None)
    login_as(Role.MANAGER)
    response = client.post(
        f"/api/v1/beneficiaries/{person.id}/enrolments",
        json={"site_id": make_site().id, "service": "lunch", "start_date": "2026-11-16"},
    )
    assert response.status_code == 409
    assert "consimțământ" in response.json["message"]


def test_exit_offers_the_waiting_person_and_activate_takes_the_place(
    client, login_as, make_beneficiary, make_site
):
    site = make_site(services=[{"service": Service.LUNCH, "capacity": 1}])
    login_as(Role.MANAGER)
    ids = []
    for _ in range(2):
        person = make_beneficiary()
        response = client.post(
            f"/api/v1/beneficiaries/{person.id}/enrolments",
            json={"site_id": site.id, "service": "lunch", "start_date": "2026-11-16"},
        )
        assert response.status_code == 201
        ids.append(response.json)
    holder, waiting = ids
    assert (holder["status"], waiting["status"]) == ("active", "waiting")
    exited = client.post(
        f"/api/v1/enrolments/{holder['id']}/exit", json={"end_date": "2026-11-20", "reason": "x"}
    )
    assert exited.status_code == 200
    assert exited.json["offered"]["id"] == waiting["id"]
    activated = client.post(f"/api/v1/enrolments/{waiting['id']}/activate", json={})
    assert activated.status_code == 200 and activated.json["status"] == EnrolmentStatus.ACTIVE


def test_pause_via_api_shows_paused_in_history(client, login_as, make_site, make_enrolment):
    enrolment = make_enrolment(make_site())
    login_as(Role.MANAGER)
    response = client.post(
        f"/api/v1/enrolments/{enrolment.id}/pause",
        json={"start_date": "2026-11-16", "end_date": "2026-11-20", "reason": "spital"},
    )
    assert response.status_code == 201
    assert response.json["pauses"][0]["end_date"] == "2026-11-20"
    assert [c["status"] for c in response.json["changes"]][-2:] == ["paused", "resumed"]


def test_review_due_for_a_site(client, login_as, make_site, make_enrolment):
    site = make_site()
    due = make_enrolment(site, review_date=date(2026, 1, 31))
    make_enrolment(site, review_date=date(2099, 1, 1))
    login_as(Role.STAFF, [site])
    rows = client.get(f"/api/v1/sites/{site.id}/review-due").json
    assert [r["id"] for r in rows] == [due.id]
    assert client.get(f"/api/v1/sites/{make_site().id}/review-due").status_code == 403


def test_import_upload_dry_run_and_errors(client, login_as, make_site):
    site = make_site()
    login_as(Role.STAFF, [site])
    wb = Workbook()
    wb.active.append(["Nume", "Prenume", "IDNP"])
    wb.active.append(["Gîrlea", "Maria", None])
    wb.active.append(["Gîrlea", "Ion", "12"])
    buffer = io.BytesIO()
    wb.save(buffer)
    response = client.post(
        f"/api/v1/beneficiaries/import?site_id={site.id}&dry_run=true",
        data={"file": (io.BytesIO(buffer.getvalue()), "lista.xlsx")},
        content_type="multipart/form-data",
    )
    assert response.status_code == 422
    assert response.json["errors"] == [
        {"row": 3, "column": "IDNP", "message": "IDNP trebuie să aibă exact 13 cifre."}
    ]
    wb.active.delete_rows(3)
    buffer = io.BytesIO()
    wb.save(buffer)
    preview = client.post(
        f"/api/v1/beneficiaries/import?site_id={site.id}&dry_run=true",
        data={"file": (io.BytesIO(buffer.getvalue()), "lista.xlsx")},
        content_type="multipart/form-data",
    )
    assert preview.status_code == 200
    assert (preview.json["new"], preview.json["imported"]) == (1, False)


def test_staff_see_only_their_sites_enrolments_of_a_person(
    client, login_as, make_site, make_beneficiary, make_enrolment
):
    own, other = make_site(), make_site()
    person = make_beneficiary()
    make_enrolment(own, beneficiary=person, service=Service.PARCELS)
    make_enrolment(other, beneficiary=person)
    login_as(Role.STAFF, [own])
    body = client.get(f"/api/v1/beneficiaries/{person.id}").json
    assert [e["site_id"] for e in body["enrolments"]] == [own.id]
    client.post("/logout")
    login_as(Role.MANAGER)
    body = client.get(f"/api/v1/beneficiaries/{person.id}").json
    assert {e["site_id"] for e in body["enrolments"]} == {own.id, other.id}


def test_unconfirmed_import_uploads_do_not_stay_forever(app, client, login_as, make_site):
    import os
    import time
    from pathlib import Path

    site = make_site()
    login_as(Role.STAFF, [site])
    folder = Path(app.config["IMPORTS_DIR"])
    stale = folder / "0123abcd.xlsx"
    stale.write_bytes(b"old upload")
    day_old = time.time() - 25 * 3600
    os.utime(stale, (day_old, day_old))
    wb = Workbook()
    wb.active.append(["Nume", "Prenume"])
    wb.active.append(["Gîrlea", "Maria"])
    buffer = io.BytesIO()
    wb.save(buffer)
    page = client.post(
        "/beneficiaries/import",
        data={"site_id": str(site.id), "file": (io.BytesIO(buffer.getvalue()), "lista.xlsx")},
        content_type="multipart/form-data",
    )
    assert page.status_code == 200
    assert not stale.exists()
    assert len(list(folder.glob("*.xlsx"))) == 1  # this preview waits for confirmation
