"""Reports asked on the Reports page are made by background jobs: the request does not
wait, the page follows the job, only the asker gets the file, a dead job says so."""

import io
import json
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
from openpyxl import load_workbook

from app.auth import services as auth_services
from app.core import jobs as core_jobs
from app.extensions import db
from app.reports import jobs
from tests.conftest import login
from tests.reports.asking import ask_report

NOVEMBER_FORM = {"report": "summary", "start": "2026-11-01", "end": "2026-11-30"}


def _folder(app) -> Path:
    return Path(app.config["EXPORTS_DIR"]) / jobs.FOLDER


def _sites_in(data: bytes) -> set:
    rows = list(load_workbook(io.BytesIO(data)).worksheets[1].iter_rows(values_only=True))
    return {row[2] for row in rows[1:] if row[3] == "Centru"}


def _status(client, url: str) -> dict:
    answer = client.get(f"{url}/status")
    assert answer.status_code == 200
    return answer.get_json()


def test_the_request_does_not_wait_for_the_report_and_its_page_follows_it(
    committed, world, make_user, monkeypatch, tmp_path
):
    app = committed
    monkeypatch.setitem(app.config, "BACKGROUND_JOBS", True)
    monkeypatch.setitem(app.config, "EXPORTS_DIR", str(tmp_path))
    release, reading = threading.Event(), threading.Event()
    read = jobs.READERS["summary"]

    def held(*args):
        reading.set()
        release.wait(timeout=30)
        return read(*args)

    monkeypatch.setitem(jobs.READERS, "summary", held)
    staff = make_user("staff", [world.s1])
    client = app.test_client()
    login(client, staff)
    try:
        started = client.post("/reports", data=NOVEMBER_FORM)
        # answered while the job still waits at its first step: no worker held for it
        assert started.status_code == 303 and not release.is_set()
        url = started.location
        token = url.rsplit("/", 1)[1]
        assert core_jobs.valid_token(token) and len(token) == 32
        assert reading.wait(timeout=20)
        page = client.get(url).get_data(as_text=True)
        assert "Pasul 1 din 3" in page and "<progress" in page
        # without JavaScript the page reloads itself, and has a button to do so
        assert '<noscript><meta http-equiv="refresh"' in page
        assert f'href="{url}"' in page and "reports.js" in page
        status = _status(client, url)
        assert (status["state"], status["step"], status["stage"]) == ("running", 1, "reading")
        assert status["download"] is None
        assert client.get(f"{url}/file").status_code == 404  # not made yet
        # someone else of the same site, and the office: no such report
        for other in (make_user("staff", [world.s1]), make_user("manager")):
            stranger = app.test_client()
            login(stranger, other)
            for path in (url, f"{url}/status", f"{url}/file"):
                assert stranger.get(path).status_code == 404, path
    finally:
        release.set()
    deadline = time.monotonic() + 30
    while (status := _status(client, url))["state"] == "running":
        assert time.monotonic() < deadline, "the report was not made"
        time.sleep(0.05)
    assert status["state"] == "done" and status["step"] == 3 and status["sheets"] >= 3
    assert status["download"] == f"{url}/file"
    page = client.get(url).get_data(as_text=True)
    assert 'http-equiv="refresh"' not in page and 'id="report-download"' in page
    with client.get(status["download"]) as answer:
        assert answer.status_code == 200
        assert "sinteza-2026-11-01-2026-11-30.xlsx" in answer.headers["Content-Disposition"]
        assert answer.headers["Cache-Control"] == "no-store"
        data = answer.get_data()
    assert _sites_in(data) == {"Cantina Unu"}
    # in the exports folder under the job's random name, nothing half-written beside it
    assert sorted(p.name for p in _folder(app).iterdir()) == [f"{token}.json", f"{token}.xlsx"]


def _dead_job(app, user_id: int, scope) -> str:
    process = subprocess.Popen([sys.executable, "-c", "pass"])
    process.wait()  # its process is gone, as after a kill or a restart
    token = core_jobs.new_token()
    folder = _folder(app)
    folder.mkdir(parents=True, exist_ok=True)
    core_jobs.write_state(
        folder,
        token,
        {
            "user_id": user_id,
            "report": "summary",
            "scope": scope,
            "download_name": "sinteza.xlsx",
            "state": "running",
            "step": 2,
            "steps": 3,
            "stage": "writing",
            "sheets": 1,
            "pid": process.pid,
            "host": socket.gethostname(),
        },
    )
    return token


def test_a_report_whose_process_died_is_reported_failed(app, client, world, login_as):
    user = login_as("staff", [world.s1])
    token = _dead_job(app, user.id, [world.s1.id])
    page = client.get(f"/reports/jobs/{token}")
    assert page.status_code == 200
    assert "Raportul nu a putut fi pregătit" in page.get_data(as_text=True)
    assert 'http-equiv="refresh"' not in page.get_data(as_text=True)
    assert _status(client, f"/reports/jobs/{token}")["state"] == "failed"
    assert json.loads((_folder(app) / f"{token}.json").read_text())["state"] == "failed"


def test_a_report_that_fails_says_so(app, client, world, login_as, monkeypatch):
    def broken(*args):
        raise RuntimeError("the disk is full")

    monkeypatch.setitem(jobs.READERS, "summary", broken)
    login_as("manager")
    started = client.post("/reports", data=NOVEMBER_FORM)
    assert started.status_code == 303
    page = client.get(started.location).get_data(as_text=True)
    assert "Raportul nu a putut fi pregătit. Încercați din nou." in page
    assert client.get(f"{started.location}/file").status_code == 404


def test_staff_who_lost_the_site_no_longer_get_its_report(app, client, world, login_as):
    user = login_as("staff", [world.s1, world.s2])
    started = client.post("/reports", data=NOVEMBER_FORM)
    assert client.get(started.location).status_code == 200
    with app.app_context():
        auth_services.update_user(user.id, {"site_ids": [world.s2.id]})
        db.session.commit()
    for path in (started.location, f"{started.location}/status", f"{started.location}/file"):
        answer = client.get(path)
        assert answer.status_code == 404, path
        assert "Cantina Unu" not in answer.get_data(as_text=True)


@pytest.mark.parametrize("report", ["summary", "delivery", "beneficiaries", "parcels"])
def test_every_report_of_the_page_is_made_by_a_job(client, world, login_as, report):
    login_as("manager")
    answer = ask_report(client, {**NOVEMBER_FORM, "report": report})
    assert answer.status_code == 200
    name = f"{jobs.FILE_NAMES[report]}-2026-11-01-2026-11-30.xlsx"
    assert name in answer.headers["Content-Disposition"]
    assert len(load_workbook(io.BytesIO(answer.data)).sheetnames) >= 2


def test_reports_asked_long_ago_are_swept(app, client, world, login_as):
    import os

    user = login_as("manager")
    token = _dead_job(app, user.id, None)
    old_file = _folder(app) / f"{token}.xlsx"
    old_file.write_bytes(b"x")
    fresh = ask_report(client, NOVEMBER_FORM)
    assert fresh.status_code == 200
    long_ago = time.time() - app.config["REPORT_JOB_KEEP_HOURS"] * 3600 - 60
    for path in (old_file, _folder(app) / f"{token}.json"):
        os.utime(path, (long_ago, long_ago))
    assert client.get("/reports").status_code == 200
    left = {p.name for p in _folder(app).iterdir()}
    assert f"{token}.json" not in left and f"{token}.xlsx" not in left
    assert len([n for n in left if n.endswith(".xlsx")]) >= 1  # the fresh one stays
