"""A small world with known figures: two districts, three sites, five people, November."""

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

import pytest

from app.attendance.models import AttendanceMark, Mark, MarkSource, Meal
from app.beneficiaries.models import Category, EnrolmentStatus
from app.core import clock
from app.core.models import SiteDayOverride
from app.delivery.models import (
    DeliveryList,
    DeliveryStop,
    FailureReason,
    Outcome,
    Route,
)
from app.extensions import db
from app.places.models import Service

NOVEMBER = (date(2026, 11, 1), date(2026, 11, 30))


@dataclass
class World:
    alpha: object  # district with one locality and two sites
    beta: object  # district with one site
    s1: object
    s2: object
    s3: object
    people: dict


def _mark(site, person, day, mark, meal=Meal.LUNCH):
    db.session.add(
        AttendanceMark(
            site_id=site.id,
            beneficiary_id=person.id,
            day=day,
            meal=meal,
            mark=mark,
            source=MarkSource.STAFF,
        )
    )


@pytest.fixture
def world(app, make_district, make_locality, make_site, make_beneficiary, make_enrolment):
    alpha = make_district("Alfa")
    beta = make_district("Beta")
    l1 = make_locality("Satul Unu", alpha.id)
    l2 = make_locality("Satul Doi", beta.id)
    s1 = make_site(name="Cantina Unu", locality_id=l1.id, cost_norm_lei=Decimal("25.50"))
    s2 = make_site(name="Cantina Doi", locality_id=l1.id)
    s3 = make_site(name='=HYPERLINK("http://x")', locality_id=l2.id)
    a = make_beneficiary(
        first_name="Ana",
        sex="M",
        birth_date=date(1948, 3, 14),
        categories=[Category.SOLITARY_ELDERLY, Category.DISABILITY],
    )
    b = make_beneficiary(first_name="Barbu", sex=None, birth_date=None)
    d = make_beneficiary(
        first_name="Dana", sex="F", birth_date=date(2015, 6, 1), categories=[Category.CHILD_AT_RISK]
    )
    e = make_beneficiary(
        first_name="Elena", sex="F", birth_date=date(1980, 2, 2), categories=[Category.UNEMPLOYED]
    )
    c = make_beneficiary(first_name="Costel")
    with app.app_context():
        make_enrolment(
            s1,
            beneficiary=a,
            status=EnrolmentStatus.EXITED,
            end_date=date(2026, 11, 20),
        )
        make_enrolment(s1, beneficiary=b, service=Service.DELIVERY)
        make_enrolment(s1, beneficiary=c)
        make_enrolment(s2, beneficiary=d, service=Service.DAY_CARE)
        make_enrolment(s3, beneficiary=e, start_date=date(2026, 11, 5))
        for day in (2, 3, 4):
            _mark(s1, a, date(2026, 11, day), Mark.PRESENT)
        for day in (2, 3):
            _mark(s1, b, date(2026, 11, day), Mark.DELIVERED)
        for day in (2, 3):
            _mark(s1, c, date(2026, 11, day), Mark.ABSENT)
        _mark(s1, b, date(2026, 11, 4), Mark.NOT_DELIVERED)
        _mark(s2, d, date(2026, 11, 3), Mark.PRESENT)
        _mark(s2, d, date(2026, 11, 5), Mark.PRESENT, meal=Meal.DAY_CARE)
        _mark(s3, d, date(2026, 11, 4), Mark.PRESENT)
        for day in (5, 6, 9, 10):
            _mark(s3, e, date(2026, 11, day), Mark.PRESENT)
        _mark(s3, e, date(2026, 10, 30), Mark.PRESENT)  # outside November
        db.session.add(
            SiteDayOverride(site_id=s2.id, day=date(2026, 11, 16), is_open=False, reason="no_water")
        )
        route = Route(site_id=s1.id, name="Traseul 1")
        db.session.add(route)
        db.session.flush()
        for day, outcome, reason in (
            (date(2026, 11, 3), Outcome.NOT_DELIVERED, FailureReason.NOT_HOME),
            (date(2026, 11, 4), Outcome.NOT_DELIVERED, FailureReason.REFUSED),
            (date(2026, 11, 5), Outcome.DELIVERED, None),
        ):
            dl = DeliveryList(
                route_id=route.id,
                site_id=s1.id,
                day=day,
                route_name=route.name,
                generated_by="test",
            )
            db.session.add(dl)
            db.session.flush()
            db.session.add(
                DeliveryStop(
                    delivery_list_id=dl.id,
                    beneficiary_id=b.id,
                    position=1,
                    name="B",
                    outcome=outcome,
                    failure_reason=reason,
                )
            )
        db.session.commit()
    return World(alpha, beta, s1, s2, s3, {"a": a, "b": b, "c": c, "d": d, "e": e})


@pytest.fixture
def fixed_today(monkeypatch):
    def fix(day):
        monkeypatch.setattr(clock, "today", lambda: day)
        return day

    return fix


@pytest.fixture
def parcels(app, world, make_enrolment, monkeypatch):
    """Parcels in November: 3 at Cantina Unu (2 types), 2 at the Beta site, one
    cancelled and one in October (neither counts); stock received, moved and adjusted."""
    from app.parcels import services
    from app.parcels.models import AdjustmentReason, SourceKind

    monkeypatch.setattr(clock, "today", lambda: date(2026, 12, 1))
    with app.app_context():
        flour = services.create_parcel_type({"name": "Făină", "min_days_between": None})
        winter = services.create_parcel_type({"name": "=Iarnă", "min_days_between": None})
        db.session.flush()
        a, b, e = world.people["a"], world.people["b"], world.people["e"]
        for site, person in ((world.s1, a), (world.s1, b), (world.s3, e)):
            make_enrolment(site, beneficiary=person, service=Service.PARCELS)
        s1, s3 = world.s1.id, world.s3.id
        services.record_receipt(s1, flour.id, 10, date(2026, 10, 1), SourceKind.PURCHASE)
        services.record_receipt(s1, winter.id, 4, date(2026, 11, 2), SourceKind.PURCHASE)
        services.record_receipt(s3, flour.id, 6, date(2026, 11, 2), SourceKind.PURCHASE)
        services.record_distribution(s1, flour.id, a.id, date(2026, 10, 20))  # October
        services.record_distribution(s1, flour.id, a.id, date(2026, 11, 3), 2)
        services.record_distribution(s1, winter.id, b.id, date(2026, 11, 4))
        gone = services.record_distribution(s1, winter.id, a.id, date(2026, 11, 5))
        services.cancel_distribution(gone.id, "greșit")
        services.record_distribution(s3, flour.id, e.id, date(2026, 11, 6), 2)
        services.record_transfer(s1, s3, flour.id, 3, date(2026, 11, 10))
        services.record_adjustment(s3, flour.id, -1, date(2026, 11, 12), AdjustmentReason.DAMAGED)
        db.session.commit()
        return {"flour": flour.id, "winter": winter.id}
