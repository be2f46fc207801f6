"""Backup and restore of the whole database, on SQLite and on PostgreSQL.

SQLite: the online backup API copies a consistent snapshot while the app writes.
PostgreSQL: `pg_dump` in custom format (a consistent snapshot too) and `pg_restore`.
Either file carries the schema revision (the `alembic_version` table inside it), and a
restore refuses a backup made by a newer version of Cantina than the one restoring it,
or one older than the database it would replace unless told to.
"""

import re
import shutil
import sqlite3
import subprocess
from datetime import datetime
from pathlib import Path

from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy.engine import make_url

from app.core.errors import DomainError
from app.extensions import db
from app.ops.health import MIGRATIONS_DIR

SQLITE_SUFFIX = ".sqlite3"
POSTGRES_SUFFIX = ".pgdump"


class BackupError(DomainError):
    """A backup or restore that cannot be done; the message says why."""

    status_code = 409


def _url():
    return make_url(db.engine.url.render_as_string(hide_password=False))


def _is_sqlite() -> bool:
    return db.engine.dialect.name == "sqlite"


def _libpq(url) -> list[str]:
    """Connection arguments for pg_dump/pg_restore (password through the environment)."""
    args = ["--host", url.host or "127.0.0.1", "--username", url.username or "postgres"]
    if url.port:
        args += ["--port", str(url.port)]
    return args + ["--dbname", url.database]


def _pg_env(url) -> dict:
    import os

    env = dict(os.environ)
    if url.password:
        env["PGPASSWORD"] = url.password
    return env


def _tool(name: str) -> str:
    found = shutil.which(name)
    if found is None:
        raise BackupError(f"{name} is not installed; install PostgreSQL's client tools.")
    return found


def default_backup_name(folder: Path) -> Path:
    stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
    suffix = SQLITE_SUFFIX if _is_sqlite() else POSTGRES_SUFFIX
    return folder / f"cantina-{stamp}{suffix}"


def backup(target: Path) -> Path:
    """Write a consistent copy of the database to `target` and return it."""
    target = Path(target)
    target.parent.mkdir(parents=True, exist_ok=True)
    partial = target.with_name(target.name + ".part")
    url = _url()
    if _is_sqlite():
        source = sqlite3.connect(url.database)
        dest = sqlite3.connect(partial)
        try:
            # pages=0 copies in one step: a consistent snapshot even while others write
            source.backup(dest)
        finally:
            dest.close()
            source.close()
    else:
        result = subprocess.run(
            [_tool("pg_dump"), "--format=custom", "--no-owner", "--file", str(partial)]
            + _libpq(url),
            env=_pg_env(url),
            capture_output=True,
            text=True,
        )
        if result.returncode != 0:
            partial.unlink(missing_ok=True)
            raise BackupError(f"pg_dump failed: {result.stderr.strip()[:500]}")
    partial.replace(target)
    return target


def backup_revision(path: Path) -> str | None:
    """The schema revision a backup file was made at."""
    path = Path(path)
    if not path.is_file():
        raise BackupError(f"{path}: no such file.")
    with path.open("rb") as handle:
        magic = handle.read(16)
    if magic.startswith(b"SQLite format 3"):
        conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
        try:
            row = conn.execute("SELECT version_num FROM alembic_version").fetchone()
        except sqlite3.DatabaseError as exc:
            raise BackupError(f"{path}: not a Cantina backup ({exc}).") from exc
        finally:
            conn.close()
        return row[0] if row else None
    if magic.startswith(b"PGDMP"):
        result = subprocess.run(
            [_tool("pg_restore"), "--data-only", "--table=alembic_version", "--file=-", str(path)],
            capture_output=True,
            text=True,
        )
        if result.returncode != 0:
            raise BackupError(f"{path}: pg_restore cannot read it: {result.stderr.strip()[:300]}")
        lines = result.stdout.splitlines()
        for index, line in enumerate(lines):
            if line.startswith("COPY ") and "alembic_version" in line:
                value = lines[index + 1].strip() if index + 1 < len(lines) else ""
                return None if value in ("", "\\.") else value
        return None
    raise BackupError(f"{path}: not a Cantina backup (neither SQLite nor pg_dump custom format).")


