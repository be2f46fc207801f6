"""One unit of work per request: a success commits once without the view committing,
every other answer rolls back what the request wrote."""

import pytest
from sqlalchemy import select

from app.core.errors import DomainError
from app.extensions import db
from app.places.models import District
from tests.conftest import make_test_app


@pytest.fixture
def edge_app(database_url):
    """An application with routes that write a district, then answer in different ways."""
    application = make_test_app(database_url)

    def write(name: str) -> None:
        db.session.add(District(name=name))
        db.session.flush()

    @application.post("/test/ok/<name>")
    def ok(name):
        write(name)
        return "", 201

    @application.post("/test/redirect/<name>")
    def redirect_after(name):
        write(name)
        return "", 303, {"Location": "/"}

    @application.post("/test/refused/<name>")
    def refused(name):
        write(name)
        raise DomainError("Regula nu permite.")

    @application.post("/test/form-again/<name>")
    def form_again(name):
        write(name)
        return "the form with its messages", 422

    @application.post("/test/late/<name>")
    def late(name):
        db.session.add(District(name=name))  # not flushed: the constraint meets it at commit
        return "", 201

    return application


def _stored(app, name: str) -> bool:
    with app.app_context():
        db.session.rollback()  # what was committed, not what the session holds
        return db.session.scalar(select(District.id).where(District.name == name)) is not None


@pytest.mark.parametrize(("path", "status"), [("ok", 201), ("redirect", 303)])
def test_a_success_is_committed_without_the_view_committing(edge_app, path, status):
    response = edge_app.test_client().post(f"/test/{path}/Raion {path}")
    assert response.status_code == status
    assert _stored(edge_app, f"Raion {path}")


@pytest.mark.parametrize(("path", "status"), [("refused", 409), ("form-again", 422)])
def test_an_answer_that_is_not_a_success_leaves_nothing_written(edge_app, path, status):
    response = edge_app.test_client().post(f"/test/{path}/Raion {path}")
    assert response.status_code == status
    assert not _stored(edge_app, f"Raion {path}")


def test_a_commit_the_database_refuses_is_answered_409_not_the_views_success(edge_app):
    client = edge_app.test_client()
    assert client.post("/test/ok/Raion Dublu").status_code == 201
    response = client.post("/test/late/Raion Dublu", headers={"Accept": "application/json"})
    assert response.status_code == 409
    assert response.is_json
    assert client.post("/test/late/Raion Nou").status_code == 201
    assert _stored(edge_app, "Raion Nou")
