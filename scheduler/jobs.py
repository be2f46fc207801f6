"""Every job as its steps, declared once, and the one runner the scheduler and the CLI use.

`run_job(name, day)` takes the job's `job_claim` row for its slot (the day, or the month
the monthly reports write), then runs the steps in order. A step that writes the
database runs as a writer and commits on its own; a step that writes files or sends
mail runs with no transaction open, so on SQLite no canteen waits for a disk or a mail
server. A job that runs once per slot (`once`) is skipped when its slot is claimed; a
failed run gives its claim back, and a run killed on the way is taken over once its
claim is STALE_CLAIM old. The delivery lists job is not `once`: each run does what is
left (the database keeps lists and emails exactly once) and its claim records the run.
"""

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path

from flask import current_app
from sqlalchemy import delete, update
from sqlalchemy.exc import IntegrityError

from app.core import faults
from app.core.clock import today, utcnow
from app.core.db import writing
from app.core.models import JobClaim
from app.extensions import db

STALE_CLAIM = timedelta(hours=3)


@dataclass
class JobRun:
    job: str
    day: date
    options: dict
    values: dict = field(default_factory=dict)  # what steps hand to later steps
    summary: str = ""
    skipped: bool = False  # the slot was already claimed: nothing done


@dataclass(frozen=True)
class Step:
    call: Callable[[JobRun], None]
    writes: bool  # True: a writer's transaction, committed; False: files or mail, none held


@dataclass(frozen=True)
class Job:
    name: str
    steps: tuple[Step, ...]
    summary: Callable[[JobRun], str]
    once: bool = True
    slot: Callable[[date], str | None] = date.isoformat  # None: nothing due that day
    idle: Callable[[date], str] = lambda day: ""  # noqa: E731 - the summary when nothing is due


def run_job(name: str, day: date | None = None, **options) -> JobRun:
    """Run a job for a day (today by default) inside an app context; see the module."""
    job = JOBS[name]
    run = JobRun(name, day or today(), options)
    with writing(False):
        slot = job.slot(run.day)
        db.session.rollback()
    if slot is None:
        run.summary = job.idle(run.day)
        return run
    if not _claim(job, slot):
        run.summary, run.skipped = f"{name} for {slot}: already done", True
        return run
    try:
        for step in job.steps:
            with writing(step.writes):
                step.call(run)
                if step.writes:
                    db.session.commit()
                else:
                    db.session.rollback()  # ends the reads: nothing was written
        run.summary = job.summary(run)
    except BaseException:
        db.session.rollback()
        if job.once:
            with writing():
                db.session.execute(
                    delete(JobClaim).where(*_key(name, slot), JobClaim.finished_at.is_(None))
                )
                db.session.commit()
        raise
    with writing():
        db.session.execute(
            update(JobClaim)
            .where(*_key(name, slot))
            .values(finished_at=utcnow(), summary=run.summary)
        )
        db.session.commit()
    return run


def _key(name: str, slot: str):
    return JobClaim.job == name, JobClaim.slot == slot


def _claim(job: Job, slot: str) -> bool:
    """Take the job's slot in a short transaction of its own; False when it is taken."""
    with writing():
        try:
            with db.session.begin_nested():
                db.session.add(JobClaim(job=job.name, slot=slot))
            taken = True
        except IntegrityError:
            # claimed before: again for a job that is not once, or a stale unfinished run
            reclaim = update(JobClaim).where(*_key(job.name, slot))
            if job.once:
                reclaim = reclaim.where(
                    JobClaim.finished_at.is_(None), JobClaim.claimed_at < utcnow() - STALE_CLAIM
                )
            taken = bool(
                db.session.execute(reclaim.values(claimed_at=utcnow(), finished_at=None)).rowcount
            )
        db.session.commit()
    return taken


# --- the delivery lists -------------------------------------------------------------


def _sweep_temporaries(run: JobRun) -> None:
    from app.core.files import sweep_export_temps

    sweep_export_temps(current_app)  # what a generation killed before left behind