def _revision_order() -> list[str]:
    scripts = ScriptDirectory(str(MIGRATIONS_DIR))
    return [rev.revision for rev in reversed(list(scripts.walk_revisions()))]


def current_revision() -> str | None:
    with db.engine.connect() as conn:
        return MigrationContext.configure(conn).get_current_revision()


def restore(path: Path, allow_older: bool = False) -> str:
    """Replace the database's contents with a backup; returns the backup's revision."""
    path = Path(path)
    revision = backup_revision(path)
    order = _revision_order()
    if revision not in order:
        raise BackupError(
            f"{path} was made at schema revision {revision!r}, which this version of Cantina "
            "does not know (a newer version made it): restore it with that version."
        )
    current = current_revision()
    if current in order and order.index(current) > order.index(revision) and not allow_older:
        raise BackupError(
            f"The database is at revision {current}, newer than the backup's {revision}; "
            "restoring would go back in schema. Pass --allow-older, then run `cantina db upgrade`."
        )
    db.session.remove()
    db.engine.dispose()
    url = _url()
    with path.open("rb") as handle:
        magic = handle.read(16)
    if _is_sqlite():
        if not magic.startswith(b"SQLite format 3"):
            raise BackupError(f"{path} is a PostgreSQL backup; this database is SQLite.")
        source = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
        dest = sqlite3.connect(url.database)
        try:
            source.backup(dest)
        finally:
            dest.close()
            source.close()
    else:
        if not magic.startswith(b"PGDMP"):
            raise BackupError(f"{path} is a SQLite backup; this database is PostgreSQL.")
        _restore_postgres(path, url)
    return revision


def _restore_postgres(path: Path, url) -> None:
    """Empty the schema and load the dump in one transaction: a failure changes nothing,
    and tables the backup does not know (a newer schema) go too."""
    script = subprocess.run(
        [_tool("pg_restore"), "--no-owner", "--no-privileges", "--file=-", str(path)],
        capture_output=True,
    )
    if script.returncode != 0:
        raise BackupError(f"pg_restore failed: {script.stderr.decode(errors='replace')[:500]}")
    prologue = b"DROP SCHEMA IF EXISTS public CASCADE;\nCREATE SCHEMA public;\n"
    result = subprocess.run(
        [_tool("psql"), "--quiet", "--no-psqlrc", "--single-transaction", "-v", "ON_ERROR_STOP=1"]
        + _libpq(url),
        input=prologue + script.stdout,
        env=_pg_env(url),
        capture_output=True,
    )
    if result.returncode != 0:
        raise BackupError(f"restore failed: {result.stderr.decode(errors='replace')[:500]}")


def reapply_retention(revision: str):
    """People anonymised since the backup was made come back with it: run the retention
    pass again straight after the restore, before the service reopens. Returns its
    result, or None when the restored schema is older than this version's (the pass
    then waits for `cantina db upgrade`; run `cantina retention run` after it)."""
    if revision != _revision_order()[-1]:
        return None
    from app.core.clock import today
    from app.core.db import writing
    from app.privacy.retention import apply_retention

    with writing():
        result = apply_retention(today())
        db.session.commit()
    return result


_BACKUP_NAME = re.compile(r"^cantina-\d{8}-\d{6}\.(sqlite3|pgdump)$")


def prune(folder: Path, keep: int) -> list[Path]:
    """Remove all but the newest `keep` scheduled backups in `folder`."""
    backups = sorted(p for p in Path(folder).glob("cantina-*") if _BACKUP_NAME.match(p.name))
    removed = backups[:-keep] if keep > 0 else backups
    for old in removed:
        old.unlink(missing_ok=True)
    return removed
