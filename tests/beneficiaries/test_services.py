"""The registry's rules, at the service level."""

from datetime import date, timedelta

import pytest

from app.beneficiaries import services
from app.beneficiaries.models import Enrolment, EnrolmentStatus
from app.beneficiaries.services import enrolments
from app.core.audit import history
from app.core.errors import DomainError, InvalidInputError
from app.core.text import person_key
from app.extensions import db
from app.places.models import Service

START = date(2026, 11, 16)


def enrol(person, site, service=Service.LUNCH, start=START):
    return services.enrol(person.id, site_id=site.id, service=Service(service), start_date=start)


# ------------------------------------------------------------ people and duplicates


def test_create_keeps_name_keys_and_audits(ctx, person_data):
    person = services.create_beneficiary(person_data())
    assert (person.first_name_key, person.last_name_key) == ("stefan", "turcanu")
    assert person.person_key == "stefan turcanu"
    assert [e.action for e in history("beneficiary", person.id)] == ["create"]


def test_same_birth_date_and_name_in_cyrillic_is_a_duplicate(ctx, person_data, new_site):
    first = services.create_beneficiary(person_data())
    services.enrol(first.id, site_id=new_site().id, service=Service.LUNCH, start_date=START)
    with pytest.raises(services.DuplicateSuspected) as exc:
        services.create_beneficiary(person_data(first_name="Штефан", last_name="Цуркану"))
    assert [p.id for p in exc.value.candidates] == [first.id]
    # the same name with another birth date is someone else
    other = services.create_beneficiary(person_data(birth_date=date(1951, 5, 2)))
    assert other.id != first.id


def test_old_cedilla_letters_match_the_comma_ones(ctx, person_data):
    services.create_beneficiary(person_data(first_name="Ştefan", last_name="Ţurcanu"))
    found = services.find_duplicates("Ștefan", "Țurcanu", date(1950, 5, 2), None)
    assert len(found) == 1


def test_same_idnp_is_a_duplicate_and_cannot_be_saved_twice(ctx, person_data, idnp):
    number = idnp()
    services.create_beneficiary(person_data(idnp=number))
    with pytest.raises(services.DuplicateSuspected):
        services.create_beneficiary(person_data(first_name="Ana", idnp=number))
    with pytest.raises(DomainError) as exc:
        services.create_beneficiary(
            person_data(first_name="Ana", idnp=number), confirm_not_duplicate=True
        )
    assert exc.value.field == "idnp"


def test_confirmed_different_person_is_saved(ctx, person_data):
    services.create_beneficiary(person_data())
    second = services.create_beneficiary(person_data(), confirm_not_duplicate=True)
    assert second.id is not None


def test_update_audits_each_changed_field(ctx, person_data):
    person = services.create_beneficiary(person_data())
    services.update_beneficiary(
        person.id, {"phone": "079555444", "categories": ["solitary_elderly", "disability"]}
    )
    changes = {e.field: (e.old_value, e.new_value) for e in history("beneficiary", person.id)}
    assert changes["phone"] == ("069000111", "079555444")
    assert changes["categories"] == ("solitary_elderly", "disability, solitary_elderly")
    assert "first_name" not in changes


def test_renaming_updates_the_search_keys(ctx, person_data):
    person = services.create_beneficiary(person_data())
    services.update_beneficiary(person.id, {"last_name": "Munteanu"})
    assert person.last_name_key == "munteanu"
    assert person.person_key == person_key("Ștefan", "Munteanu") != person_key("Ștefan", "Țurcanu")


# ------------------------------------------------------------ enrolment rules


def test_no_enrolment_without_consent(ctx, new_person, new_site):
    person = new_person(consent_date=None)
    with pytest.raises(DomainError) as exc:
        enrol(person, new_site())
    assert "consimțământ" in exc.value.message


def test_second_lunch_place_is_refused_naming_the_other_site(
    ctx, new_person, new_site, new_enrolment
):
    person = new_person()
    first_site = new_site("Cantina Lăpușna")
    new_enrolment(first_site, person)
    for service in (Service.LUNCH, Service.DELIVERY):
        with pytest.raises(DomainError) as exc:
            enrol(person, new_site(), service)
        assert "Cantina Lăpușna" in exc.value.message
    # parcels are not a lunch place
    assert enrol(person, new_site(), Service.PARCELS).enrolment.status == EnrolmentStatus.ACTIVE


