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


def _insert(conn, table: str, **values) -> None:
    columns, params = ", ".join(values), ", ".join(f":{name}" for name in values)
    conn.execute(text(f"INSERT INTO {table} ({columns}) VALUES ({params})"), values)


def _keys_on_upgrade(columns) -> list[str]:
    """Upgrade to the head, then read the one row's key of each (table, column)."""
    upgrade()
    with db.engine.connect() as conn:
        return [
            conn.execute(text(f"SELECT {column} FROM {table}")).scalar_one()
            for table, column in columns
        ]


def _place(conn, keys: dict | None = None) -> None:
    """District 1, locality 1 and site 1, named 'Ștefan Vodă' (with keys when given)."""
    name = "Ștefan Vodă"
    keys = keys or {}
    _insert(conn, "district", id=1, name=name, **keys)
    _insert(conn, "locality", id=1, district_id=1, name=name, kind="town", **keys)
    _insert(
        conn,
        "site",
        id=1,
        name=f"Cantina nr. 2 {name}",
        kind="canteen",
        locality_id=1,
        address="",
        active=True,
        **keys,
    )


def _required_then_dropped(table: str, key: str, revision: str, rows_in) -> None:
    """The new key is required; a downgrade with the rows still there drops it; then the
    tables are emptied and the database goes back to base."""
    columns = {c["name"]: c for c in inspect(db.engine).get_columns(table)}
    assert columns[key]["nullable"] is False
    downgrade(revision=revision)
    assert key not in {c["name"] for c in inspect(db.engine).get_columns(table)}
    with db.engine.begin() as conn:
        for name in rows_in:
            conn.execute(text(f"DELETE FROM {name}"))
    downgrade(revision="base")


def test_places_get_their_name_keys_on_upgrade(database_url, tmp_path):
    """Revision 0012 fills the new sort keys of places already there, as the code would."""
    with _database_at("0011", database_url, "placekeys", tmp_path):
        with db.engine.begin() as conn:
            _place(conn)
        keys = _keys_on_upgrade((table, "name_key") for table in ("district", "locality", "site"))
        assert keys == ["stefan voda", "stefan voda", "cantina nr 000002 stefan voda"]
        _required_then_dropped("site", "name_key", "0011", ("site", "locality", "district"))


def test_routes_parcel_types_and_lists_get_their_name_keys_on_upgrade(database_url, tmp_path):
    """Revision 0013 fills the new sort keys of routes, parcel types and the route names
    frozen in delivery lists, as the code would."""
    with _database_at("0012", database_url, "routekeys", tmp_path):
        with db.engine.begin() as conn:
            _place(conn, {"name_key": "stefan voda"})
            _insert(conn, "route", id=1, site_id=1, name="Traseul 2 Șipoteni", weekdays="12345",
                    active=True)  # fmt: skip
            _insert(conn, "delivery_list", route_id=1, site_id=1, day="2026-11-16",
                    route_name="Traseul 10", generated_at="2026-11-16 06:00:00",
                    generated_by="test")  # fmt: skip
            _insert(conn, "parcel_type", name="Pachet de Iarnă", active=True,
                    created_at="2026-11-01 00:00:00")  # fmt: skip
        frozen = ("delivery_list", "route_name_key")
        keys = _keys_on_upgrade((("route", "name_key"), ("parcel_type", "name_key"), frozen))
        assert keys == ["traseul 000002 sipoteni", "pachet de iarna", "traseul 000010"]
        rows_in = ("delivery_list", "route", "parcel_type", "site", "locality", "district")
        _required_then_dropped(*frozen, "0012", rows_in)
