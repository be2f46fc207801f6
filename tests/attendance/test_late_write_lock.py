"""Marking reads without SQLite's write lock and takes it only to write.

Other workers then wait for the write alone, not for the whole request. What was read
before the lock may change meanwhile (another tablet, a driver): the stored marks are
read again under the lock. On PostgreSQL, other requests marking the same people wait
from before the reads (hold_marks). Either way the audit names the value really replaced.
"""

import threading
from contextlib import contextmanager

from sqlalchemy import event, select

from app.attendance.models import AttendanceMark, Mark, Meal
from app.attendance.services import MarkInput, mark_sheet
from app.auth.models import User
from app.core.models import AuditEntry
from app.extensions import db
from tests.attendance.conftest import seed_sheet
from tests.conftest import PASSWORD, while_uncommitted


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


def _two_tablets(app, people: int):
    """A sheet with two staff: ours signed in, and the other's user id."""
    with app.app_context():
        seeded = seed_sheet(people=people, staff=2)
        other_user_id = db.session.scalar(
            select(User.id).where(User.username == seeded.usernames[1])
        )
    return seeded, _signed_in(app, seeded.usernames[0]), other_user_id


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
        # the person is held before their mark is read; the marks and their audit are
        # written in one statement
        held = _first(seen, "SELECT pg_advisory_xact_lock")
        read = next(i for i, sql in enumerate(seen) if "attendance_mark" in sql)
        assert held < read < _first(seen, "WITH stored AS")
        assert "BEGIN IMMEDIATE" not in seen and "COMMIT" not in seen  # one transaction
    with app.app_context():
        stored = db.session.scalar(
            select(AttendanceMark.mark).where(AttendanceMark.beneficiary_id == person)
        )
        assert stored.value == "present"


def test_a_mark_sent_while_the_request_read_is_never_lost_to_it(committed, today):
    """Another tablet marks the person between this request's reads and its write.

    SQLite: the other mark is written first (this request waits for the write lock) and
    is read again under the lock. PostgreSQL: the other tablet waits for this request
    (hold_marks), then replaces its mark. Either way the audit names the value really
    replaced, and the stored mark is the last one written."""
    app = committed
    with app.app_context():
        seeded = seed_sheet(people=2, staff=2)
        sqlite = db.engine.dialect.name == "sqlite"
    ours, theirs = (_signed_in(app, name) for name in seeded.usernames)
    person = seeded.beneficiary_ids[0]
    url = f"/api/v1/sites/{seeded.site_id}/attendance/{today.isoformat()}/lunch/{person}"
    # the moment between the reads and the write: the lock on SQLite, the write elsewhere
    moment = "BEGIN IMMEDIATE" if sqlite else "WITH stored AS"
    other_done, threads = [], []

    def other_tablet(sql):
        if not other_done and " ".join(sql.split()).startswith(moment):
            other_done.append(None)  # once: the other tablet's own write comes here too

            def send():  # another thread: its own app context, session and connection
                other_done[0] = theirs.put(url, json={"mark": "absent"}).status_code

            threads.append(threading.Thread(target=send))
            threads[0].start()
            threads[0].join(timeout=30 if sqlite else 1)
            # PostgreSQL: the other tablet waits for this request to end
            assert threads[0].is_alive() != sqlite

    with statements(app, other_tablet):
        answer = ours.put(url, json={"mark": "present"})
    threads[0].join(timeout=30)
    assert other_done == [200] and answer.status_code == 200

    with app.app_context():
        stored = db.session.scalar(
            select(AttendanceMark).where(AttendanceMark.beneficiary_id == person)
        )
        changes = db.session.execute(
            select(AuditEntry.action, AuditEntry.old_value, AuditEntry.new_value)
            .where(AuditEntry.entity == "attendance_mark", AuditEntry.entity_id == stored.id)
            .order_by(AuditEntry.id)
        ).all()
    first, last = ("absent", "present") if sqlite else ("present", "absent")
    assert stored.mark.value == last  # the last write wins, one row
    assert [tuple(row) for row in changes] == [("create", None, first), ("update", first, last)]


def test_a_mark_stored_while_the_request_writes_is_the_one_it_replaces(committed, today):
    """Another tablet's mark of the person is written but not yet committed when this
    request arrives; it commits while this request waits. The audit names it as the
    value replaced (not a creation), and the last write wins."""
    app = committed
    seeded, ours, other_user_id = _two_tablets(app, people=2)
    person = seeded.beneficiary_ids[0]
    url = f"/api/v1/sites/{seeded.site_id}/attendance/{today.isoformat()}/lunch/{person}"

    def other_tablet():
        mark_sheet(
            seeded.site_id,
            today,
            Meal.LUNCH,
            [MarkInput(person, Mark.ABSENT)],
            user=db.session.get(User, other_user_id),
        )

    answer = while_uncommitted(app, other_tablet, lambda: ours.put(url, json={"mark": "present"}))
    assert answer.status_code == 200

    with app.app_context():
        stored = db.session.scalar(
            select(AttendanceMark).where(AttendanceMark.beneficiary_id == person)
        )
        assert stored.mark.value == "present"
        changes = db.session.execute(
            select(AuditEntry.action, AuditEntry.old_value, AuditEntry.new_value)
            .where(AuditEntry.entity == "attendance_mark", AuditEntry.entity_id == stored.id)
            .order_by(AuditEntry.id)
        ).all()
    assert [tuple(row) for row in changes] == [
        ("create", None, "absent"),
        ("update", "absent", "present"),
    ]


def test_everyone_present_leaves_a_mark_made_meanwhile(committed, today):
    """The tap "everyone present" marks the people unmarked when the sheet was read; another
    tablet marks one of them absent, committed while the tap waits: that mark stays."""
    app = committed
    seeded, ours, other_user_id = _two_tablets(app, people=3)
    absent, *others = seeded.beneficiary_ids
    page = f"/sites/{seeded.site_id}/attendance/{today.isoformat()}/lunch"

    def other_tablet():
        user = db.session.get(User, other_user_id)
        mark_sheet(seeded.site_id, today, Meal.LUNCH, [MarkInput(absent, Mark.ABSENT)], user=user)

    answer = while_uncommitted(app, other_tablet, lambda: ours.post(page, data={"tap": "all"}))
    assert answer.status_code == 302

    with app.app_context():
        stored = dict(
            db.session.execute(
                select(AttendanceMark.beneficiary_id, AttendanceMark.mark).where(
                    AttendanceMark.site_id == seeded.site_id
                )
            ).all()
        )
    assert {b: m.value for b, m in stored.items()} == {
        absent: "absent",
        **{b: "present" for b in others},
    }
