"""Large imports as background jobs, so no request worker waits for them.

A job runs in a thread of the web process with its own application context (and so
its own database session). Its state is a small JSON file beside the upload in
IMPORTS_DIR, named by the upload's token: who started it, for which site, how far it
is, and its result. The page polls it. Both files go when the result has been shown,
on cancel, or with the sweep of old uploads.
"""

import json
import logging
import os
import re
import threading
import time
from dataclasses import asdict
from pathlib import Path

from flask import Flask
from flask_babel import force_locale
from flask_babel import gettext as _

from app.beneficiaries.importer import ImportFileError, import_beneficiaries
from app.extensions import db

log = logging.getLogger("cantina.import")

# a job reports after every batch; this long without news it is dead
STALL_SECONDS = 600


# uploads are named by secrets.token_hex: a name the file system takes whatever was sent
TOKEN = re.compile(r"[0-9a-f]{1,64}")


def valid_token(token: str) -> bool:
    return TOKEN.fullmatch(token) is not None


def upload_path(folder: Path | str, token: str) -> Path:
    return Path(folder) / f"{token}.xlsx"


def state_path(folder: Path | str, token: str) -> Path:
    return Path(folder) / f"{token}.json"


def read_state(folder: Path | str, token: str) -> dict | None:
    try:
        return json.loads(state_path(folder, token).read_text("utf-8"))
    except (FileNotFoundError, ValueError):
        return None


def _write_state(folder: Path | str, token: str, state: dict) -> None:
    target = state_path(folder, token)
    partial = target.with_suffix(".json.part")
    partial.write_text(json.dumps(state), "utf-8")
    os.replace(partial, target)  # a poll never reads half a state


def stalled(folder: Path | str, token: str, quiet_seconds: float = STALL_SECONDS) -> bool:
    """A running job that has reported nothing for so long has died with its process."""
    try:
        return time.time() - state_path(folder, token).stat().st_mtime > quiet_seconds
    except FileNotFoundError:
        return True


def discard(folder: Path | str, token: str) -> None:
    """Remove an upload and its job state (after the result, or on cancel)."""
    upload_path(folder, token).unlink(missing_ok=True)
    state_path(folder, token).unlink(missing_ok=True)


def start_job(
    app: Flask,
    token: str,
    *,
    site_id: int,
    site_ids: set[int] | None,
    user_id: int,
    dry_run: bool,
    language: str,
) -> threading.Thread:
    """Check (dry_run) or import the upload `token` in a background thread."""
    folder = app.config["IMPORTS_DIR"]
    state = {
        "user_id": user_id,
        "site_id": site_id,
        "dry_run": dry_run,
        "state": "running",
        "stage": "reading",
        "done": 0,
        "total": None,
        "result": None,
        "message": None,
    }
    _write_state(folder, token, state)
    scope = None if site_ids is None else sorted(site_ids)
    thread = threading.Thread(
        target=_run,
        args=(app, token, state, scope, language),
        name=f"import-{token[:8]}",
        daemon=True,
    )
    thread.start()
    return thread


def _run(app: Flask, token: str, state: dict, scope: list[int] | None, language: str) -> None:
    folder = app.config["IMPORTS_DIR"]

    def progress(stage: str, done: int, total: int) -> None:
        state.update(stage=stage, done=done, total=total)
        _write_state(folder, token, state)

    with app.app_context(), force_locale(language):
        try:
            result = import_beneficiaries(
                str(upload_path(folder, token)),
                state["site_id"],
                site_ids=None if scope is None else set(scope),
                user_id=state["user_id"],
                dry_run=state["dry_run"],
                progress=progress,
            )
            state.update(state="done", result=asdict(result))
            if result.errors or result.imported:
                upload_path(folder, token).unlink(missing_ok=True)
        except ImportFileError as exc:
            state.update(state="failed", message=str(exc))
            upload_path(folder, token).unlink(missing_ok=True)
        except Exception:  # noqa: BLE001 - a thread's failure must reach the page, not vanish
            log.exception("import job %s failed", token[:8])
            db.session.rollback()
            state.update(state="failed", message=_("Importul nu a reușit; încercați din nou."))
        finally:
            db.session.remove()
        _write_state(folder, token, state)
