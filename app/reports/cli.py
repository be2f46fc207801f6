"""`cantina report ...`: the reports from the command line, for any period."""

import getpass
import io
import os
from datetime import date
from pathlib import Path

import click
from flask.cli import with_appcontext
from flask_babel import force_locale
from sqlalchemy import select

from app.core import faults
from app.core.converters import named_by
from app.core.files import export_temp, sweep_dead_writers
from app.extensions import db
from app.reports.summary import last_month

OPTIONS = {"start": "--from", "end": "--to", "district_id": "--district", "site_id": "--site"}


@click.group("report")
def report_group():
    """Reports as Excel workbooks."""


def _date(option: str, value: str | None) -> date | None:
    from app.core.errors import CliInputError

    if value is None:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError as exc:
        raise CliInputError(f"{option} {value}: expected YYYY-MM-DD.") from exc


def _by_name(model, option: str, ref: str | None) -> int | None:
    from app.core.errors import CliInputError

    if ref is None:
        return None
    condition = named_by(model, ref)
    found = None if condition is None else db.session.scalar(select(model.id).where(condition))
    if found is None:
        raise CliInputError(f"{option} {ref}: not found.")
    return found


def _period_options(command):
    for option in reversed(
        [
            click.option(
                "--from", "start_text", help="First day, YYYY-MM-DD (default: last month)."
            ),
            click.option("--to", "end_text", help="Last day, YYYY-MM-DD (default: last month)."),
            click.option("--district", "district_ref", help="District name or id."),
            click.option("--site", "site_ref", help="Site name or id."),
            click.option(
                "--language", default="ro", show_default=True, type=click.Choice(["ro", "ru", "en"])
            ),
            click.option(
                "-o", "--output", required=True, type=click.Path(dir_okay=False), help="FILE.xlsx"
            ),
        ]
    ):
        command = option(command)
    return command


def _write_report(start_text, end_text, district_ref, site_ref, language, output, build):
    """Check the options, then `build(filters, out)` writes the workbook into `out` and
    it is put in place whole: never a half-written file under its name, nor a
    temporary one left beside it."""
    from app.core.clock import today
    from app.core.errors import CliInputError, DomainError
    from app.places.models import District, Site
    from app.reports.summary import resolve_filters

    start, end = _date("--from", start_text), _date("--to", end_text)
    if (start is None) != (end is None):
        raise CliInputError("--from and --to go together (or leave both out for last month).")
    if start is None:
        start, end = last_month(today())
    if not output.lower().endswith(".xlsx"):
        raise CliInputError(f"-o {output}: the file name must end in .xlsx.")
    target = Path(output)
    if not target.parent.is_dir():
        raise CliInputError(f"-o {output}: no such folder {target.parent}.")
    district_id = _by_name(District, "--district", district_ref)
    site_id = _by_name(Site, "--site", site_ref)
    with force_locale(language):
        try:
            filters = resolve_filters(
                start, end, visible=None, district_id=district_id, site_id=site_id
            )
        except DomainError as exc:
            option = OPTIONS.get(exc.field or "", "--to")
            raise CliInputError(f"{option}: {exc.message}") from exc
        # The workbook is made in memory first (these reports are aggregates: small), so
        # a process killed while making it leaves nothing in the folder; the file is
        # then written beside the target under a temporary name and renamed into place.
        # A temporary left by a writer killed in that last instant is removed by the
        # next run.
        sweep_dead_writers(target.parent)
        buffer = io.BytesIO()
        result = build(filters, buffer)
        handle, partial = export_temp(target.parent)
        try:
            with os.fdopen(handle, "wb") as out:
                out.write(buffer.getbuffer())
                out.flush()
                os.fsync(out.fileno())
            faults.point("report.temp_written")
            os.replace(partial, target)
        finally:
            Path(partial).unlink(missing_ok=True)
    return filters, target, result


def _sheet_written() -> None:
    faults.point("report.sheet_written")


def _generated_by() -> str:
    return f"cantina report ({getpass.getuser()})"


@report_group.command("summary")
@_period_options
@with_appcontext
def summary_command(start_text, end_text, district_ref, site_ref, language, output):
    """Write the programme summary of a period (every site) to an .xlsx file."""
    from app.core.clock import now_local
    from app.reports.summary import age_bounds, programme_summary
    from app.reports.summary_book import write_summary_workbook

    def build(filters, path):
        summary = programme_summary(filters, visible=None, age_bounds=age_bounds())
        write_summary_workbook(
            summary,
            path,
            generated_by=_generated_by(),
            generated_at=now_local(),
            on_sheet=_sheet_written,
        )
        return summary

    filters, target, summary = _write_report(
        start_text, end_text, district_ref, site_ref, language, output, build
    )
    total = summary.total.figures
    click.echo(
        f"Summary {filters.start.isoformat()} .. {filters.end.isoformat()}: "
        f"{len(summary.site_lines)} site(s), {total.meals_total} meals, "
        f"{total.unique_people} people -> {target}"
    )


@report_group.command("delivery")
@_period_options
@with_appcontext
def delivery_command(start_text, end_text, district_ref, site_ref, language, output):
    """Write the delivery report of a period (per route) to an .xlsx file."""
    from app.core.clock import now_local
    from app.reports.delivery import delivery_report
    from app.reports.delivery_book import delivery_book
    from exports.summary import write_report

    def build(filters, path):
        report = delivery_report(filters, visible=None)
        write_report(
            delivery_book(report, generated_by=_generated_by(), generated_at=now_local()), path
        )
        return report

    filters, target, report = _write_report(
        start_text, end_text, district_ref, site_ref, language, output, build
    )
    total = report.lines[-1]
    click.echo(
        f"Deliveries {filters.start.isoformat()} .. {filters.end.isoformat()}: "
        f"{total.stops} stop(s), {total.delivered} delivered, {total.failed_total} not "
        f"-> {target}"
    )


@report_group.command("parcels")
@_period_options
@with_appcontext
def parcels_command(start_text, end_text, district_ref, site_ref, language, output):
    """Write the parcels and stock report of a period to an .xlsx file."""
    from app.core.clock import now_local
    from app.reports.parcels import write_parcels_workbook

    def build(filters, path):
        return write_parcels_workbook(
            filters,
            path,
            visible=None,
            generated_by=_generated_by(),
            generated_at=now_local(),
            on_sheet=_sheet_written,
        )

    filters, target, data = _write_report(
        start_text, end_text, district_ref, site_ref, language, output, build
    )
    parcels = sum(row["parcels"] for row in data.by_type)
    click.echo(
        f"Parcels {filters.start.isoformat()} .. {filters.end.isoformat()}: "
        f"{parcels} parcel(s) handed out, {len(data.stock)} stock line(s) -> {target}"
    )


@report_group.command("monthly")
@click.option("--date", "day_text", help="Run as on this day, YYYY-MM-DD (default: today).")
@with_appcontext
def monthly_command(day_text):
    """What the scheduler does each morning: last month's workbooks, once."""
    from app.core.clock import today
    from scheduler.jobs import run_job

    day = _date("--date", day_text) or today()
    click.echo(run_job("monthly-reports", day).summary)
