"""One runner for every job: claimed once per slot, used by the scheduler and the commands."""

from datetime import date, timedelta
from types import SimpleNamespace

import pytest
from sqlalchemy import select

import scheduler.jobs as jobs
from app.core.clock import utcnow
from app.core.models import JobClaim
from app.extensions import db
from scheduler.main import run_job as run_scheduled
from scheduler.schedule import SCHEDULE

DAY = date(2026, 11, 16)


@pytest.fixture
def retention_calls(monkeypatch):
    """Stands in for the retention service and counts its runs (the work of the job)."""
    calls = []

    def apply(day):
        calls.append(day)
        return SimpleNamespace(summary=lambda: f"retention run {len(calls)}", people=[])

    monkeypatch.setattr("app.privacy.retention.apply_retention", apply)
    return calls


def _claims(name: str) -> list[JobClaim]:
    return list(db.session.scalars(select(JobClaim).where(JobClaim.job == name)))


def test_a_job_run_twice_for_a_day_does_its_work_once(ctx, retention_calls):
    first = jobs.run_job("retention", DAY)
    second = jobs.run_job("retention", DAY)
    assert retention_calls == [DAY]
    assert first.summary == "retention run 1" and not first.skipped
    assert second.skipped and second.summary == f"retention for {DAY.isoformat()}: already done"
    [claim] = _claims("retention")
    assert claim.slot == DAY.isoformat() and claim.finished_at is not None
    assert claim.summary == "retention run 1"
    # the next day is another slot
    jobs.run_job("retention", DAY + timedelta(days=1))
    assert retention_calls == [DAY, DAY + timedelta(days=1)]


def test_a_failed_run_gives_its_claim_back_for_the_next_run(ctx, monkeypatch, retention_calls):
    from app.privacy import retention

    counted = retention.apply_retention

    def broken(day):
        raise RuntimeError("disk full")

    monkeypatch.setattr(retention, "apply_retention", broken)
    with pytest.raises(RuntimeError):
        jobs.run_job("retention", DAY)
    assert _claims("retention") == []
    monkeypatch.setattr(retention, "apply_retention", counted)
    assert jobs.run_job("retention", DAY).summary == "retention run 1"
    assert retention_calls == [DAY]


def test_a_killed_run_is_taken_over_only_once_its_claim_is_stale(ctx, retention_calls):
    later = DAY + timedelta(days=1)
    db.session.add_all(
        [
            JobClaim(
                job="retention", slot=DAY.isoformat(), claimed_at=utcnow() - timedelta(hours=4)
            ),
            JobClaim(job="retention", slot=later.isoformat(), claimed_at=utcnow()),
        ]
    )
    db.session.commit()
    assert not jobs.run_job("retention", DAY).skipped
    assert jobs.run_job("retention", later).skipped  # still running elsewhere
    assert retention_calls == [DAY]


def test_the_commands_and_the_scheduler_take_the_same_path(app, monkeypatch):
    seen = []

    def spy(name, day=None, **options):
        seen.append((name, day))
        return jobs.JobRun(name, day, options, summary=f"{name} ran")

    monkeypatch.setattr(jobs, "run_job", spy)
    for job in SCHEDULE:
        assert run_scheduled(app, job, DAY) == f"{job.name} ran"
    assert seen == [(job.name, DAY) for job in SCHEDULE]
    assert {job.name for job in SCHEDULE} == set(jobs.JOBS)

    seen.clear()
    runner = app.test_cli_runner()
    for args in (["delivery", "generate"], ["report", "monthly"], ["retention", "run"]):
        result = runner.invoke(args=[*args, "--date", DAY.isoformat()])
        assert result.exit_code == 0, result.output
    assert seen == [(name, DAY) for name in ("delivery-lists", "monthly-reports", "retention")]

    seen.clear()
    for job in SCHEDULE:  # any job by hand, the backup too
        result = runner.invoke(args=["job", job.name, "--date", DAY.isoformat()])
        assert result.exit_code == 0 and f"{job.name} ran" in result.output
    assert seen == [(job.name, DAY) for job in SCHEDULE]
    unknown = runner.invoke(args=["job", "lunch", "--date", DAY.isoformat()])
    bad_day = runner.invoke(args=["job", "backup", "--date", "16.11.2026"])
    assert unknown.exit_code == 2 and "backup" in unknown.output
    assert bad_day.exit_code == 2 and "--date 16.11.2026" in bad_day.output


def test_a_command_and_the_scheduler_share_the_claim(app, ctx, retention_calls):
    result = app.test_cli_runner().invoke(args=["retention", "run", "--date", DAY.isoformat()])
    assert result.exit_code == 0 and "Done: retention run 1" in result.output
    job = next(j for j in SCHEDULE if j.name == "retention")
    assert run_scheduled(app, job, DAY).endswith("already done")
    assert retention_calls == [DAY]
