"""The rule "enrolled and served on a day" has one home: Enrolment.serves_on (Python, SQL)."""

from datetime import date, timedelta

from sqlalchemy import select

from app.beneficiaries.models import Enrolment, EnrolmentStatus
from app.extensions import db
from app.places.models import Service


def test_serves_on_and_holds_place_on_agree_in_python_and_sql(ctx, make_site, make_enrolment):
    site = make_site()
    day = date(2026, 11, 16)
    made = [
        make_enrolment(site),
        make_enrolment(site, service=Service.DELIVERY),
        make_enrolment(site, status=EnrolmentStatus.WAITING),
        make_enrolment(site, start_date=day + timedelta(days=1)),
        make_enrolment(site, status=EnrolmentStatus.EXITED, end_date=day - timedelta(days=1)),
        make_enrolment(site, status=EnrolmentStatus.EXITED, end_date=day),
        make_enrolment(site, pauses=[(day, day)]),
        make_enrolment(site, pauses=[(day - timedelta(days=9), day - timedelta(days=1))]),
    ]
    ids = [e.id for e in made]
    db.session.expire_all()
    rows = list(db.session.scalars(select(Enrolment).where(Enrolment.id.in_(ids))))
    in_sql = set(db.session.scalars(select(Enrolment.id).where(Enrolment.serves_on(day))))
    assert in_sql & set(ids) == {e.id for e in rows if e.serves_on(day)}
    assert in_sql & set(ids) == {ids[0], ids[1], ids[5], ids[7]}
    holding = set(db.session.scalars(select(Enrolment.id).where(Enrolment.holds_place_on(day))))
    # an active place holds through a pause; waiting, not started or exited do not
    assert holding & set(ids) == {ids[0], ids[1], ids[6], ids[7]}
