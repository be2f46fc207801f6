import pytest
from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError

from app.core.db import savepoint
from app.extensions import db
from app.places.models import District


def test_savepoint_undoes_only_the_failed_block(ctx):
    db.session.add(District(name="Orhei"))
    db.session.flush()
    with pytest.raises(IntegrityError), savepoint():
        db.session.add(District(name="Orhei"))
        db.session.flush()
    # the session is usable and the first row is still there
    assert db.session.scalar(select(func.count()).where(District.name == "Orhei")) == 1


def test_each_test_starts_from_an_empty_database_one(ctx):
    db.session.add(District(name="Numai în acest test"))
    db.session.commit()


def test_each_test_starts_from_an_empty_database_two(ctx):
    """The commit in the test above was rolled back with its test."""
    assert (
        db.session.scalar(select(District.id).where(District.name == "Numai în acest test")) is None
    )


def test_factories_work_on_committed_data(committed, make_site, make_enrolment):
    site = make_site()
    enrolment = make_enrolment(site)
    assert site.id and site.locality.district.name and enrolment.beneficiary_id
