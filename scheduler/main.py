"""The scheduler process: `cantina scheduler`. Run one per installation."""

import contextlib
import logging
import time
from datetime import date, datetime
from pathlib import Path

from apscheduler.schedulers.blocking import BlockingScheduler
from apscheduler.triggers.cron import CronTrigger
from flask import Flask

from app.core.clock import now_local
from app.core.db import writing
from app.core.files import sweep_leftovers
from app.extensions import db
from app.ops.health import write_heartbeat
from scheduler.schedule import SCHEDULE, ScheduledJob, resolve

log = logging.getLogger("cantina.scheduler")


def run_job(app: Flask, job: ScheduledJob, day: date | None = None) -> str:
    """Call a scheduled target for a day (today by default) in an app context, and log it.

    The targets of SCHEDULE run their job's steps through scheduler.jobs.run_job, the
    path the commands take too; a target that is a plain function is committed here.
    """
    started = time.perf_counter()
    with app.app_context(), writing():
        target_day = day or now_local().date()
        fields = {"event": "job", "job": job.name, "day": target_day.isoformat()}
        try:
            summary = resolve(job.target)(target_day)
            db.session.commit()
        except Exception:
            db.session.rollback()
            fields.update(outcome="failed", duration_ms=_ms_since(started))
            log.exception("job %s failed", job.name, extra={"fields": fields})
            raise
        finally:
            db.session.remove()
    fields.update(outcome="done", duration_ms=_ms_since(started))
    log.info("job %s: %s", job.name, summary, extra={"fields": fields})
    return summary


def _ms_since(started: float) -> float:
    return round((time.perf_counter() - started) * 1000, 1)


def beat(app: Flask) -> None:
    """Tell /readyz the scheduler is alive."""
    write_heartbeat(Path(app.config["SCHEDULER_HEARTBEAT_FILE"]))


def _time_of(app: Flask, job: ScheduledJob) -> tuple[int, int]:
    hour, minute = app.config[job.time_setting].split(":")
    return int(hour), int(minute)


def catch_up(app: Flask, now: datetime | None = None) -> list[str]:
    """Jobs whose hour has passed today run now (they are idempotent, so a repeat is free)."""
    with app.app_context():
        now = now or now_local()
    done = []
    for job in SCHEDULE:
        hour, minute = _time_of(app, job)
        if job.catch_up and (now.hour, now.minute) >= (hour, minute):
            done.append(run_job(app, job, now.date()))
    return done


def run(app: Flask, once: bool = False) -> int:
    """Start the scheduler (blocking); with once=True only catch up and return."""
    beat(app)
    sweep_leftovers(app)
    try:
        catch_up(app)
    except Exception:  # noqa: BLE001 - a failed catch-up must not stop the process
        log.exception("catch-up failed; the scheduler goes on")
    if once:
        return 0
    scheduler = BlockingScheduler(timezone=app.config["TIMEZONE"])
    for job in SCHEDULE:
        hour, minute = _time_of(app, job)
        scheduler.add_job(
            run_job,
            CronTrigger(
                day_of_week=job.weekdays, hour=hour, minute=minute, timezone=app.config["TIMEZONE"]
            ),
            args=[app, job],
            id=job.name,
            name=job.description,
            coalesce=True,
            misfire_grace_time=3600,
            max_instances=1,
        )
        log.info("scheduled %s at %02d:%02d (%s)", job.name, hour, minute, job.weekdays)
    scheduler.add_job(beat, "interval", seconds=60, args=[app], id="heartbeat")
    with contextlib.suppress(KeyboardInterrupt, SystemExit):
        scheduler.start()
    return 0
