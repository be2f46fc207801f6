"""Fixtures for the attendance tests: a fixed 'today' and a site with people."""

import itertools
import os
from dataclasses import dataclass
from datetime import date

import pytest

from app.auth.models import Role
from app.beneficiaries.models import Beneficiary, Enrolment, EnrolmentStatus
from app.core import clock
from app.core.text import fold, person_key
from app.extensions import db
from app.places.models import Service, SiteKind
from tests.conftest import PASSWORD


@pytest.fixture
def set_today(monkeypatch):
    """Fix clock.today() (services, pages and templates all ask it)."""

    def fix(day: date) -> date:
        monkeypatch.setattr(clock, "today", lambda: day)
        return day

    return fix


@pytest.fixture
def today(set_today, a_weekday):
    """Monday 2026-11-16 is today."""
    return set_today(a_weekday)


@pytest.fixture
def canteen(make_site):
    return make_site()


@pytest.fixture
def staff(make_user, canteen):
    return make_user("staff", [canteen])


@pytest.fixture
def manager(make_user):
    return make_user("manager")


@dataclass
class SeededSheet:
    site_id: int
    usernames: list[str]
    beneficiary_ids: list[int]


_tags = itertools.count(1)


def seed_sheet(people: int = 20, staff: int = 1, names=None) -> SeededSheet:
    """A canteen with staff and people enrolled for lunch, committed in the current app
    context (for tests that need real commits: threads, the live server)."""
    from app.auth import services as auth_services
    from app.places import services as places_services

    tag = f"{os.getpid()}-{next(_tags)}"
    district = places_services.create_district(f"Raion A{tag}")
    locality = places_services.create_locality(f"Sat A{tag}", district.id)
    site = places_services.create_site(
        {
            "name": f"Cantina A{tag}",
            "kind": SiteKind.CANTEEN,
            "locality_id": locality.id,
            "services": [{"service": Service.LUNCH, "capacity": people}],
        }
    )
    usernames = []
    for i in range(staff):
        user = auth_services.create_user(
            username=f"staff-a{tag}-{i}".replace("-", ""),
            full_name="Personal cantină",
            role=Role.STAFF,
            password=PASSWORD,
            site_ids=[site.id],
        )
        usernames.append(user.username)
    names = names or [(f"Ion{i}", f"Popescu{i:03d}") for i in range(people)]
    ids = []
    for first, last in names:
        person = Beneficiary(
            first_name=first,
            last_name=last,
            first_name_key=fold(first),
            last_name_key=fold(last),
            person_key=person_key(first, last),
        )
        db.session.add(person)
        db.session.flush()
        db.session.add(
            Enrolment(
                beneficiary_id=person.id,
                site_id=site.id,
                service=Service.LUNCH,
                status=EnrolmentStatus.ACTIVE,
                start_date=date(2026, 1, 1),
            )
        )
        ids.append(person.id)
    db.session.commit()
    return SeededSheet(site.id, usernames, ids)
