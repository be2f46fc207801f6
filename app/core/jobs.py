"""Background jobs of the web process, so that no request waits for long work.

A job runs in a thread of the web process with its own application context (and so
its own database session); at most JOBS_AT_ONCE jobs of a kind run at once in a
process, the others wait their turn. Its state is a small JSON file in the job's
folder, named by a random token: who started it, how far it is, its result. The page
of the job reads it, so any web process can answer for a job another one runs.

A job is finished when its state says so. One still said to be running has died when
the process that ran it is gone (a restart, a kill), when that process is this one and
the thread has ended, or when it has reported nothing for STALL_SECONDS (a process of
another machine, or an id taken again). Its page then says it failed.

With BACKGROUND_JOBS off (the tests' rolled-back world) the job runs to its end inside
the request that starts it, through the same state file and pages.
"""

import json
import logging
import os
import re
import secrets
import socket
import threading
import time
import traceback
from collections.abc import Callable
from contextlib import contextmanager
from pathlib import Path

from flask import Flask
from flask_babel import force_locale

from app.core.files import process_gone
from app.extensions import db

log = logging.getLogger("cantina.jobs")

RUNNING, DONE, FAILED = "running", "done", "failed"
# a job reports after every step; this long without news it is dead
STALL_SECONDS = 600
# a job waiting for its turn says so this often, so that it is not taken for dead
WAIT_SECONDS = 30
JOBS_AT_ONCE = 2

# tokens are secrets.token_hex: a name the file system takes whatever was sent
TOKEN = re.compile(r"[0-9a-f]{1,64}")

# jobs of this process that are still running, by token
_running: dict[str, threading.Thread] = {}
_turns: dict[str, threading.BoundedSemaphore] = {}
_turns_lock = threading.Lock()


class JobFailed(Exception):
    """A failure the user may read about: its message is shown on the job's page."""


def new_token() -> str:
    return secrets.token_hex(16)


def valid_token(token: str) -> bool:
    return TOKEN.fullmatch(token) is not None


def state_path(folder: Path | str, token: str) -> Path:
    return Path(folder) / f"{token}.json"


def read_state(folder: Path | str, token: str) -> dict | None:
    """The job's state, or None when there is no such job (or the token is not one)."""
    if not valid_token(token):
        return None
    try:
        state = json.loads(state_path(folder, token).read_text("utf-8"))
    except (FileNotFoundError, ValueError):
        return None
    return state if isinstance(state, dict) else None


def own_state(folder: Path | str, token: str, user_id: int) -> dict | None:
    """The state of a job the user started; None for anyone else's, or none at all."""
    state = read_state(folder, token)
    return state if state is not None and state.get("user_id") == user_id else None


def write_state(folder: Path | str, token: str, state: dict) -> None:
    target = state_path(folder, token)
    partial = target.with_suffix(".json.part")
    partial.write_text(json.dumps(state), "utf-8")
    os.replace(partial, target)  # a poll never reads half a state


def discard(folder: Path | str, token: str, *suffixes: str) -> None:
    """Remove a job's state and its files named `<token><suffix>`."""
    for suffix in suffixes:
        (Path(folder) / f"{token}{suffix}").unlink(missing_ok=True)
    state_path(folder, token).unlink(missing_ok=True)


def _quiet_seconds(folder: Path | str, token: str) -> float:
    try:
        return time.time() - state_path(folder, token).stat().st_mtime
    except FileNotFoundError:
        return float("inf")


def has_died(folder: Path | str, token: str, state: dict) -> bool:
    """Whether a job its state calls running will never finish (see the module's doc)."""
    if state.get("state") != RUNNING:
        return False
    pid = state.get("pid")
    if isinstance(pid, int) and pid > 0 and state.get("host") == socket.gethostname():
        if pid == os.getpid():
            if token not in _running:
                # ended meanwhile? its last state is written before it leaves the table
                final = read_state(folder, token)
                return final is None or final.get("state") == RUNNING
        elif process_gone(pid):
            return True
    return _quiet_seconds(folder, token) > STALL_SECONDS


def settle(folder: Path | str, token: str, state: dict, message: str) -> dict:
    """The state as the job's page shows it: a dead job is marked failed, once for all."""
    if has_died(folder, token, state):
        state = {**state, "state": FAILED, "message": message}
        write_state(folder, token, state)
    return state


def start(
    app: Flask,
    folder: Path | str,
    kind: str,
    state: dict,
    work: Callable[[Callable[..., None]], dict | None],
    *,
    language: str,
    failure,
    token: str | None = None,
) -> str:
    """Start `work(progress)` as a job; returns its token (a new one unless given).

    `state` holds what the job's page needs (at least `user_id`); `progress(**changes)`
    records how far the work is; what `work` returns joins the state when it is done.
    A JobFailed's message, or else `failure` (a lazy string, in the user's language),
    is what the page says when it fails.
    """
    token = token or new_token()
    state = {**state, "state": RUNNING, "pid": os.getpid(), "host": socket.gethostname()}
    state.setdefault("message", None)
    write_state(folder, token, state)
    job = _Job(app, Path(folder), kind, token, state, work, language, failure)
    if not app.config.get("BACKGROUND_JOBS", True):
        job.run()
        return token
    thread = threading.Thread(target=job.run, name=f"{kind}-{token[:8]}", daemon=True)
    _running[token] = thread
    thread.start()
    return token


def _turns_of(app: Flask, kind: str) -> threading.BoundedSemaphore:
    with _turns_lock:
        if kind not in _turns:
            _turns[kind] = threading.BoundedSemaphore(int(app.config.get("JOBS_AT_ONCE", 2)))
        return _turns[kind]


class _Job:
    def __init__(self, app, folder, kind, token, state, work, language, failure):
        self.app, self.folder, self.kind, self.token = app, folder, kind, token
        self.state, self.work, self.language, self.failure = state, work, language, failure

    def progress(self, **changes) -> None:
        self.state.update(changes)
        write_state(self.folder, self.token, self.state)

    @contextmanager
    def _turn(self):
        if self.token not in _running:  # in the request: nobody to wait for
            yield
            return
        turns = _turns_of(self.app, self.kind)
        if not turns.acquire(blocking=False):
            self.progress(waiting=True)
            while not turns.acquire(timeout=WAIT_SECONDS):
                self.progress(waiting=True)  # still alive, still waiting
            self.progress(waiting=False)
        try:
            yield
        finally:
            turns.release()

    def run(self) -> None:
        with self.app.app_context(), force_locale(self.language):
            try:
                with self._turn():
                    result = self.work(self.progress) or {}
                self.state.update(result, state=DONE)
            except JobFailed as exc:
                db.session.rollback()
                self.state.update(state=FAILED, message=str(exc))
            except Exception as exc:  # noqa: BLE001 - a thread's failure must reach the page
                # the type and the code lines only: an exception's text may carry a value
                log.error(
                    "%s job %s failed: %s\n%s",
                    self.kind,
                    self.token[:8],
                    type(exc).__name__,
                    "".join(traceback.format_tb(exc.__traceback__)),
                )
                db.session.rollback()
                self.state.update(state=FAILED, message=str(self.failure))
            finally:
                db.session.remove()
                write_state(self.folder, self.token, self.state)
                _running.pop(self.token, None)
