"""/healthz and /readyz, and a lost database answered with 503 and Retry-After."""

import contextlib
import os
import shutil
import socket
import threading
import time
from pathlib import Path

import pytest
from flask_migrate import upgrade

from app.auth import services as auth_services
from app.auth.models import Role
from app.extensions import db
from app.ops.health import write_heartbeat
from tests.conftest import PASSWORD, fresh_database, is_postgres, make_test_app


def test_healthz_answers_without_a_session(client):
    answer = client.get("/healthz")
    assert answer.status_code == 200
    assert answer.get_json() == {"status": "ok"}
    assert answer.headers["X-Request-Id"]


def test_readyz_reports_each_check(app, client, tmp_path):
    app.config["SCHEDULER_HEARTBEAT_FILE"] = str(tmp_path / "beat")
    answer = client.get("/readyz")
    # the test database is built from the models, not by the migrations, and no
    # scheduler has beaten: both are reported, the database and exports are fine
    assert answer.status_code == 503
    assert answer.headers["Retry-After"] == "5"
    checks = answer.get_json()["checks"]
    assert checks["database"]["ok"] is True
    assert checks["exports"]["ok"] is True
    assert checks["migrations"]["ok"] is False
    assert checks["scheduler"] == {"ok": False, "age_seconds": None, "max_age_seconds": 180}


@pytest.fixture
def migrated(committed, database_url, tmp_path):
    url = f"{database_url}_ready" if is_postgres(database_url) else f"sqlite:///{tmp_path / 'r.db'}"
    fresh_database(url)
    app = make_test_app(url, SCHEDULER_HEARTBEAT_FILE=str(tmp_path / "beat"))
    with app.app_context():
        upgrade()
    yield app
    with app.app_context():
        db.session.remove()
        db.engine.dispose()


def test_readyz_is_ready_with_current_schema_and_a_fresh_heartbeat(migrated, tmp_path):
    write_heartbeat(tmp_path / "beat")
    answer = migrated.test_client().get("/readyz")
    assert answer.status_code == 200, answer.get_json()
    body = answer.get_json()
    assert body["status"] == "ready"
    assert body["checks"]["migrations"]["current"] == body["checks"]["migrations"]["head"]


def test_readyz_wants_a_recent_heartbeat(migrated, tmp_path):
    beat = tmp_path / "beat"
    write_heartbeat(beat)
    beat.write_text(str(time.time() - 600))
    answer = migrated.test_client().get("/readyz")
    assert answer.status_code == 503
    assert answer.get_json()["checks"]["scheduler"]["ok"] is False


def test_readyz_wants_a_writable_exports_folder(migrated, tmp_path):
    write_heartbeat(tmp_path / "beat")
    blocker = tmp_path / "exports-is-a-file"
    blocker.write_text("")
    migrated.config["EXPORTS_DIR"] = str(blocker / "sub")
    answer = migrated.test_client().get("/readyz")
    assert answer.status_code == 503
    assert answer.get_json()["checks"]["exports"]["ok"] is False


class Proxy:
    """A TCP relay to PostgreSQL that the test can cut and restore."""

    def __init__(self, target_port: int = 5432):
        self.target = ("127.0.0.1", target_port)
        self.listener = socket.socket()
        self.listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        self.listener.bind(("127.0.0.1", 0))
        self.port = self.listener.getsockname()[1]
        self.listener.listen(16)
        self.up = True
        self.open: list[socket.socket] = []
        threading.Thread(target=self._accept, daemon=True).start()

    def _accept(self):
        while True:
            try:
                client, _ = self.listener.accept()
            except OSError:
                return
            if not self.up:
                client.close()
                continue
            server = socket.create_connection(self.target)
            self.open += [client, server]
            for a, b in ((client, server), (server, client)):
                threading.Thread(target=self._pipe, args=(a, b), daemon=True).start()

    @staticmethod
    def _pipe(a, b):
        try:
            while data := a.recv(65536):
                b.sendall(data)
        except OSError:
            pass
        finally:
            for s in (a, b):
                with contextlib.suppress(OSError):
                    s.shutdown(socket.SHUT_RDWR)

    def cut(self):
        self.up = False
        for s in self.open:
            with contextlib.suppress(OSError):
                s.shutdown(socket.SHUT_RDWR)
            s.close()
        self.open.clear()

    def restore(self):
        self.up = True

    def close(self):
        self.cut()
        self.listener.close()


@pytest.fixture
def breakable(committed, database_url, tmp_path):
    """An app whose database can be taken away and given back; yields (app, cut, restore)."""
    if is_postgres(database_url):
        fresh_database(f"{database_url}_lost")
        proxy = Proxy()
        url = f"{database_url}_lost".replace("127.0.0.1:5432", f"127.0.0.1:{proxy.port}")
        cut, restore, close = proxy.cut, proxy.restore, proxy.close
    else:
        folder = tmp_path / "data"
        folder.mkdir()
        url = f"sqlite:///{folder / 'lost.db'}"
        away = tmp_path / "away"

        def cut():
            os.rename(folder, away)
            with app.app_context():
                db.engine.dispose()

        def restore():
            os.rename(away, folder)

        def close():
            if away.exists():
                shutil.move(str(away), str(folder))

    app = make_test_app(url)
    with app.app_context():
        db.create_all()
        auth_services.create_user(
            username="ana", full_name="Ana", role=Role.MANAGER, password=PASSWORD
        )
        user = db.session.scalar(db.select(auth_services.User).filter_by(username="ana"))
        token = auth_services.issue_token(user)
        db.session.commit()
    yield app, token, cut, restore
    close()
    with app.app_context():
        db.session.remove()
        db.engine.dispose()


def test_a_lost_database_answers_503_then_recovers(breakable):
    app, token, cut, restore = breakable
    client = app.test_client()
    headers = {"Authorization": f"Bearer {token}"}
    assert client.get("/api/v1/me", headers=headers).status_code == 200
    cut()
    answer = client.get("/api/v1/me", headers=headers)
    assert answer.status_code == 503
    assert answer.headers["Retry-After"] == "5"
    assert "message" in answer.get_json()
    ready = client.get("/readyz")
    assert ready.status_code == 503
    assert ready.get_json()["checks"]["database"]["ok"] is False
    restore()
    assert client.get("/api/v1/me", headers=headers).status_code == 200
    assert client.get("/readyz").get_json()["checks"]["database"]["ok"] is True


def test_heartbeat_is_written_atomically(tmp_path):
    path = tmp_path / "sub" / "beat"
    write_heartbeat(path)
    assert abs(float(path.read_text()) - time.time()) < 60
    assert [p.name for p in Path(path.parent).iterdir()] == ["beat"]
