"""A unique constraint that refuses a write (two people saving the same name at once)
answers 409 with the field on the API and the form again on pages, never a 500."""

import logging
from contextlib import contextmanager

import pytest
from sqlalchemy import event, insert
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from app.auth.models import Role, User
from app.core.integrity import refusal, unique_constraints
from app.core.models import JobClaim
from app.extensions import db
from app.parcels.models import ParcelType
from app.places.models import District, Locality, Site


@contextmanager
def saved_meanwhile(model):
    """Another writer stores the same row after the service's duplicate check passed and
    before its own flush: the database's unique constraint is what refuses it."""
    done = []

    def twin(session, flush_context, instances):
        for obj in list(session.new):
            if type(obj) is model and not done:
                values = {
                    c.key: getattr(obj, c.key)
                    for c in model.__table__.columns
                    if getattr(obj, c.key, None) is not None
                }
                session.connection().execute(insert(model.__table__).values(**values))
                done.append(obj)

    event.listen(Session, "before_flush", twin)
    try:
        yield done
    finally:
        event.remove(Session, "before_flush", twin)
    assert done, "the twin was never written: the test proves nothing"


ITEMS = [{"name": "Făină", "quantity": "2", "unit": "kg"}]


@pytest.fixture
def admin(login_as):
    return login_as(Role.ADMIN)


def _api_cases(locality, district):
    return [
        (District, "/api/v1/districts", {"name": "Raionul Secret"}, "name"),
        (Locality, "/api/v1/localities",
         {"name": "Satul Secret", "district_id": district.id}, "name"),
        (Site, "/api/v1/sites",
         {"name": "Cantina Secretă", "kind": "canteen", "locality_id": locality.id}, "name"),
        (User, "/api/v1/users",
         {"username": "secret.user", "full_name": "Ion Secret", "role": "manager",
          "password": "o-parola-destul-de-lunga"}, "username"),
        (ParcelType, "/api/v1/parcel-types", {"name": "Pachet Secret", "items": ITEMS}, "name"),
    ]  # fmt: skip


def test_the_api_answers_409_with_the_field(app, client, admin, make_locality, caplog):
    locality = make_locality("Lăpușna")
    with app.app_context():
        district = db.session.get(Locality, locality.id).district
    caplog.set_level(logging.INFO)
    for model, url, body, field in _api_cases(locality, district):
        with saved_meanwhile(model):
            answer = client.post(url, json=body)
        assert answer.status_code == 409, (url, answer.status_code, answer.get_data(as_text=True))
        assert answer.is_json
        assert list(answer.json["errors"]) == [field], url
        assert answer.json["errors"][field] == [answer.json["message"]]
    # everything was rolled back (the twin too, it shared the transaction) and the
    # session serves the next request
    assert client.post("/api/v1/districts", json={"name": "Raionul Secret"}).status_code == 201
    assert "write refused by constraint uq_" in caplog.text
    assert "Secret" not in caplog.text and "secret" not in caplog.text


def test_a_renamed_site_meeting_a_new_one_is_409(app, client, admin, make_site):
    site = make_site(name="Cantina Veche")
    other = make_site(name="Cantina Nouă")

    def rename_twin(session, flush_context, instances):
        # the other site takes the name first, after the service's check
        session.connection().execute(
            Site.__table__.update().where(Site.id == other.id).values(name="Cantina Dorită")
        )

    event.listen(Session, "before_flush", rename_twin, once=True)
    answer = client.patch(f"/api/v1/sites/{site.id}", json={"name": "Cantina Dorită"})
    assert answer.status_code == 409, answer.get_data(as_text=True)
    assert "name" in answer.json["errors"]


def test_pages_show_the_form_again_with_the_message(client, admin, make_locality):
    locality = make_locality("Cobani")
    with saved_meanwhile(Site):
        page = client.post(
            "/sites/new",
            data={"name": "CCAS Cobani", "kind": "community_centre",
                  "locality_id": str(locality.id), "active": "true"},
        )  # fmt: skip
    html = page.get_data(as_text=True)
    assert page.status_code == 409
    assert 'id="err-name"' in html and "Există deja un centru cu acest nume." in html
    assert 'value="CCAS Cobani"' in html  # what was typed is still there

    with saved_meanwhile(User):
        page = client.post(
            "/users/new",
            data={"username": "ana.staff", "full_name": "Ana", "role": "manager",
                  "password": "o-parola-lunga"},
        )  # fmt: skip
    html = page.get_data(as_text=True)
    assert page.status_code == 409 and 'id="err-username"' in html

    with saved_meanwhile(ParcelType):
        page = client.post(
            "/parcel-types",
            data={"name": "Pachet de Paști", "item_name": ["Făină"], "item_quantity": ["2"],
                  "item_unit": ["kg"]},
        )  # fmt: skip
    html = page.get_data(as_text=True)
    assert page.status_code == 409 and 'id="err-name"' in html


def test_a_constraint_without_a_sentence_names_its_last_column(app, ctx):
    db.session.add(JobClaim(job="j", slot="2026-01-01"))
    db.session.flush()
    with pytest.raises(IntegrityError) as caught, db.session.begin_nested():
        db.session.add(JobClaim(job="j", slot="2026-01-01"))
        db.session.flush()
    answer = refusal(caught.value)
    assert (answer.status_code, answer.field) == (409, "slot")
    assert "uq_job_claim_job_slot" in unique_constraints()
    assert "uq_enrolment_one_active_lunch" in unique_constraints()


def test_a_day_closed_by_two_managers_at_once_is_409_on_the_day(client, admin, make_site):
    from app.core.models import SiteDayOverride

    site = make_site()
    with saved_meanwhile(SiteDayOverride):
        answer = client.put(
            f"/api/v1/sites/{site.id}/calendar/days/2026-11-17",
            json={"is_open": False, "reason": "no_water"},
        )
    assert answer.status_code == 409, answer.get_data(as_text=True)
    assert list(answer.json["errors"]) == ["day"]
