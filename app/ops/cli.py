"""`cantina backup`, `cantina restore` and `cantina job`."""

from datetime import date
from pathlib import Path

import click
from flask import current_app
from flask.cli import with_appcontext

from app.core.errors import CliInputError
from app.ops import backup as backups


@click.command("backup")
@click.option("-o", "--output", type=click.Path(dir_okay=False), help="File to write.")
@with_appcontext
def backup_command(output: str | None):
    """Write a consistent backup of the database (safe while the app runs)."""
    target = (
        Path(output)
        if output
        else backups.default_backup_name(Path(current_app.config["BACKUP_DIR"]))
    )
    try:
        written = backups.backup(target)
    except backups.BackupError as exc:
        raise CliInputError(exc.message) from exc
    click.echo(f"Backup written: {written} (schema revision {backups.backup_revision(written)})")


@click.command("restore")
@click.argument("file", type=click.Path(dir_okay=False))
@click.option("--allow-older", is_flag=True, help="Restore a backup older than the schema.")
@click.option("--yes", is_flag=True, help="Do not ask for confirmation.")
@with_appcontext
def restore_command(file: str, allow_older: bool, yes: bool):
    """Replace the database's contents with a backup. Stop the app and scheduler first.

    The retention pass runs straight after, so people anonymised since the backup was
    made do not come back with it."""
    if not yes:
        click.confirm("This replaces every record in the database. Go on?", abort=True)
    try:
        revision = backups.restore(Path(file), allow_older=allow_older)
    except backups.BackupError as exc:
        raise CliInputError(exc.message) from exc
    click.echo(f"Restored {file} (schema revision {revision}).")
    forgotten = backups.reapply_retention(revision)
    if forgotten is None:
        click.echo(
            "Warning: the backup's schema is older than this version's; retention has not "
            "run. Before reopening the service run `cantina db upgrade`, then "
            "`cantina retention run`: the backup may hold people anonymised since."
        )
    else:
        click.echo(forgotten.summary())


@click.command("job")
@click.argument("name")
@click.option("--date", "day", help="YYYY-MM-DD (default: today, Europe/Chisinau).")
@with_appcontext
def job_command(name: str, day: str | None):
    """Run a scheduled job by hand for a day, as the scheduler does (once per its slot)."""
    from app.core.clock import today
    from scheduler.jobs import JOBS, run_job

    if name not in JOBS:
        raise CliInputError(f"NAME {name!r}: expected one of {', '.join(sorted(JOBS))}.")
    try:
        target = date.fromisoformat(day) if day else today()
    except ValueError as exc:
        raise CliInputError(f"--date {day}: expected YYYY-MM-DD.") from exc
    click.echo(run_job(name, target).summary)
