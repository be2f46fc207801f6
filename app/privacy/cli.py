"""`cantina export-person` and `cantina retention run`."""

import json
import os
import tempfile
from datetime import date
from pathlib import Path

import click
from flask.cli import with_appcontext

from app.core.errors import CliInputError, NotFoundError
from app.core.schemas import FIRST_DATE, INT32_MAX, LAST_DATE
from app.extensions import db


def _write_atomically(target: Path, write) -> None:
    """Write into a temporary file beside the target and rename it: never half a file."""
    target.parent.mkdir(parents=True, exist_ok=True)
    handle, temp = tempfile.mkstemp(dir=target.parent, prefix="tmp", suffix=".tmp")
    try:
        with os.fdopen(handle, "wb") as stream:
            write(stream)
        os.replace(temp, target)
    except BaseException:
        Path(temp).unlink(missing_ok=True)
        raise


@click.command("export-person")
@click.argument("person_id", type=click.IntRange(1, INT32_MAX))
@click.option("-o", "--output", type=click.Path(dir_okay=False), help="Workbook to write.")
@click.option("--json", "json_output", type=click.Path(dir_okay=False), help="JSON to write.")
@with_appcontext
def export_person_command(person_id: int, output: str | None, json_output: str | None):
    """Everything held about one person (a data subject's request), as .xlsx and/or JSON."""
    from app.core.db import writing
    from app.privacy import person_data

    if output is None and json_output is None:
        output = f"person-{person_id}.xlsx"
    with writing():
        try:
            sections = person_data.person_data(person_id)
        except NotFoundError as exc:
            raise CliInputError(f"PERSON_ID {person_id}: no such person.") from exc
        if output:
            _write_atomically(
                Path(output), lambda stream: person_data.write_workbook(sections, stream)
            )
            person_data.record_export(person_id, "xlsx", via="cantina export-person")
            click.echo(f"Workbook written: {output}")
        if json_output:
            body = json.dumps(person_data.as_json(sections), ensure_ascii=False, indent=2)
            _write_atomically(Path(json_output), lambda stream: stream.write(body.encode()))
            person_data.record_export(person_id, "json", via="cantina export-person")
            click.echo(f"JSON written: {json_output}")
        db.session.commit()


@click.group("retention")
def retention_group():
    """Retention of personal data (Law 133/2011)."""


@retention_group.command("run")
@click.option("--date", "day", help="YYYY-MM-DD (default: today, Europe/Chisinau).")
@click.option("--dry-run", is_flag=True, help="Say what would be done; change nothing.")
@with_appcontext
def retention_run(day: str | None, dry_run: bool):
    """Anonymise people past their retention; remove old exports and uploads."""
    from app.core.clock import today
    from app.core.db import writing
    from app.privacy.retention import apply_retention
    from scheduler.jobs import run_job

    try:
        target = date.fromisoformat(day) if day else today()
    except ValueError as exc:
        raise CliInputError(f"--date {day}: expected YYYY-MM-DD.") from exc
    if not FIRST_DATE <= target <= LAST_DATE:
        raise CliInputError(f"--date {day}: expected a day from 1900 to 2100.")
    if dry_run:
        with writing(False):
            result = apply_retention(target, dry_run=True)
            db.session.rollback()
        click.echo("Dry run, nothing changed: would do " + result.summary())
    else:
        run = run_job("retention", target)  # the scheduler's job, once a day
        result = run.values.get("result")
        click.echo(run.summary if run.skipped else "Done: " + run.summary)
    if result is not None and result.people:
        click.echo("People: " + ", ".join(f"#{i}" for i in result.people))
