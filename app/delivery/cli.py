"""`cantina delivery ...`: the daily lists by hand."""

from datetime import date

import click
from flask.cli import with_appcontext
from sqlalchemy import select

from app.extensions import db


@click.group("delivery")
def delivery_group():
    """Home delivery: routes and daily lists."""


def _site_id(ref: str | None) -> int | None:
    from app.core.converters import named_by
    from app.core.errors import CliInputError
    from app.places.models import Site

    if ref is None:
        return None
    condition = named_by(Site, ref)
    site_id = None if condition is None else db.session.scalar(select(Site.id).where(condition))
    if site_id is None:
        raise CliInputError(f"--site {ref}: no such site.")
    return site_id


@delivery_group.command("generate")
@click.option("--date", "day", help="YYYY-MM-DD (default: today, Europe/Chisinau).")
@click.option("--site", "site_ref", help="Site name or id (default: every site).")
@click.option(
    "--regenerate",
    is_flag=True,
    help="Apply route changes to lists already generated, keeping recorded outcomes.",
)
@with_appcontext
def generate(day: str | None, site_ref: str | None, regenerate: bool):
    """Generate the delivery lists of a day (the scheduler does this every morning)."""
    from app.core.clock import today
    from app.core.errors import CliInputError
    from scheduler.jobs import run_job

    try:
        target = date.fromisoformat(day) if day else today()
    except ValueError as exc:
        raise CliInputError(f"--date {day}: expected YYYY-MM-DD.") from exc
    site_id = _site_id(site_ref)
    db.session.rollback()  # the job's steps open their own transactions
    run = run_job(
        "delivery-lists", target, site_id=site_id, regenerate=regenerate, generated_by="cli"
    )
    click.echo(run.summary)
