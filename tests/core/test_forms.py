import io

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


def test_an_action_committing_its_own_steps_keeps_them_when_a_later_one_is_refused(ctx):
    def act():  # as the import does: each batch its own transaction
        db.session.add(District(name="Orhei"))
        db.session.commit()
        db.session.add(District(name="Rezina"))
        db.session.flush()
        raise DomainError("Oprit.")

    outcome = submit(act)
    assert (outcome.errors, outcome.status) == ({"_": "Oprit."}, 409)
    names = db.session.scalars(select(District.name).where(District.name.in_(["Orhei", "Rezina"])))
    assert list(names) == ["Orhei"]


def test_form_data_takes_the_files_sent_and_not_an_empty_file_input():
    from werkzeug.datastructures import FileStorage, MultiDict

    from app.core.schemas import form_data

    sent = FileStorage(io.BytesIO(b"PK"), filename="lista.xlsx", name="file")
    empty = FileStorage(io.BytesIO(b""), filename="", name="photo")
    form = MultiDict({"site_id": " 3 ", "file": "text under the file's name"})
    values = form_data(form, files=MultiDict({"file": sent, "photo": empty}))
    assert values == {"site_id": "3", "file": sent}


@pytest.mark.parametrize("value", ["٣", "²", "3.0", "-1", " "])
def test_a_form_id_is_ascii_digits_only(value):
    from marshmallow import Schema

    from app.core.schemas import FormId

    class Chosen(Schema):
        site_id = FormId(required=True)

    assert Chosen().load({"site_id": "3"}) == {"site_id": 3}
    with pytest.raises(ValidationError):
        Chosen().load({"site_id": value})
