"""Background jobs: threads of the web process, their state in a file, dead ones told apart."""

import logging
import os
import socket
import subprocess
import sys
import threading
import time

import pytest

from app.core import jobs


def _wait_for(condition, timeout: float = 20) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < deadline, "the job did not get there"
        time.sleep(0.02)


@pytest.fixture
def threaded(app, monkeypatch, tmp_path):
    """Jobs in threads, as in production, writing their state into a folder of the test."""
    monkeypatch.setitem(app.config, "BACKGROUND_JOBS", True)
    monkeypatch.setattr(jobs, "_turns", {})
    return tmp_path


def _start(app, folder, work, kind="test"):
    return jobs.start(app, folder, kind, {"user_id": 1}, work, language="ro", failure="no")


def test_a_job_runs_in_a_thread_and_its_state_follows_it(app, threaded):
    go = threading.Event()

    def work(progress):
        progress(step=1)
        go.wait(timeout=20)
        return {"answer": 42}

    token = _start(app, threaded, work)
    assert jobs.valid_token(token) and len(token) == 32
    _wait_for(lambda: jobs.read_state(threaded, token).get("step") == 1)
    state = jobs.read_state(threaded, token)
    assert state["state"] == jobs.RUNNING and state["pid"] == os.getpid()
    assert not jobs.has_died(threaded, token, state)  # started, not finished: alive
    go.set()
    _wait_for(lambda: jobs.read_state(threaded, token)["state"] == jobs.DONE)
    assert jobs.read_state(threaded, token)["answer"] == 42


def test_jobs_beyond_the_limit_wait_their_turn(app, threaded, monkeypatch):
    monkeypatch.setitem(app.config, "JOBS_AT_ONCE", 1)
    go = threading.Event()
    first = _start(app, threaded, lambda progress: go.wait(timeout=20) and None)
    second = _start(app, threaded, lambda progress: None)
    _wait_for(lambda: jobs.read_state(threaded, second).get("waiting") is True)
    assert jobs.read_state(threaded, second)["state"] == jobs.RUNNING
    go.set()
    _wait_for(lambda: jobs.read_state(threaded, second)["state"] == jobs.DONE)
    assert jobs.read_state(threaded, first)["state"] == jobs.DONE
    assert jobs.read_state(threaded, second)["waiting"] is False


def test_a_failure_is_said_on_the_page_and_logged_without_its_text(app, threaded, caplog):
    person = ("Zgardanschi", "Iustinian", "2007913546829")

    def work(progress):
        raise ValueError(" ".join(person))  # as a driver's error repeats a row's values

    def refused(progress):
        raise jobs.JobFailed("Rândul 3: data lipsește.")

    with caplog.at_level(logging.DEBUG):
        token = _start(app, threaded, work)
        _wait_for(lambda: jobs.read_state(threaded, token)["state"] == jobs.FAILED)
    assert jobs.read_state(threaded, token)["message"] == "no"
    assert "ValueError" in caplog.text and token[:8] in caplog.text
    assert "Zgardanschi" not in caplog.text and "2007913546829" not in caplog.text
    token = _start(app, threaded, refused)
    _wait_for(lambda: jobs.read_state(threaded, token)["state"] == jobs.FAILED)
    assert jobs.read_state(threaded, token)["message"] == "Rândul 3: data lipsește."


def _running_state(folder, pid: int) -> str:
    token = jobs.new_token()
    jobs.write_state(
        folder, token, {"user_id": 1, "state": "running", "pid": pid, "host": socket.gethostname()}
    )
    return token


def test_a_job_whose_process_was_killed_has_died(tmp_path):
    process = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(60)"])
    try:
        token = _running_state(tmp_path, process.pid)
        assert not jobs.has_died(tmp_path, token, jobs.read_state(tmp_path, token))
    finally:
        process.kill()
        process.wait()
    state = jobs.read_state(tmp_path, token)
    assert jobs.has_died(tmp_path, token, state)
    settled = jobs.settle(tmp_path, token, state, "Raportul nu a putut fi pregătit.")
    assert settled["state"] == jobs.FAILED
    assert jobs.read_state(tmp_path, token)["message"] == "Raportul nu a putut fi pregătit."


def test_a_job_of_this_process_whose_thread_is_gone_has_died(tmp_path):
    token = _running_state(tmp_path, os.getpid())  # no thread of ours runs it
    assert jobs.has_died(tmp_path, token, jobs.read_state(tmp_path, token))


def test_a_job_of_another_machine_has_died_only_when_silent(tmp_path):
    token = jobs.new_token()
    state = {"user_id": 1, "state": "running", "pid": 1, "host": "elsewhere"}
    jobs.write_state(tmp_path, token, state)
    assert not jobs.has_died(tmp_path, token, state)
    quiet = time.time() - jobs.STALL_SECONDS - 60
    os.utime(jobs.state_path(tmp_path, token), (quiet, quiet))
    assert jobs.has_died(tmp_path, token, state)


@pytest.mark.parametrize("token", ["", "../x", "ABC", "a" * 65, "0a\x00", "٣"])
def test_a_token_that_cannot_be_one_reads_as_no_job(tmp_path, token):
    assert jobs.read_state(tmp_path, token) is None