def test_database_refusal_gets_the_same_message(
    ctx, new_person, new_site, new_enrolment, monkeypatch
):
    """If the check reads before the other request commits, the unique index refuses."""
    person = new_person()
    new_enrolment(new_site("Cantina Cahul"), person)
    real = services.active_lunch_elsewhere
    calls = []

    def stale_once(*args, **kwargs):
        calls.append(1)
        return None if len(calls) == 1 else real(*args, **kwargs)

    monkeypatch.setattr(enrolments, "active_lunch_elsewhere", stale_once)
    with pytest.raises(DomainError) as exc:
        enrol(person, new_site(), Service.DELIVERY)
    assert "Cantina Cahul" in exc.value.message
    assert len(calls) == 2  # the pre-check, then the lookup after the IntegrityError
    # the session is still usable: the savepoint was rolled back, not the transaction
    assert db.session.scalar(db.select(db.func.count(Enrolment.id))) == 1


def test_full_service_puts_people_on_the_waiting_list_and_offers_the_first(
    ctx, new_person, new_site
):
    site = new_site(lunch=1)
    holder, early, late = new_person(), new_person(), new_person()
    assert enrol(holder, site).waiting is False
    first_wait = enrol(early, site)
    second_wait = enrol(late, site)
    assert first_wait.waiting and second_wait.waiting
    assert first_wait.enrolment.status == EnrolmentStatus.WAITING
    assert first_wait.enrolment.waiting_since is not None
    assert not first_wait.enrolment.serves_on(START)

    with pytest.raises(DomainError):  # still full
        services.activate_waiting(first_wait.enrolment.id)

    holder_place = services.active_lunch_elsewhere(holder.id)
    result = services.exit_enrolment(holder_place.id, START, "a plecat la copii")
    assert result.offered.id == first_wait.enrolment.id

    activated = services.activate_waiting(first_wait.enrolment.id, START)
    assert activated.status == EnrolmentStatus.ACTIVE
    with pytest.raises(DomainError):  # the place is taken again
        services.activate_waiting(second_wait.enrolment.id)
    statuses = [c.status for c in activated.changes]
    assert statuses == ["waiting", "active"]


def test_exit_with_a_last_day_ahead_frees_the_place_now(ctx, new_person, new_site):
    site = new_site(lunch=1)
    holder, waiting = new_person(), new_person()
    place = enrol(holder, site).enrolment
    queued = enrol(waiting, site).enrolment
    result = services.exit_enrolment(place.id, START + timedelta(days=10), "mutare")
    assert place.status == EnrolmentStatus.EXITED
    assert place.serves_on(START + timedelta(days=10))
    assert not place.serves_on(START + timedelta(days=11))
    assert result.offered.id == queued.id


def test_waiting_person_with_a_lunch_place_elsewhere_cannot_be_activated(
    ctx, new_person, new_site, new_enrolment
):
    full = new_site(lunch=0)
    person = new_person()
    queued = enrol(person, full).enrolment
    new_enrolment(new_site("Cantina Soroca"), person, service=Service.DELIVERY)
    full.services[0].capacity = 5  # a place frees up
    db.session.flush()
    with pytest.raises(DomainError) as exc:
        services.activate_waiting(queued.id)
    assert "Cantina Soroca" in exc.value.message


def test_pause_resumes_by_itself_after_its_end_date(ctx, new_enrolment, new_site):
    enrolment = new_enrolment(new_site())
    pause = services.pause_enrolment(enrolment.id, START, START + timedelta(days=4), "spital")
    assert enrolment.serves_on(START - timedelta(days=1))
    assert not enrolment.serves_on(START)
    assert not enrolment.serves_on(START + timedelta(days=4))
    assert enrolment.serves_on(START + timedelta(days=5))
    assert enrolment.shown_status(START + timedelta(days=2)) == "paused"
    assert enrolment.shown_status(START + timedelta(days=5)) == "active"
    assert enrolment.status == EnrolmentStatus.ACTIVE  # the place is kept
    assert [c.status for c in enrolment.changes][-2:] == ["paused", "resumed"]
    assert pause.id is not None


def test_overlapping_pause_is_refused(ctx, new_enrolment, new_site):
    enrolment = new_enrolment(new_site(), pauses=[(START, START + timedelta(days=4))])
    with pytest.raises(DomainError):
        services.pause_enrolment(enrolment.id, START + timedelta(days=2), START + timedelta(9), "x")


def test_resume_early_shortens_or_removes_the_pause(ctx, new_enrolment, new_site):
    enrolment = new_enrolment(new_site(), pauses=[(START, START + timedelta(days=9))])
    pause = enrolment.pauses[0]
    services.resume_early(enrolment.id, pause.id, START + timedelta(days=3))
    assert pause.end_date == START + timedelta(days=2)
    assert enrolment.serves_on(START + timedelta(days=3))
    services.resume_early(enrolment.id, pause.id, START)
    assert enrolment.pauses == []
    assert enrolment.serves_on(START)


