"""`/healthz`: the process answers. `/readyz`: it can serve (database, schema, scheduler,
exports folder). A lost database answers 503 with Retry-After, and the pool's pre-ping
lets the service recover by itself once the database is back."""

import contextlib
import logging
import os
import tempfile
import time
from pathlib import Path

from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from flask import Blueprint, Flask, current_app, g, jsonify
from flask_babel import gettext as _
from sqlalchemy import exc as sa_exc
from sqlalchemy import text

from app.extensions import db

log = logging.getLogger(__name__)
bp = Blueprint("ops", __name__)
RETRY_AFTER_SECONDS = 5
MIGRATIONS_DIR = Path(__file__).resolve().parent.parent.parent / "migrations"


def heartbeat_path() -> Path:
    return Path(current_app.config["SCHEDULER_HEARTBEAT_FILE"])


def write_heartbeat(path: Path) -> None:
    """The scheduler says it is alive (a file, replaced atomically)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".heartbeat-")
    with os.fdopen(fd, "w") as handle:
        handle.write(str(time.time()))
    os.replace(tmp, path)


def _check_database() -> dict:
    db.session.execute(text("SELECT 1"))
    return {"ok": True}


def _check_migrations() -> dict:
    head = ScriptDirectory(str(MIGRATIONS_DIR)).get_current_head()
    with db.engine.connect() as conn:
        current = MigrationContext.configure(conn).get_current_revision()
    return {"ok": current == head, "current": current, "head": head}


def _check_scheduler() -> dict:
    path = heartbeat_path()
    limit = current_app.config["SCHEDULER_HEARTBEAT_MAX_AGE"]
    try:
        age = time.time() - float(path.read_text().strip() or 0)
    except (OSError, ValueError):
        return {"ok": False, "age_seconds": None, "max_age_seconds": limit}
    return {"ok": age <= limit, "age_seconds": round(age, 1), "max_age_seconds": limit}


def _check_exports() -> dict:
    folder = Path(current_app.config["EXPORTS_DIR"])
    try:
        folder.mkdir(parents=True, exist_ok=True)
        with tempfile.NamedTemporaryFile(dir=folder, prefix=".ready-", delete=True):
            pass
    except OSError:
        return {"ok": False}
    return {"ok": True}


@bp.get("/healthz")
def healthz():
    return jsonify({"status": "ok"})


@bp.get("/readyz")
def readyz():
    checks: dict = {}
    try:
        checks["database"] = _check_database()
        checks["migrations"] = _check_migrations()
    except sa_exc.DBAPIError:
        db.session.rollback()
        checks.setdefault("database", {"ok": False})
        checks.setdefault("migrations", {"ok": False})
    checks["scheduler"] = _check_scheduler()
    checks["exports"] = _check_exports()
    ready = all(check["ok"] for check in checks.values())
    response = jsonify({"status": "ready" if ready else "not ready", "checks": checks})
    response.status_code = 200 if ready else 503
    if not ready:
        response.headers["Retry-After"] = str(RETRY_AFTER_SECONDS)
    response.headers["Cache-Control"] = "no-store"
    return response


def _is_unavailable(exc: sa_exc.DBAPIError) -> bool:
    return isinstance(exc, sa_exc.OperationalError | sa_exc.InterfaceError) or bool(
        exc.connection_invalidated
    )


def register_unavailable_handler(app: Flask) -> None:
    @app.errorhandler(sa_exc.DBAPIError)
    def database_unavailable(exc: sa_exc.DBAPIError):
        if not _is_unavailable(exc):
            raise exc
        from app.errors import error_response
        from app.extensions import login_manager

        # the answer must not touch the database again (the user, their language)
        g._login_user = login_manager.anonymous_user()
        with contextlib.suppress(sa_exc.DBAPIError):
            db.session.rollback()
        # only the exception's class: its text may carry values from the statement
        log.warning("database unavailable: %s", type(exc.orig or exc).__name__)
        response, status = error_response(
            503, _("Serviciul este temporar indisponibil. Încercați din nou peste câteva clipe.")
        )
        response = current_app.make_response((response, status))
        response.headers["Retry-After"] = str(RETRY_AFTER_SECONDS)
        return response
