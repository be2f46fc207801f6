"""Marking reads without SQLite's write lock and takes it only to write.

Other workers then wait for the write alone, not for the whole request. What was read
before the lock may change meanwhile (another tablet, a driver): the stored marks are
read again under the lock (on PostgreSQL, by the writing statement itself), so the
audit names the value really replaced.
"""

import threading
from contextlib import contextmanager

from sqlalchemy import event, select

from app.attendance.models import AttendanceMark
from app.core.models import AuditEntry
from app.extensions import db
from tests.attendance.conftest import seed_sheet
from tests.conftest import PASSWORD


@contextmanager
def statements(app, on_statement=None):
    """The SQL the app's engine runs in the block; on_statement(sql) sees each first."""
    seen: list[str] = []

    def record(conn, cursor, statement, parameters, context, executemany):
        if on_statement is not None:
            on_statement(statement)
        seen.append(" ".join(statement.split()))

    with app.app_context():
        engine = db.engine
    event.listen(engine, "before_cursor_execute", record)
    try:
        yield seen
    finally:
        event.remove(engine, "before_cursor_execute", record)


def _signed_in(app, username):
    client = app.test_client()
    response = client.post("/login", data={"username": username, "password": PASSWORD})
    assert response.status_code == 302
    return client


def _first(seen: list[str], prefix: str) -> int:
    return next(i for i, sql in enumerate(seen) if sql.startswith(prefix))


def test_a_mark_takes_the_write_lock_only_to_write(committed, today):
    app = committed
    with app.app_context():
        seeded = seed_sheet(people=3)
        sqlite = db.engine.dialect.name == "sqlite"
    client = _signed_in(app, seeded.usernames[0])
    person = seeded.beneficiary_ids[0]
    url = f"/api/v1/sites/{seeded.site_id}/attendance/{today.isoformat()}/lunch/{person}"

    with statements(app) as seen:
        assert client.put(url, json={"mark": "present"}).status_code == 200

    if sqlite:
        write = _first(seen, "INSERT INTO attendance_mark")
        # a reader first: the user, the day and the person are read without the lock
        assert seen[0] == "BEGIN"
        lock = seen.index("BEGIN IMMEDIATE")
        assert seen[lock - 1] == "COMMIT"  # the reads end; nothing was written before
        assert _first(seen, "SELECT user.") < lock < write
        assert seen.count("BEGIN IMMEDIATE") == 1
    else:
        _first(seen, "WITH stored AS")  # the marks and their audit in one statement
        assert "BEGIN IMMEDIATE" not in seen and "COMMIT" not in seen  # one transaction
    with app.app_context():
        stored = db.session.scalar(
            select(AttendanceMark.mark).where(AttendanceMark.beneficiary_id == person)
        )
        assert stored.value == "present"


def test_a_mark_stored_while_the_request_read_is_the_one_it_replaces(committed, today):
    """Another tablet marks the person between this request's reads and its write."""
    app = committed
    with app.app_context():
        seeded = seed_sheet(people=2, staff=2)
        sqlite = db.engine.dialect.name == "sqlite"
    ours, theirs = (_signed_in(app, name) for name in seeded.usernames)
    person = seeded.beneficiary_ids[0]
    url = f"/api/v1/sites/{seeded.site_id}/attendance/{today.isoformat()}/lunch/{person}"
    # the moment between the reads and the write: the lock on SQLite, the write elsewhere
    moment = "BEGIN IMMEDIATE" if sqlite else "WITH stored AS"
    other_done = []

    def other_tablet(sql):
        if not other_done and " ".join(sql.split()).startswith(moment):
            other_done.append(None)  # once: the other tablet's own write comes here too

            def send():  # another thread: its own app context, session and connection
                other_done[0] = theirs.put(url, json={"mark": "absent"}).status_code

            thread = threading.Thread(target=send)
            thread.start()
            thread.join(timeout=30)

    with statements(app, other_tablet):
        answer = ours.put(url, json={"mark": "present"})
    assert other_done == [200] and answer.status_code == 200

    with app.app_context():
        stored = db.session.scalar(
            select(AttendanceMark).where(AttendanceMark.beneficiary_id == person)
        )
        assert stored.mark.value == "present"  # the last write wins, one row
        changes = db.session.execute(
            select(AuditEntry.action, AuditEntry.old_value, AuditEntry.new_value)
            .where(AuditEntry.entity == "attendance_mark", AuditEntry.entity_id == stored.id)
            .order_by(AuditEntry.id)
        ).all()
    # the other tablet's mark is the one replaced: an update of it, not a creation (read
    # again under the lock on SQLite, in the writing statement on PostgreSQL)
    assert [tuple(row) for row in changes] == [
        ("create", None, "absent"),
        ("update", "absent", "present"),
    ]
