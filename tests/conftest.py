"""Fixtures: one database per run (SQLite file or PostgreSQL), each test in a
transaction rolled back at its end, and factories for the records tests need."""

import itertools
import os
import tempfile
import threading
import time
from datetime import date
from pathlib import Path

import pytest
from flask_sqlalchemy.session import Session as FlaskSession
from sqlalchemy import text
from sqlalchemy.engine import make_url

from app import create_app
from app.auth.models import Role
from app.extensions import db

PASSWORD = "correct-horse-battery"


def test_database_url() -> str:
    url = os.environ.get("TEST_DATABASE_URL")
    if url:
        return url
    return f"sqlite:///{Path(tempfile.gettempdir()) / f'cantina-test-{os.getpid()}.db'}"


def is_postgres(url: str) -> bool:
    return url.startswith("postgresql")


def fresh_database(url: str) -> None:
    """Drop and create the database the URL names (PostgreSQL) or remove the file (SQLite)."""
    if is_postgres(url):
        import psycopg

        parsed = make_url(url)
        admin = parsed.set(database="postgres").render_as_string(hide_password=False)
        admin = admin.replace("postgresql+psycopg://", "postgresql://")
        with psycopg.connect(admin, autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{parsed.database}" WITH (FORCE)')
            conn.execute(f'CREATE DATABASE "{parsed.database}"')
    else:
        path = Path(url[len("sqlite:///") :])
        for suffix in ("", "-wal", "-shm"):
            Path(str(path) + suffix).unlink(missing_ok=True)


class BoundSession(FlaskSession):
    """Flask-SQLAlchemy's session picks the engine itself; in tests it must use the
    connection that holds the test's outer transaction."""

    def get_bind(self, mapper=None, clause=None, bind=None, **kwargs):
        if bind is None and self.bind is not None:
            return self.bind
        return super().get_bind(mapper=mapper, clause=clause, bind=bind, **kwargs)


def make_test_app(url: str, **overrides):
    config = {
        "TESTING": True,
        "SQLALCHEMY_DATABASE_URI": url,
        "SECRET_KEY": "test-secret-key-that-is-long-enough-0123456789",
        "WTF_CSRF_ENABLED": False,
        "LOGIN_MAX_FAILURES": 5,
        # fast hashing in tests; production keeps scrypt (tested in test_login)
        "PASSWORD_METHOD": "pbkdf2:sha256:1000",
        "EXPORTS_DIR": tempfile.mkdtemp(prefix="cantina-exports-"),
        "IMPORTS_DIR": tempfile.mkdtemp(prefix="cantina-imports-"),
        "SMTP_HOST": "",
        # a job runs inside the request that starts it: its thread would otherwise share
        # the connection of the test's rolled-back transaction (the thread path is tested
        # with committed data and in the browser)
        "BACKGROUND_JOBS": False,
    }
    config.update(overrides)
    return create_app(config)


@pytest.fixture(scope="session")
def database_url() -> str:
    return test_database_url()


@pytest.fixture(scope="session")
def app(database_url):
    fresh_database(database_url)
    application = make_test_app(database_url)
    with application.app_context():
        db.create_all()
    yield application
    with application.app_context():
        db.engine.dispose()


# Tests using these fixtures work on committed data or on a database of their own.
OWN_DATABASE_FIXTURES = {"committed", "live_server", "served"}


@pytest.fixture(autouse=True)
def _isolated(request, app):
    """Every test in a transaction that is rolled back at its end.

    Requests, factories and services share one connection; their commits release
    SAVEPOINTs inside the outer transaction. Tests marked `committed` skip this and
    clean the tables after themselves (they need several connections).
    """
    if OWN_DATABASE_FIXTURES & set(request.fixturenames):
        yield
        return
    with app.app_context():
        connection = db.engine.connect()
        outer = connection.begin()
        session = db._make_scoped_session(
            {
                "class_": BoundSession,
                "bind": connection,
                "join_transaction_mode": "create_savepoint",
                "expire_on_commit": False,
            }
        )
        original = db.session
        db.session = session
    try:
        yield
    finally:
        with app.app_context():
            session.remove()
        db.session = original
        outer.rollback()
        connection.close()


@pytest.fixture
def committed(app):
    """For tests that need real commits seen by other connections or processes.

    Objects stay readable after their factory's commit (expire_on_commit off)."""
    original = db.session
    db.session = db._make_scoped_session({"expire_on_commit": False})
    try:
        yield app
    finally:
        with app.app_context():
            db.session.remove()
        db.session = original
    with app.app_context():
        db.session.remove()
        with db.engine.begin() as conn:
            for table in reversed(db.metadata.sorted_tables):
                conn.execute(table.delete())


@pytest.fixture
def ctx(app):
    """An app context for service-level tests (no HTTP request)."""
    with app.test_request_context():
        yield


@pytest.fixture
def client(app):
    return app.test_client()


_seq = itertools.count(1)


@pytest.fixture
def make_district(app):
    from app.places import services

    def make(name: str | None = None):
        with app.app_context():
            district = services.create_district(name or f"Raion {next(_seq)}")
            db.session.commit()
            return district

    return make


@pytest.fixture
def make_locality(app, make_district):
    from app.places import services

    def make(name: str | None = None, district_id: int | None = None):
        district_id = district_id or make_district().id
        with app.app_context():
            locality = services.create_locality(name or f"Sat {next(_seq)}", district_id)
            db.session.commit()
            return locality

    return make


@pytest.fixture
def make_site(app, make_locality):
    from app.places import services
    from app.places.models import Service, SiteKind

    def make(**overrides):
        data = {
            "name": f"Cantina {next(_seq)}",
            "kind": SiteKind.CANTEEN,
            "locality_id": overrides.pop("locality_id", None) or make_locality().id,
            "address": "str. Școlii 1",
            "latitude": 46.83,
            "longitude": 28.59,
            "services": [
                {"service": Service.LUNCH, "capacity": 30},
                {"service": Service.DELIVERY, "capacity": 10},
                {"service": Service.PARCELS, "capacity": None},
            ],
        }
        data.update(overrides)
        with app.app_context():
            site = services.create_site(data)
            db.session.commit()
            db.session.refresh(site)
            _ = site.services, site.locality.district
            return site

    return make


@pytest.fixture
def make_user(app):
    from app.auth import services

    def make(role: Role | str = Role.STAFF, sites=(), **overrides):
        role = Role(role)
        site_ids = [s if isinstance(s, int) else s.id for s in sites]
        with app.app_context():
            user = services.create_user(
                username=overrides.pop("username", f"{role.value}{next(_seq)}"),
                full_name=overrides.pop("full_name", f"Test {role.value}"),
                role=role,
                password=overrides.pop("password", PASSWORD),
                site_ids=site_ids,
                **overrides,
            )
            db.session.commit()
            _ = user.sites
            return user

    return make


def login(client, user, password: str = PASSWORD):
    response = client.post("/login", data={"username": user.username, "password": password})
    assert response.status_code == 302, response.get_data(as_text=True)
    return response


@pytest.fixture
def login_as(client, make_user):
    """Log the test client in as a new user of a role (and sites); returns the user."""

    def do(role: Role | str = Role.STAFF, sites=(), **overrides):
        user = make_user(role, sites, **overrides)
        login(client, user)
        return user

    return do


@pytest.fixture
def a_weekday() -> date:
    """A plain Monday that is no Moldovan holiday."""
    return date(2026, 11, 16)


@pytest.fixture(scope="session", autouse=True)
def _no_outside_network():
    """Tests talk to 127.0.0.1 only: refuse any other address."""
    import socket

    real_connect = socket.socket.connect

    def guarded(self, address):
        host = address[0] if isinstance(address, tuple) else address
        local = host in ("localhost", "::1") or str(host).startswith("127.")
        if self.family in (socket.AF_INET, socket.AF_INET6) and not local:
            raise OSError(f"tests may not connect to {host}")
        return real_connect(self, address)

    socket.socket.connect = guarded
    yield
    socket.socket.connect = real_connect


@pytest.fixture
def make_beneficiary(app):
    """A person with consent recorded; overrides set any Beneficiary column."""
    from app.beneficiaries.models import Beneficiary, BeneficiaryCategory, Category
    from app.core.text import fold, person_key

    def make(**overrides):
        categories = overrides.pop("categories", [Category.SOLITARY_ELDERLY])
        n = next(_seq)
        data = {
            "first_name": f"Ion{n}",
            "last_name": "Popescu",
            "birth_date": date(1948, 3, 14),
            "sex": "M",
            "address": f"str. Livezilor {n}",
            "phone": "069123456",
            "consent_date": date(2026, 1, 10),
        }
        data.update(overrides)
        with app.app_context():
            person = Beneficiary(**data)
            person.first_name_key = fold(person.first_name)
            person.last_name_key = fold(person.last_name)
            person.person_key = person_key(person.first_name, person.last_name)
            person.category_rows = [BeneficiaryCategory(category=Category(c)) for c in categories]
            db.session.add(person)
            db.session.commit()
            return person

    return make


@pytest.fixture
def make_enrolment(app, make_beneficiary):
    """An enrolment (active, lunch at the canteen, from 2026-01-12 by default)."""
    from app.beneficiaries.models import Enrolment, EnrolmentPause, EnrolmentStatus
    from app.places.models import Service

    def make(site, beneficiary=None, service=Service.LUNCH, pauses=(), **overrides):
        beneficiary = beneficiary or make_beneficiary()
        data = {
            "beneficiary_id": beneficiary.id,
            "site_id": site if isinstance(site, int) else site.id,
            "service": Service(service),
            "status": EnrolmentStatus.ACTIVE,
            "decision_number": f"D-{next(_seq)}",
            "decision_date": date(2026, 1, 5),
            "start_date": date(2026, 1, 12),
            "review_date": date(2026, 12, 31),
        }
        data.update(overrides)
        with app.app_context():
            enrolment = Enrolment(**data)
            enrolment.pauses = [
                EnrolmentPause(start_date=start, end_date=end, reason="spital")
                for start, end in pauses
            ]
            db.session.add(enrolment)
            db.session.commit()
            _ = enrolment.pauses
            return enrolment

    return make


def _waiting_on_a_lock(app) -> bool:
    """Whether another connection waits on a lock (PostgreSQL tells; SQLite does not)."""
    with app.app_context():
        if db.engine.dialect.name != "postgresql":
            time.sleep(0.5)  # the request meanwhile queues on SQLite's busy timeout
            return True
        with db.engine.connect() as conn:
            return bool(
                conn.scalar(
                    text(
                        "SELECT count(*) FROM pg_stat_activity "
                        "WHERE wait_event_type = 'Lock' AND datname = current_database()"
                    )
                )
            )


def while_uncommitted(app, write, request):
    """`write()` runs as a writer in a thread of its own, written but not committed;
    `request()` then runs in another thread and, once it waits on a lock, the write
    commits. Answers what `request()` returned (for tests of `committed` apps)."""
    from app.core.db import writing

    written, commit, answers = threading.Event(), threading.Event(), []

    def writer():
        with app.app_context(), writing():
            write()
            db.session.flush()
            written.set()
            commit.wait(timeout=30)
            db.session.commit()

    first = threading.Thread(target=writer)
    first.start()
    assert written.wait(timeout=30)
    second = threading.Thread(target=lambda: answers.append(request()))
    second.start()
    deadline = time.monotonic() + 20
    while not _waiting_on_a_lock(app) and time.monotonic() < deadline:
        time.sleep(0.05)
    commit.set()
    first.join(timeout=30)
    second.join(timeout=30)
    return answers[0]
