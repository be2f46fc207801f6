"""One JSON log line per request and per job: request id, user, route, duration; no
personal data (the query string a search carries stays out)."""

import json
import logging

from app.auth.models import Role
from app.ops.logs import JsonFormatter
from scheduler.main import run_job
from scheduler.schedule import ScheduledJob


def request_records(caplog):
    return [r for r in caplog.records if r.name == "cantina.request"]


def test_each_request_logs_one_json_line_without_its_query(client, login_as, caplog):
    user = login_as(Role.MANAGER)
    with caplog.at_level(logging.INFO, logger="cantina.request"):
        caplog.clear()
        answer = client.get("/api/v1/beneficiaries?q=Popescu%20Ion&idnp=2001234567890")
    assert answer.status_code == 200
    records = request_records(caplog)
    assert len(records) == 1
    line = JsonFormatter().format(records[0])
    entry = json.loads(line)
    assert entry["event"] == "request"
    assert entry["request_id"] == answer.headers["X-Request-Id"]
    assert entry["user_id"] == user.id
    assert entry["route"] == "/api/v1/beneficiaries"
    assert entry["method"] == "GET" and entry["status"] == 200
    assert isinstance(entry["duration_ms"], float)
    assert "Popescu" not in line and "2001234567890" not in line


def test_a_sound_incoming_request_id_is_kept_and_a_strange_one_replaced(client):
    kept = client.get("/healthz", headers={"X-Request-Id": "abc-12345678"})
    assert kept.headers["X-Request-Id"] == "abc-12345678"
    replaced = client.get("/healthz", headers={"X-Request-Id": "x\u0000<script>"})
    assert replaced.headers["X-Request-Id"] != "x\u0000<script>"
    assert len(replaced.headers["X-Request-Id"]) == 32


def test_an_anonymous_request_logs_no_user(client, caplog):
    with caplog.at_level(logging.INFO, logger="cantina.request"):
        caplog.clear()
        client.get("/login")
    entry = json.loads(JsonFormatter().format(request_records(caplog)[0]))
    assert entry["user_id"] is None and entry["route"] == "/login"


def test_a_job_logs_one_json_line_with_its_outcome(app, caplog, monkeypatch):
    import scheduler.jobs as jobs

    monkeypatch.setattr(jobs, "say_hello", lambda day: f"hello {day}", raising=False)
    job = ScheduledJob(
        "hello", "DELIVERY_LIST_TIME", "mon-sun", "scheduler.jobs:say_hello", False, ""
    )
    with caplog.at_level(logging.INFO, logger="cantina.scheduler"):
        run_job(app, job)
    entry = json.loads(JsonFormatter().format(caplog.records[-1]))
    assert entry["event"] == "job" and entry["job"] == "hello" and entry["outcome"] == "done"
    assert isinstance(entry["duration_ms"], float)
