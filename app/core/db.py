"""Database helpers shared by services, jobs and commands."""

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar

from flask import has_request_context, request
from sqlalchemy.exc import IntegrityError

from app.extensions import db

_writing: ContextVar[bool | None] = ContextVar("cantina_writing", default=None)


def write_intent() -> bool:
    """Whether the current unit of work will write (SQLite then locks at BEGIN)."""
    marked = _writing.get()
    if marked is not None:
        return marked
    return has_request_context() and request.method in {"POST", "PUT", "PATCH", "DELETE"}


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
