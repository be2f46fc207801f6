"""Fixtures for the parcels tests: a fixed today, a canteen, its people and parcel types."""

import itertools
from datetime import date
from decimal import Decimal

import pytest

from app.core import clock
from app.extensions import db
from app.places.models import Service

TODAY = date(2026, 11, 16)
STOCKED_ON = date(2026, 10, 1)
_seq = itertools.count(1)


@pytest.fixture
def today(monkeypatch):
    monkeypatch.setattr(clock, "today", lambda: TODAY)
    return TODAY


@pytest.fixture
def canteen(make_site):
    return make_site()


@pytest.fixture
def other_canteen(make_site):
    return make_site()


@pytest.fixture
def staff(make_user, canteen):
    return make_user("staff", [canteen])


@pytest.fixture
def manager(make_user):
    return make_user("manager")


@pytest.fixture
def make_parcel_type(app):
    from app.parcels import services

    def make(**overrides):
        data = {
            "name": f"Pachet alimentar {next(_seq)}",
            "min_days_between": None,
            "items": [
                {"name": "Făină", "quantity": Decimal("2"), "unit": "kg"},
                {"name": "Ulei", "quantity": Decimal("1"), "unit": "l"},
            ],
        }
        data.update(overrides)
        with app.app_context():
            parcel_type = services.create_parcel_type(data)
            db.session.commit()
            _ = parcel_type.items
            return parcel_type

    return make


@pytest.fixture
def parcel_type(make_parcel_type):
    return make_parcel_type()


@pytest.fixture
def person_at(make_enrolment, make_beneficiary):
    """A person enrolled (parcels service) at a site."""

    def make(site, **overrides):
        person = make_beneficiary(**overrides)
        make_enrolment(site, beneficiary=person, service=Service.PARCELS)
        return person

    return make


@pytest.fixture
def stock(app, today):
    """Receive parcels at a site (committed), as a donation; by default at the start of
    the month before today, so that the tests' dated hand-outs have them on the shelf."""
    from app.parcels import services
    from app.parcels.models import SourceKind

    def receive(site, parcel_type, quantity: int, day: date | None = None):
        with app.app_context():
            movement = services.record_receipt(
                site.id,
                parcel_type.id,
                quantity,
                day or STOCKED_ON,
                SourceKind.DONATION,
                donor_name="Banca de Alimente",
                document_number=f"AV-{next(_seq)}",
            )
            db.session.commit()
            return movement

    return receive
