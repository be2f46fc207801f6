"""Slowing down password guessing without letting anyone lock a canteen out.

Failures are counted per account, per client address and per known device. After a
few free failures each key waits a delay that doubles with every further failure, up
to a cap. A signed device cookie, given at a successful login, lets its owner's right
password through while the account and address keys are throttled by someone else.
Unknown usernames are counted like known ones, so the answers cannot tell them apart.
"""

import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta

from flask import current_app
from itsdangerous import BadSignature, URLSafeTimedSerializer
from sqlalchemy import case, delete, select
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert

from app.auth.models import LoginThrottle
from app.core.clock import utcnow
from app.extensions import db

DEVICE_COOKIE = "cantina_device"
DEVICE_SALT = "cantina.device"
DEVICE_MAX_AGE = 365 * 24 * 3600


def delay_after(failures: int, key: str = "") -> timedelta:
    """No wait for the first free failures, then 1 s, 2 s, 4 s ... up to the cap.

    An address is allowed more free failures than an account: a whole office or a
    village behind one router shares it, and their typos add up.
    """
    if key.startswith("address:"):
        free = current_app.config["LOGIN_ADDRESS_FREE_FAILURES"]
    else:
        free = current_app.config["LOGIN_FREE_FAILURES"]
    cap = current_app.config["LOGIN_DELAY_CAP_SECONDS"]
    if failures <= free:
        return timedelta(0)
    return timedelta(seconds=min(cap, 2 ** min(failures - free - 1, 30)))


def account_key(username: str) -> str:
    return "account:" + username.strip().lower()[:100]


def address_key(address: str | None) -> str:
    return "address:" + (address or "unknown")[:100]


def device_key(device_id: str) -> str:
    return "device:" + device_id[:100]


def hold(keys: list[str], now: datetime | None = None) -> None:
    """Make sure each key has its row and lock the rows until the transaction ends.

    Attempts on the same account or address then take turns: each one sees the
    failures counted by the one before, so a burst of parallel guesses gets no more
    tries than the same guesses one after another. Rows are locked in sorted order
    (no deadlock between two attempts sharing a key). SQLite needs no row lock: a
    login is a write transaction there and takes the database's write lock at BEGIN.
    """
    now = now or utcnow()
    table = LoginThrottle.__table__
    postgres = db.session.get_bind().dialect.name == "postgresql"
    insert = pg_insert if postgres else sqlite_insert
    for key in sorted(set(keys)):
        db.session.execute(
            insert(table)
            .values(key=key, failures=0, last_failure_at=now)
            .on_conflict_do_nothing(index_elements=[table.c.key])
        )
        if postgres:
            db.session.execute(select(table.c.key).where(table.c.key == key).with_for_update())


@dataclass
class Wait:
    seconds: int


def wait_for(keys: list[str], now: datetime | None = None) -> Wait | None:
    """How long the next attempt must wait for the given keys, or None to go ahead."""
    now = now or utcnow()
    rows = db.session.scalars(select(LoginThrottle).where(LoginThrottle.key.in_(keys)))
    longest = timedelta(0)
    for row in rows:
        if _forgotten(row.last_failure_at, now):
            continue
        longest = max(longest, row.last_failure_at + delay_after(row.failures, row.key) - now)
    if longest <= timedelta(0):
        return None
    return Wait(seconds=int(longest.total_seconds()) + (longest.microseconds > 0))


def _forgotten(last_failure_at: datetime, now: datetime) -> bool:
    return now - last_failure_at > timedelta(hours=current_app.config["LOGIN_FORGET_HOURS"])


def count_failure(keys: list[str], now: datetime | None = None) -> dict[str, int]:
    """Count one failure on each key in one statement per key; the counts after it.

    INSERT ... ON CONFLICT DO UPDATE SET failures = failures + 1 is atomic on both
    engines: parallel attempts each add one, none is lost. A key quiet for longer than
    LOGIN_FORGET_HOURS starts again from one.
    """
    now = now or utcnow()
    forget_before = now - timedelta(hours=current_app.config["LOGIN_FORGET_HOURS"])
    insert = pg_insert if db.session.get_bind().dialect.name == "postgresql" else sqlite_insert
    table = LoginThrottle.__table__
    counts = {}
    for key in keys:
        statement = insert(table).values(key=key, failures=1, last_failure_at=now)
        statement = statement.on_conflict_do_update(
            index_elements=[table.c.key],
            set_={
                "failures": case(
                    (table.c.last_failure_at < forget_before, 1),
                    else_=table.c.failures + 1,
                ),
                "last_failure_at": now,
            },
        ).returning(table.c.failures)
        counts[key] = db.session.execute(statement).scalar_one()
    return counts


def clear(keys: list[str], now: datetime | None = None) -> None:
    """Forget the keys' failures, and every key quiet for longer than the window."""
    now = now or utcnow()
    forget_before = now - timedelta(hours=current_app.config["LOGIN_FORGET_HOURS"])
    db.session.execute(
        delete(LoginThrottle).where(
            LoginThrottle.key.in_(keys) | (LoginThrottle.last_failure_at < forget_before)
        )
    )


def _serializer() -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(current_app.secret_key, salt=DEVICE_SALT)


def new_device_cookie(user_id: int, device_id: str | None = None) -> str:
    """A signed value naming the user and a random device id."""
    return _serializer().dumps({"u": user_id, "d": device_id or secrets.token_urlsafe(16)})


def read_device_cookie(value: str | None) -> tuple[int, str] | None:
    """(user id, device id) from a genuine, unexpired device cookie; None otherwise."""
    if not value:
        return None
    try:
        data = _serializer().loads(value, max_age=DEVICE_MAX_AGE)
    except BadSignature:
        return None
    if not isinstance(data, dict):
        return None
    user_id, device_id = data.get("u"), data.get("d")
    if not isinstance(user_id, int) or not isinstance(device_id, str):
        return None
    return user_id, device_id