def _generate_lists(run: JobRun) -> None:
    from app.delivery.services import generate_lists

    run.values["lists"] = generate_lists(
        run.day,
        site_id=run.options.get("site_id"),
        generated_by=run.options.get("generated_by", "scheduler"),
        regenerate=run.options.get("regenerate", False),
    )
    faults.point("delivery.lists_generated")


def _write_workbooks(run: JobRun) -> None:
    from app.delivery.services import write_day_workbooks

    run.values["files"] = write_day_workbooks(run.day, site_id=run.options.get("site_id"))


def _claim_emails(run: JobRun) -> None:
    from app.delivery.services import claim_emails

    run.values["emails"] = claim_emails(run.day, site_id=run.options.get("site_id"))


def _send_emails(run: JobRun) -> None:
    from app.delivery.services import send_emails

    run.values["failed"] = send_emails(run.values["emails"] or [])


def _finish_emails(run: JobRun) -> None:
    from app.delivery.services import finish_emails

    finish_emails(run.values["emails"], run.values["failed"])


def _lists_summary(run: JobRun) -> str:
    from app.delivery.services import email_summary

    mail = email_summary(run.values["emails"], run.values["failed"])
    return (
        f"delivery lists for {run.day.isoformat()}: {run.values['lists']}; "
        f"{len(run.values['files'])} workbook(s); {mail}"
    )


# --- backup, retention, monthly reports ---------------------------------------------


def _backup(run: JobRun) -> None:
    from app.ops.backup import backup, default_backup_name, prune

    folder = Path(current_app.config["BACKUP_DIR"])
    run.values["written"] = backup(default_backup_name(folder))
    run.values["removed"] = prune(folder, current_app.config["BACKUP_KEEP"])


def _retention(run: JobRun) -> None:
    from app.privacy.retention import apply_retention as apply

    run.values["result"] = apply(run.day)


def _month_due(day: date) -> str | None:
    from app.reports.monthly import month_due

    return month_due(day)


def _not_due(day: date) -> str:
    from app.reports.monthly import not_due_message

    return not_due_message(day)


def _write_month(run: JobRun) -> None:
    from app.reports.monthly import month_due, remove_old_months, write_month

    year, month = (int(part) for part in month_due(run.day).split("-"))
    run.values["removed"] = remove_old_months(run.day)
    run.values["files"] = write_month(year, month)


def _month_summary(run: JobRun) -> str:
    from app.reports.monthly import month_due, written_message

    return written_message(month_due(run.day), run.values["files"], run.values["removed"])


JOBS: dict[str, Job] = {
    job.name: job
    for job in (
        Job(
            "delivery-lists",
            steps=(
                Step(_sweep_temporaries, writes=False),
                Step(_generate_lists, writes=True),  # committed before any file or mail
                Step(_write_workbooks, writes=False),
                Step(_claim_emails, writes=True),
                Step(_send_emails, writes=False),
                Step(_finish_emails, writes=True),
            ),
            summary=_lists_summary,
            once=False,
        ),
        Job(
            "backup",
            steps=(Step(_backup, writes=False),),
            summary=lambda run: (
                f"backup {run.values['written'].name}; "
                f"{len(run.values['removed'])} old backup(s) removed"
            ),
        ),
        Job(
            "retention",
            steps=(Step(_retention, writes=True),),
            summary=lambda run: run.values["result"].summary(),
        ),
        # the slot is the month written: from the month's first service day on, last month
        Job(
            "monthly-reports",
            steps=(Step(_write_month, writes=False),),
            summary=_month_summary,
            slot=_month_due,
            idle=_not_due,
        ),
    )
}


# The scheduler's targets (scheduler/schedule.py): each runs its job for the day.


def generate_delivery_lists(day: date) -> str:
    """Today's delivery lists for every route, their workbooks, then email to drivers."""
    return run_job("delivery-lists", day).summary


def nightly_backup(day: date) -> str:
    """A backup into the backups folder, keeping the newest BACKUP_KEEP copies."""
    return run_job("backup", day).summary


def apply_retention(day: date) -> str:
    """People past their retention anonymised, old exports and uploads removed."""
    return run_job("retention", day).summary


def write_monthly_reports(day: date) -> str:
    """From the month's first service day on: last month's summary and registers, once."""
    return run_job("monthly-reports", day).summary
