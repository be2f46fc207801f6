"""`cantina delivery ...`: the daily lists by hand."""

from datetime import date

import click
from flask import current_app
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
    from app.core import faults
    from app.core.clock import today
    from app.core.db import writing
    from app.core.errors import CliInputError
    from app.core.files import sweep_export_temps
    from app.delivery.services import email_drivers, generate_lists, write_day_workbooks

    try:
        target = date.fromisoformat(day) if day else today()
    except ValueError as exc:
        raise CliInputError(f"--date {day}: expected YYYY-MM-DD.") from exc
    sweep_export_temps(current_app)  # what a generation killed before left behind
    with writing():
        site_id = _site_id(site_ref)
        summary = generate_lists(target, site_id=site_id, generated_by="cli", regenerate=regenerate)
        faults.point("delivery.lists_generated")
        db.session.commit()
    files = write_day_workbooks(target, site_id=site_id)
    with writing():
        mail = email_drivers(target, site_id=site_id)
        db.session.commit()
    click.echo(
        f"Delivery lists for {target.isoformat()}: {summary}; {len(files)} workbook(s); {mail}"
    )
