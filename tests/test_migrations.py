"""The migrations build the whole schema from empty, on this run's engine."""

from contextlib import contextmanager

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from flask_migrate import downgrade, upgrade
from sqlalchemy import inspect, text

from app.extensions import db
from tests.conftest import fresh_database, is_postgres, make_test_app


def _sibling_url(url: str, suffix: str, tmp_path) -> str:
    if is_postgres(url):
        return f"{url}_{suffix}"
    return f"sqlite:///{tmp_path / f'{suffix}.db'}"


@contextmanager
def _database_at(revision: str, database_url: str, suffix: str, tmp_path):
    """A fresh sibling database upgraded to a revision, inside its app's context."""
    url = _sibling_url(database_url, suffix, tmp_path)
    fresh_database(url)
    with make_test_app(url).app_context():
        upgrade(revision=revision)
        yield
        db.engine.dispose()


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


def test_name_keys_are_folded_again_on_upgrade(database_url, tmp_path):
    """Keys stored before the Cyrillic reading rules are recomputed by revision 0002."""
    with _database_at("0001", database_url, "refold", tmp_path):
        with db.engine.begin() as conn:
            conn.execute(
                text(
                    "INSERT INTO beneficiary (first_name, last_name, first_name_key,"
                    " last_name_key, person_key, address, lives_alone, can_travel,"
                    " created_at, updated_at) VALUES ('Раиса', 'Бэлан', 'raisa', 'belan',"
                    " 'belan raisa', '', false, true, :now, :now)"
                ),
                {"now": "2026-01-01 00:00:00"},
            )
        upgrade()
        with db.engine.connect() as conn:
            keys = conn.execute(
                text("SELECT first_name_key, last_name_key, person_key FROM beneficiary")
            ).one()
        assert tuple(keys) == ("raisa", "balan", "balan raisa")
        downgrade(revision="base")


def test_places_get_their_name_keys_on_upgrade(database_url, tmp_path):
    """Revision 0012 fills the new sort keys of places already there, as the code would."""
    with _database_at("0011", database_url, "placekeys", tmp_path):
        with db.engine.begin() as conn:
            conn.execute(text("INSERT INTO district (id, name) VALUES (1, 'Ștefan Vodă')"))
            conn.execute(
                text(
                    "INSERT INTO locality (id, district_id, name, kind)"
                    " VALUES (1, 1, 'Ștefan Vodă', 'town')"
                )
            )
            conn.execute(
                text(
                    "INSERT INTO site (name, kind, locality_id, address, active)"
                    " VALUES ('Cantina nr. 2 Ștefan Vodă', 'canteen', 1, '', true)"
                )
            )
        upgrade()
        with db.engine.connect() as conn:
            keys = [
                conn.execute(text(f"SELECT name_key FROM {table}")).scalar_one()
                for table in ("district", "locality", "site")
            ]
        assert keys == ["stefan voda", "stefan voda", "cantina nr 000002 stefan voda"]
        columns = {c["name"]: c for c in inspect(db.engine).get_columns("site")}
        assert columns["name_key"]["nullable"] is False
        downgrade(revision="0011")  # with the places still there
        assert "name_key" not in {c["name"] for c in inspect(db.engine).get_columns("district")}
        with db.engine.begin() as conn:
            for table in ("site", "locality", "district"):
                conn.execute(text(f"DELETE FROM {table}"))
        downgrade(revision="base")


def test_routes_parcel_types_and_lists_get_their_name_keys_on_upgrade(database_url, tmp_path):
    """Revision 0013 fills the new sort keys of routes, parcel types and the route names
    frozen in delivery lists, as the code would."""
    with _database_at("0012", database_url, "routekeys", tmp_path):
        with db.engine.begin() as conn:
            conn.execute(text("INSERT INTO district (id, name, name_key) VALUES (1, 'D', 'd')"))
            conn.execute(
                text(
                    "INSERT INTO locality (id, district_id, name, name_key, kind)"
                    " VALUES (1, 1, 'L', 'l', 'town')"
                )
            )
            conn.execute(
                text(
                    "INSERT INTO site (id, name, name_key, kind, locality_id, address, active)"
                    " VALUES (1, 'S', 's', 'canteen', 1, '', true)"
                )
            )
            conn.execute(
                text(
                    "INSERT INTO route (id, site_id, name, weekdays, active)"
                    " VALUES (1, 1, 'Traseul 2 Șipoteni', '12345', true)"
                )
            )
            conn.execute(
                text(
                    "INSERT INTO delivery_list (route_id, site_id, day, route_name,"
                    " generated_at, generated_by) VALUES (1, 1, '2026-11-16', 'Traseul 10',"
                    " '2026-11-16 06:00:00', 'test')"
                )
            )
            conn.execute(
                text(
                    "INSERT INTO parcel_type (name, active, created_at)"
                    " VALUES ('Pachet de Iarnă', true, '2026-11-01 00:00:00')"
                )
            )
        upgrade()
        with db.engine.connect() as conn:
            keys = [
                conn.execute(text(f"SELECT {column} FROM {table}")).scalar_one()
                for table, column in (
                    ("route", "name_key"),
                    ("parcel_type", "name_key"),
                    ("delivery_list", "route_name_key"),
                )
            ]
        assert keys == ["traseul 000002 sipoteni", "pachet de iarna", "traseul 000010"]
        columns = {c["name"]: c for c in inspect(db.engine).get_columns("delivery_list")}
        assert columns["route_name_key"]["nullable"] is False
        downgrade(revision="0012")  # with the rows still there
        assert "name_key" not in {c["name"] for c in inspect(db.engine).get_columns("route")}
        with db.engine.begin() as conn:
            for table in ("delivery_list", "route", "parcel_type", "site", "locality", "district"):
                conn.execute(text(f"DELETE FROM {table}"))
        downgrade(revision="base")
