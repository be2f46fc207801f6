"""Backup and restore: a round trip keeps every row of every table, on both engines,
while another connection goes on writing during the backup."""

import shutil
import sqlite3
import threading
from datetime import UTC, datetime

import pytest
from click.testing import CliRunner
from flask_migrate import upgrade
from sqlalchemy import create_engine, insert, select, text

from app.core.models import AuditEntry
from app.extensions import db
from app.ops import backup as backups
from tests.conftest import fresh_database, is_postgres, make_test_app


def sibling(database_url: str, suffix: str, tmp_path) -> str:
    if is_postgres(database_url):
        return f"{database_url}_{suffix}"
    return f"sqlite:///{tmp_path / f'{suffix}.db'}"


def upgraded_app(url: str, revision: str = "head"):
    fresh_database(url)
    app = make_test_app(url)
    with app.app_context():
        upgrade(revision=revision)
    return app


def all_rows(app) -> dict[str, list[tuple]]:
    with app.app_context(), db.engine.connect() as conn:
        return {
            table.name: sorted(
                (tuple(row) for row in conn.execute(select(table))), key=lambda r: repr(r)
            )
            for table in db.metadata.sorted_tables
        }


def audit_row(n: int) -> dict:
    return {
        "at": datetime(2026, 1, 1, tzinfo=UTC),
        "entity": "backup-test",
        "entity_id": n,
        "action": "create",
    }


@pytest.fixture
def source(committed, database_url, tmp_path):
    from app import demo
    from app.core.db import writing

    app = upgraded_app(sibling(database_url, "backup_src", tmp_path))
    with app.app_context(), writing():
        demo.load()
        db.session.commit()
    yield app
    with app.app_context():
        db.session.remove()
        db.engine.dispose()


def test_round_trip_keeps_every_row_while_writes_go_on(source, database_url, tmp_path):
    before = all_rows(source)
    assert sum(len(rows) for rows in before.values()) > 100
    written: list[int] = []
    stop = threading.Event()

    def writer():
        engine = create_engine(source.config["SQLALCHEMY_DATABASE_URI"])
        n = 0
        while not stop.is_set():
            n += 1
            with engine.begin() as conn:
                conn.execute(insert(AuditEntry.__table__).values(**audit_row(n)))
            written.append(n)
        engine.dispose()

    thread = threading.Thread(target=writer)
    thread.start()
    try:
        while len(written) < 5:
            threading.Event().wait(0.01)
        with source.app_context():
            path = backups.backup(tmp_path / "cantina.bak")
    finally:
        stop.set()
        thread.join()
    assert len(written) > 5

    target = upgraded_app(sibling(database_url, "backup_dst", tmp_path))
    with target.app_context():
        assert backups.restore(path) == backups.current_revision()
        db.engine.dispose()
    restored = all_rows(target)
    for name, rows in before.items():
        if name == "audit_entry":
            continue
        assert restored[name] == rows, f"table {name} differs after the round trip"
    # the table written during the backup holds a consistent snapshot: every row it has
    # is the source's row, and nothing committed before the backup began is missing
    source_audit = set(all_rows(source)["audit_entry"])
    assert set(restored["audit_entry"]) <= source_audit
    assert set(before["audit_entry"]) <= set(restored["audit_entry"])
    with target.app_context():
        db.engine.dispose()


def test_restore_refuses_a_backup_from_a_newer_version(database_url, tmp_path):
    app = upgraded_app(sibling(database_url, "backup_newer", tmp_path))
    with app.app_context():
        with db.engine.begin() as conn:
            conn.execute(text("UPDATE alembic_version SET version_num = 'f00dcafe'"))
        path = backups.backup(tmp_path / "newer.bak")
        with db.engine.begin() as conn:
            conn.execute(text("UPDATE alembic_version SET version_num = :v"), {"v": _head()})
        result = CliRunner().invoke(
            backups_cli().restore_command, [str(path), "--yes"], obj=_script_info(app)
        )
        db.engine.dispose()
    assert result.exit_code == 2
    assert "f00dcafe" in result.output and "newer version" in result.output


def test_restore_over_a_newer_schema_needs_allow_older(database_url, tmp_path):
    old = upgraded_app(sibling(database_url, "backup_old", tmp_path), revision="0001")
    with old.app_context():
        path = backups.backup(tmp_path / "old.bak")
        db.engine.dispose()
    app = upgraded_app(sibling(database_url, "backup_new", tmp_path))
    with app.app_context():
        with pytest.raises(backups.BackupError, match="newer than the backup"):
            backups.restore(path)
        assert backups.current_revision() == _head()
        assert backups.restore(path, allow_older=True) == "0001"
        assert backups.current_revision() == "0001"
        db.engine.dispose()


def test_backup_command_writes_a_file_the_restore_reads(database_url, tmp_path):
    app = upgraded_app(sibling(database_url, "backup_cli", tmp_path))
    out = tmp_path / "cli.bak"
    with app.app_context():
        result = CliRunner().invoke(
            backups_cli().backup_command, ["-o", str(out)], obj=_script_info(app)
        )
        db.engine.dispose()
    assert result.exit_code == 0, result.output
    assert backups.backup_revision(out) == _head()


def test_a_file_that_is_not_a_backup_is_refused(tmp_path):
    junk = tmp_path / "junk.bak"
    junk.write_bytes(b"PK\x03\x04 not a database")
    with pytest.raises(backups.BackupError, match="not a Cantina backup"):
        backups.backup_revision(junk)


def test_prune_keeps_the_newest_copies(tmp_path):
    names = [f"cantina-2026120{d}-023000.sqlite3" for d in range(1, 6)]
    for name in names:
        (tmp_path / name).write_bytes(b"x")
    (tmp_path / "notes.txt").write_text("kept")
    removed = backups.prune(tmp_path, keep=2)
    assert sorted(p.name for p in removed) == names[:3]
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted([*names[3:], "notes.txt"])


def test_sqlite_backup_file_is_a_database_of_its_own(tmp_path):
    src = tmp_path / "a.db"
    with sqlite3.connect(src) as conn:
        conn.execute("CREATE TABLE alembic_version (version_num TEXT)")
        conn.execute("INSERT INTO alembic_version VALUES ('0002')")
    copy = tmp_path / "copy.db"
    shutil.copy(src, copy)
    assert backups.backup_revision(copy) == "0002"


def _head() -> str:
    from alembic.script import ScriptDirectory

    from app.ops.health import MIGRATIONS_DIR

    return ScriptDirectory(str(MIGRATIONS_DIR)).get_current_head()


def backups_cli():
    from app.ops import cli

    return cli


def _script_info(app):
    from flask.cli import ScriptInfo

    return ScriptInfo(create_app=lambda: app)
