"""What staff of one site may learn of another site's people: at intake, in search and in
a person's history, no name, birth date, site, IDNP or pause reason they may not read."""

from datetime import date

import pytest

from app.auth.models import Role
from app.beneficiaries import services
from app.core.models import AuditEntry
from app.extensions import db
from app.places.models import Service
from tests.conftest import login


@pytest.fixture
def two_sites(make_site, make_user, make_beneficiary, make_enrolment, idnp):
    """Site A with its staff; site B with a person (IDNP, birth date) enrolled there only."""
    own = make_site(name="Cantina Proprie")
    other = make_site(name="Cantina Straina")
    stranger = make_beneficiary(
        first_name="Evdochia",
        last_name="Zgardan",
        birth_date=date(1941, 7, 19),
        idnp=idnp(),
        phone="079888777",
    )
    make_enrolment(other, stranger)
    staff = make_user(Role.STAFF, [own])
    return own, other, stranger, staff


SECRETS = ("Evdochia", "Zgardan", "1941", "19.07", "Cantina Straina", "079888777")


def _leaked(text: str, stranger=None) -> list[str]:
    found = [s for s in SECRETS if s in text]
    if stranger is not None and stranger.idnp[-4:] in text:
        found.append("idnp")
    return found


def _person(**overrides):
    data = {
        "first_name": "Maria",
        "last_name": "Ionescu",
        "birth_date": "1950-05-02",
        "sex": "F",
        "categories": ["solitary_elderly"],
        "consent_date": "2026-01-10",
    }
    data.update(overrides)
    return data


# ---------------------------------------------------------------- intake


def test_staff_told_only_to_ask_a_manager_when_the_idnp_is_another_sites(
    client, two_sites, make_user
):
    own, _, stranger, staff = two_sites
    login(client, staff)
    body = _person(idnp=stranger.idnp)
    for attempt in (body, {**body, "confirm_not_duplicate": True}):
        answer = client.post("/api/v1/beneficiaries", json=attempt)
        assert answer.status_code == 409
        assert "adresați-vă unui manager" in answer.json["message"]
        assert "candidates" not in answer.json
        assert _leaked(answer.get_data(as_text=True), stranger) == []
    page = client.post("/beneficiaries/new", data={**body, "can_travel": "true"})
    assert page.status_code == 409  # the form again, the sentence beside the IDNP
    html = page.get_data(as_text=True)
    assert "adresați-vă unui manager" in html
    assert _leaked(html.replace(stranger.idnp, ""), stranger) == []  # the number typed stays


def test_a_manager_sees_the_match(client, two_sites, make_user):
    _, _, stranger, _ = two_sites
    login(client, make_user(Role.MANAGER))
    answer = client.post("/api/v1/beneficiaries", json=_person(idnp=stranger.idnp))
    assert answer.status_code == 409
    [match] = answer.json["candidates"]
    assert match["last_name"] == "Zgardan" and match["sites"] == ["Cantina Straina"]
    assert match["idnp"] == stranger.idnp


def test_same_name_and_birth_date_elsewhere_is_counted_not_shown(client, two_sites):
    _, _, stranger, staff = two_sites
    login(client, staff)
    body = _person(first_name="Evdochia", last_name="Zgardan", birth_date="1941-07-19")
    answer = client.post("/api/v1/beneficiaries", json=body)
    assert answer.status_code == 409
    assert answer.json["candidates"] == []
    assert "întrebați un manager" in answer.json["message"]
    text = answer.get_data(as_text=True).replace("Evdochia", "").replace("Zgardan", "")
    assert _leaked(text.replace("1941-07-19", ""), stranger) == []
    page = client.post("/beneficiaries/new", data={**body, "can_travel": "true"})
    html = page.get_data(as_text=True)
    assert page.status_code == 409 and "confirm_not_duplicate" in html
    assert "Cantina Straina" not in html and f"/beneficiaries/{stranger.id}" not in html
    # told it is another person, staff may register theirs
    confirmed = client.post("/api/v1/beneficiaries", json={**body, "confirm_not_duplicate": True})
    assert confirmed.status_code == 201


def test_a_readable_match_shows_only_the_sites_the_user_sees(
    client, two_sites, make_enrolment, make_site
):
    own, _, stranger, staff = two_sites
    make_enrolment(own, stranger, service="parcels")
    login(client, staff)
    answer = client.post("/api/v1/beneficiaries", json=_person(idnp=stranger.idnp))
    assert answer.status_code == 409
    [match] = answer.json["candidates"]
    assert match["id"] == stranger.id and match["sites"] == ["Cantina Proprie"]


