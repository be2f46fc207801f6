"""The migrations build the whole schema from empty, on this run's engine."""

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from flask_migrate import downgrade, upgrade
from sqlalchemy import inspect

from app.extensions import db
from tests.conftest import fresh_database, is_postgres, make_test_app


def _sibling_url(url: str, suffix: str, tmp_path) -> str:
    if is_postgres(url):
        return f"{url}_{suffix}"
    return f"sqlite:///{tmp_path / f'{suffix}.db'}"


def test_upgrade_from_empty_matches_the_models(database_url, tmp_path):
    url = _sibling_url(database_url, "migrations", tmp_path)
    fresh_database(url)
    app = make_test_app(url)
    with app.app_context():
        upgrade()
        tables = set(inspect(db.engine).get_table_names())
        assert {
            "site",
            "user",
            "beneficiary",
            "enrolment",
            "attendance_mark",
            "delivery_list",
        } <= tables
        with db.engine.connect() as conn:
            diff = compare_metadata(
                MigrationContext.configure(conn, opts={"compare_type": True}), db.metadata
            )
        assert diff == [], "models and migrations differ: run `cantina db migrate` and review"
        downgrade(revision="base")
        assert set(inspect(db.engine).get_table_names()) <= {"alembic_version"}
        db.engine.dispose()
