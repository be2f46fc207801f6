"""`cantina import beneficiaries FILE.xlsx --site NAME_OR_ID [--dry-run]`."""

import click
from flask import current_app
from flask.cli import with_appcontext
from sqlalchemy import select

from app.extensions import db


@click.group("import")
def import_group():
    """Import lists from Excel files."""


@import_group.command("beneficiaries")
@click.argument("path", type=click.Path(exists=True, dir_okay=False))
@click.option("--site", "site_ref", required=True, help="Site name or id.")
@click.option("--dry-run", is_flag=True, help="Check and count only; write nothing.")
@with_appcontext
def import_beneficiaries_command(path: str, site_ref: str, dry_run: bool):
    """Import a beneficiary list (the template's columns) into a site."""
    from app.beneficiaries.importer import ImportFileError, error_lines, import_beneficiaries
    from app.core.converters import named_by
    from app.core.errors import CliInputError
    from app.core.files import sweep_leftovers
    from app.places.models import Site

    condition = named_by(Site, site_ref)
    site_id = None if condition is None else db.session.scalar(select(Site.id).where(condition))
    if site_id is None:
        raise CliInputError(f"--site {site_ref}: no such site.")
    sweep_leftovers(current_app)
    try:
        # the command line acts for the whole installation: every person may be updated
        result = import_beneficiaries(path, site_id, site_ids=None, dry_run=dry_run)
    except ImportFileError as exc:
        raise CliInputError(str(exc)) from exc
    if result.errors:
        raise CliInputError("Nothing imported; errors:\n" + "\n".join(error_lines(result.errors)))
    verb = "Would import" if dry_run else "Imported"
    click.echo(
        f"{verb}: {result.new} new, {result.updated} updated, {result.unchanged} unchanged; "
        f"{result.enrolled} enrolled."
    )
