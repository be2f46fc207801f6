import pytest
from marshmallow import ValidationError
from sqlalchemy import select

from app.core.errors import DomainError, NotFoundError
from app.core.forms import submit
from app.extensions import db
from app.places.models import District


def test_success_commits_and_returns_the_result(ctx):
    outcome = submit(lambda: db.session.add(District(name="Soroca")) or "done")
    assert outcome.ok and outcome.result == "done"
    db.session.rollback()  # nothing pending: the row was committed
    assert db.session.scalar(select(District.id).where(District.name == "Soroca"))


def test_broken_rule_rolls_back_and_names_the_field(ctx):
    def act():
        db.session.add(District(name="Leova"))
        db.session.flush()
        raise DomainError("Există deja.", field="name")

    outcome = submit(act)
    assert (outcome.ok, outcome.errors, outcome.status) == (False, {"name": "Există deja."}, 409)
    assert db.session.scalar(select(District.id).where(District.name == "Leova")) is None


def test_invalid_input_is_422_per_field(ctx):
    def act():
        raise ValidationError({"name": ["Câmp obligatoriu."]})

    outcome = submit(act)
    assert (outcome.errors, outcome.status) == ({"name": "Câmp obligatoriu."}, 422)


def test_missing_record_is_not_a_form_error(ctx):
    def act():
        raise NotFoundError("Nu există.")

    with pytest.raises(NotFoundError):
        submit(act)