# ---------------------------------------------------------------- search


def test_staff_find_an_idnp_only_by_all_13_digits(client, make_site, make_beneficiary,
                                                  make_enrolment, make_user, idnp):  # fmt: skip
    site = make_site()
    number = idnp()
    person = make_beneficiary(idnp=number)
    make_enrolment(site, person)
    login(client, make_user(Role.STAFF, [site]))
    for part in (number[-4:], number[-5:], number[:6], number[:12], number[1:]):
        assert client.get(f"/api/v1/beneficiaries?idnp={part}").json["items"] == []
        page = client.get(f"/beneficiaries?idnp={part}").get_data(as_text=True)
        assert f"/beneficiaries/{person.id}" not in page
    whole = client.get(f"/api/v1/beneficiaries?idnp={number}").json["items"]
    assert [p["id"] for p in whole] == [person.id]
    login(client, make_user(Role.MANAGER))
    partial = client.get(f"/api/v1/beneficiaries?idnp={number[-5:]}").json["items"]
    assert [p["id"] for p in partial] == [person.id]


# ---------------------------------------------------------------- history


@pytest.fixture
def shared_person(ctx, make_site, make_user, make_beneficiary, idnp):
    """A person enrolled at A (lunch) and at B (parcels, paused), changed by services."""
    own, other = make_site(name="Cantina Proprie"), make_site(name="Cantina Straina")
    old_idnp, new_idnp = idnp(), idnp()
    person = make_beneficiary(idnp=old_idnp)
    start = date(2026, 1, 12)
    services.enrol(person.id, site_id=own.id, service=Service.LUNCH, start_date=start)
    there = services.enrol(
        person.id, site_id=other.id, service=Service.PARCELS, start_date=start
    ).enrolment
    services.pause_enrolment(
        there.id, date(2026, 2, 2), date(2026, 2, 6), "Internare psihiatrie Straina"
    )
    services.update_enrolment(there.id, {"decision_number": "NR-STRAIN-99"})
    services.update_beneficiary(person.id, {"idnp": new_idnp})
    db.session.commit()
    return own, other, person, old_idnp, new_idnp


HIDDEN = ("Internare psihiatrie", "NR-STRAIN-99", "Cantina Straina")


def test_staff_history_shows_only_their_sites_events_with_idnp_masked(
    client, shared_person, make_user
):
    own, _, person, old_idnp, new_idnp = shared_person
    login(client, make_user(Role.STAFF, [own]))
    page = client.get(f"/beneficiaries/{person.id}").get_data(as_text=True)
    api = client.get(f"/api/v1/beneficiaries/{person.id}/history")
    assert api.status_code == 200
    for text in (page, api.get_data(as_text=True)):
        assert [h for h in HIDDEN if h in text] == []
        assert old_idnp not in text and new_idnp not in text
        assert "*********" + new_idnp[-4:] in text
    fields = {(row["entity"], row["field"]) for row in api.json}
    assert ("beneficiary", "idnp") in fields and ("enrolment", "pause") not in fields
    # the full values stay stored
    stored = db.session.scalar(
        db.select(AuditEntry).where(AuditEntry.field == "idnp", AuditEntry.entity_id == person.id)
    )
    assert (stored.old_value, stored.new_value) == (old_idnp, new_idnp)


def test_manager_history_shows_every_event_in_full(client, shared_person, make_user):
    _, _, person, old_idnp, new_idnp = shared_person
    login(client, make_user(Role.MANAGER))
    text = client.get(f"/api/v1/beneficiaries/{person.id}/history").get_data(as_text=True)
    assert all(h in text for h in HIDDEN)
    assert old_idnp in text and new_idnp in text


def test_history_of_an_unreadable_person_is_not_found(client, two_sites):
    _, _, stranger, staff = two_sites
    login(client, staff)
    answer = client.get(f"/api/v1/beneficiaries/{stranger.id}/history")
    assert answer.status_code == 404 and _leaked(answer.get_data(as_text=True), stranger) == []


def test_an_unreadable_person_is_not_found_in_the_readers_language(client, two_sites, make_user):
    own, _, stranger, _ = two_sites
    login(client, make_user(Role.STAFF, [own], language="ru"))
    answer = client.get(f"/api/v1/beneficiaries/{stranger.id}")
    assert answer.status_code == 404
    assert answer.json["message"] == "Человек не найден."