def test_switch_from_canteen_to_delivery(ctx, new_person, new_enrolment, new_site):
    site = new_site()
    person = new_person()
    later = START + timedelta(days=14)
    old = new_enrolment(site, person, pauses=[(START + timedelta(days=10), later + timedelta(2))])
    new = services.switch_lunch_mode(old.id, START, "nu mai poate merge")
    assert old.status == EnrolmentStatus.EXITED
    assert old.end_date == START - timedelta(days=1)
    assert "nu mai poate merge" in old.exit_reason
    assert new.service == Service.DELIVERY and new.status == EnrolmentStatus.ACTIVE
    assert new.start_date == START and new.site_id == site.id
    assert new.decision_number == old.decision_number
    assert person.can_travel is False
    assert old.changes[-1].status == "switched"
    # the pause ahead moved with the place
    assert [(p.start_date, p.end_date) for p in new.pauses] == [
        (START + timedelta(days=10), later + timedelta(days=2))
    ]
    assert old.pauses == []
    back = services.switch_lunch_mode(new.id, later, "s-a însănătoșit")
    assert back.service == Service.LUNCH and person.can_travel is True
    assert [(p.start_date, p.end_date) for p in back.pauses] == [(later, later + timedelta(2))]
    fields = {e.field for e in history("beneficiary", person.id)}
    assert "can_travel" in fields


def test_switch_needs_a_date_after_the_start(ctx, new_enrolment, new_site):
    enrolment = new_enrolment(new_site())
    with pytest.raises(InvalidInputError):
        services.switch_lunch_mode(enrolment.id, enrolment.start_date, "x")


def test_review_due_lists_past_reviews_of_the_sites(ctx, new_enrolment, new_site):
    site, other = new_site(), new_site()
    due = new_enrolment(site, review_date=date(2026, 2, 1))
    new_enrolment(site, review_date=date(2026, 12, 1))
    elsewhere = new_enrolment(other, review_date=date(2026, 2, 1))
    on = date(2026, 6, 1)
    assert [e.id for e in services.review_due({site.id}, on)] == [due.id]
    assert {e.id for e in services.review_due(None, on)} == {due.id, elsewhere.id}


# ------------------------------------------------------------ search and visibility


def test_search_ignores_diacritics_and_reads_cyrillic(ctx, new_person, new_site):
    wanted = new_person(first_name="Ștefan", last_name="Țurcanu")
    other = new_person(first_name="Ion", last_name="Turea")
    for typed in ("stefan turcanu", "TURCANU", "Штефан Цуркану", "ţurc"):
        found = {p.id for p in db.session.scalars(services.search_query({"q": typed}, None))}
        assert wanted.id in found, typed
        assert other.id not in found, typed


def test_staff_search_shows_only_people_of_their_sites(ctx, new_person, new_enrolment, new_site):
    own, other = new_site(), new_site()
    mine = new_enrolment(own, status=EnrolmentStatus.EXITED, end_date=date(2026, 3, 1))
    theirs = new_enrolment(other)
    found = {p.id for p in db.session.scalars(services.search_query({}, {own.id}, 0))}
    assert mine.beneficiary_id in found
    assert theirs.beneficiary_id not in found
    assert services.can_see_person(theirs.beneficiary_id, {own.id}, 0) is False


def test_search_by_status_paused(ctx, new_enrolment, new_site):
    from app.core.clock import today

    site = new_site()
    paused = new_enrolment(site, pauses=[(today(), today() + timedelta(days=3))])
    running = new_enrolment(site)
    found = {p.id for p in db.session.scalars(services.search_query({"status": "paused"}, None))}
    assert paused.beneficiary_id in found and running.beneficiary_id not in found
    active = {p.id for p in db.session.scalars(services.search_query({"status": "active"}, None))}
    assert running.beneficiary_id in active and paused.beneficiary_id not in active


def test_switch_is_refused_when_the_other_service_is_full(ctx, new_enrolment, new_site):
    site = new_site(delivery=1)
    new_enrolment(site, service=Service.DELIVERY)
    eating = new_enrolment(site)
    with pytest.raises(DomainError, match="plin"):
        services.switch_lunch_mode(eating.id, START, "nu mai poate merge")
    assert eating.status == EnrolmentStatus.ACTIVE and eating.end_date is None
