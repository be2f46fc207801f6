"""Fixtures of the registry tests.

The `new_*` factories add records through the current session (inside `ctx`), so a
service test builds and checks everything in one unit of work that is never committed.
"""

import itertools
from datetime import date

import pytest

from app.beneficiaries.models import Enrolment, EnrolmentPause, EnrolmentStatus
from app.beneficiaries.schemas import with_check_digit
from app.beneficiaries.services import create_beneficiary
from app.extensions import db
from app.places import services as places_services
from app.places.models import Service, SiteKind

_numbers = itertools.count(1)


@pytest.fixture
def idnp():
    """A fresh valid IDNP on each call (unique over the whole run)."""

    def make() -> str:
        return with_check_digit(f"2002{next(_numbers):08d}")

    return make


@pytest.fixture
def person_data():
    def make(**overrides) -> dict:
        data = {
            "first_name": "Ștefan",
            "last_name": "Țurcanu",
            "birth_date": date(1950, 5, 2),
            "sex": "M",
            "phone": "069000111",
            "categories": ["solitary_elderly"],
            "consent_date": date(2026, 1, 10),
        }
        data.update(overrides)
        return data

    return make


@pytest.fixture
def new_site(ctx):
    def make(name: str | None = None, lunch: int | None = 30, delivery: int | None = 10):
        n = next(_numbers)
        district = places_services.create_district(f"Raion R{n}")
        locality = places_services.create_locality(f"Sat R{n}", district.id)
        return places_services.create_site(
            {
                "name": name or f"Cantina R{n}",
                "kind": SiteKind.CANTEEN,
                "locality_id": locality.id,
                "latitude": 46.83,
                "longitude": 28.59,
                "services": [
                    {"service": Service.LUNCH, "capacity": lunch},
                    {"service": Service.DELIVERY, "capacity": delivery},
                    {"service": Service.PARCELS, "capacity": None},
                ],
            }
        )

    return make


@pytest.fixture
def new_person(ctx, person_data):
    def make(**overrides):
        n = next(_numbers)
        data = person_data(**{"first_name": f"Ion{n}", "last_name": "Popescu", **overrides})
        return create_beneficiary(data, confirm_not_duplicate=True)

    return make


@pytest.fixture
def new_enrolment(ctx, new_person):
    def make(site, person=None, service=Service.LUNCH, pauses=(), **overrides):
        person = person or new_person()
        enrolment = Enrolment(
            beneficiary_id=person.id,
            site_id=site.id,
            service=Service(service),
            status=overrides.pop("status", EnrolmentStatus.ACTIVE),
            decision_number=f"D-{next(_numbers)}",
            start_date=overrides.pop("start_date", date(2026, 1, 12)),
            review_date=overrides.pop("review_date", date(2026, 12, 31)),
            **overrides,
        )
        enrolment.pauses = [
            EnrolmentPause(start_date=s, end_date=e, reason="spital") for s, e in pauses
        ]
        db.session.add(enrolment)
        db.session.flush()
        return enrolment

    return make
