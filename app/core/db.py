"""Database helpers shared by services, jobs and commands."""

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar

from flask import current_app, has_request_context, request
from sqlalchemy import event
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from app.extensions import db

_writing: ContextVar[bool | None] = ContextVar("cantina_writing", default=None)


def write_intent() -> bool:
    """Whether the current unit of work will write (SQLite then locks at BEGIN)."""
    marked = _writing.get()
    if marked is not None:
        return marked
    return _writing_request() and not _locks_late()


def _writing_request() -> bool:
    return has_request_context() and request.method in {"POST", "PUT", "PATCH", "DELETE"}


def _locks_late() -> bool:
    view = current_app.view_functions.get(request.endpoint)
    return getattr(view, "locks_late", False)


def locks_late(view):
    """Mark a view whose service takes SQLite's write lock itself, after its reads.

    The request begins as a reader; its service calls `take_write_lock` once it has
    read and checked what it needs, so other workers wait only for the write itself,
    not for the whole request. On PostgreSQL nothing changes.
    """
    view.locks_late = True
    return view


def on_begin(conn) -> None:
    """SQLite: BEGIN IMMEDIATE for a writer (it queues on busy_timeout instead of
    failing when a read lock cannot be upgraded), a plain BEGIN for a reader."""
    immediate = write_intent()
    conn.exec_driver_sql("BEGIN IMMEDIATE" if immediate else "BEGIN")
    # a writing request that locks late: its first write takes the lock (take_write_lock)
    waiting = not immediate and _writing.get() is None and _writing_request()
    conn.info["cantina_lock_later"] = waiting
    if waiting:
        conn.info["cantina_changes"] = conn.connection.driver_connection.total_changes


def take_write_lock(session: Session | None = None) -> bool:
    """Take SQLite's write lock now, if this transaction began as a reader.

    The reads so far end (nothing has been written; a write before this is a mistake
    and refused) and a new transaction begins with the lock, on the same connection and
    without expiring loaded objects. True when that happened: what the caller read may
    have changed since and is read again where it matters (the stored marks). False on
    PostgreSQL, in a transaction that began with the lock, and inside a savepoint.
    """
    conn = (session or db.session).connection()
    if not conn.info.get("cantina_lock_later"):
        return False
    if conn.in_nested_transaction():
        return False
    if conn.connection.driver_connection.total_changes != conn.info["cantina_changes"]:
        raise RuntimeError("written before the write lock was taken")
    conn.exec_driver_sql("COMMIT")
    conn.exec_driver_sql("BEGIN IMMEDIATE")
    conn.info["cantina_lock_later"] = False
    return True


# Whatever writes first in a request that locks late takes the lock, so no write ever
# runs in a transaction that began as a reader (SQLite could refuse it mid-request).
@event.listens_for(Session, "before_flush")
def _lock_before_flush(session, flush_context, instances) -> None:
    if session.new or session.dirty or session.deleted:
        take_write_lock(session)


@event.listens_for(Session, "do_orm_execute")
def _lock_before_write(state) -> None:
    if state.is_insert or state.is_update or state.is_delete:
        take_write_lock(state.session)


def read_rows(statement, params: dict):
    """Run a read of plain columns on the session's connection, in its transaction.

    For the statements a tap runs: the ORM session's execute adds its own result and
    event machinery, which plain columns do not need and which costs more than the read.
    Writes go through the session (they take SQLite's write lock on the way)."""
    return db.session.connection().execute(statement, params)


@contextmanager
def writing(intent: bool = True) -> Iterator[None]:
    """Mark a job or command as a writer for the duration of the block; with
    intent=False, mark a block of a writing request that only reads (no write lock)."""
    token = _writing.set(intent)
    try:
        yield
    finally:
        _writing.reset(token)


def constraint_name(exc: IntegrityError) -> str:
    """The name of the violated constraint, as far as the driver tells it."""
    diag = getattr(getattr(exc.orig, "diag", None), "constraint_name", None)
    return diag or str(exc.orig)


@contextmanager
def savepoint() -> Iterator[None]:
    """Run a block in a SAVEPOINT, so an IntegrityError undoes only the block.

    Pending changes are flushed before the SAVEPOINT starts; make the change inside the
    block. After an error the session stays usable.
    """
    with db.session.begin_nested():
        yield
