"""Last month's workbooks written into the exports folder, once a month.

The summary of every site and each site's attendance registers go into
EXPORTS_DIR/reports/YYYY-MM/. A month is written once: a job_claim row (unique on job
and month) is taken in the same transaction, so two scheduler processes, or the
scheduler and a manual run, cannot both write it. Folders older than
REPORT_KEEP_MONTHS months are removed.
"""

import os
import re
import shutil
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

from flask import current_app
from flask_babel import force_locale
from flask_babel import gettext as _
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from app.attendance.models import Meal
from app.attendance.services import services_for
from app.core import calendar
from app.core.clock import now_local, utcnow
from app.core.models import JobClaim
from app.extensions import db
from app.places.models import Site, SiteService
from app.reports.attendance import write_register
from app.reports.summary import age_bounds, programme_summary, resolve_filters
from app.reports.summary_book import write_summary_workbook

JOB = "monthly-reports"
MONTH_FOLDER = re.compile(r"^\d{4}-\d{2}$")
SUMMARY_FILE = re.compile(r"^sinteza-(\d{4}-\d{2})\.xlsx$")
REGISTER_FILE = re.compile(r"^registru-(lunch|day_care)-(\d+)-(\d{4}-\d{2})\.xlsx$")


@dataclass(frozen=True)
class MonthFile:
    month: str  # YYYY-MM
    name: str
    site_id: int | None  # None: the summary of every site
    size: int


def reports_dir() -> Path:
    return Path(current_app.config["EXPORTS_DIR"]) / "reports"


def _previous_month(day: date) -> tuple[int, int]:
    last = day.replace(day=1) - timedelta(days=1)
    return last.year, last.month


def first_service_day(day: date) -> date | None:
    """The first day of the day's month on which any active site serves."""
    site_ids = list(db.session.scalars(select(Site.id).where(Site.active.is_(True))))
    by_site = calendar.service_days_of_sites(site_ids, day.replace(day=1), day)
    days = [d for site_days in by_site.values() for d in site_days]
    return min(days, default=None)


def _write_atomically(target: Path, write: Callable[[str], None]) -> None:
    handle, partial = tempfile.mkstemp(dir=target.parent, suffix=".tmp")
    os.close(handle)
    try:
        write(partial)
        os.replace(partial, target)
    finally:
        Path(partial).unlink(missing_ok=True)


def write_month(year: int, month: int) -> list[Path]:
    """Write the month's summary and every site's registers; returns the files."""
    folder = reports_dir() / f"{year}-{month:02d}"
    folder.mkdir(parents=True, exist_ok=True)
    start = date(year, month, 1)
    end = (start.replace(day=28) + timedelta(days=4)).replace(day=1) - timedelta(days=1)
    written = []
    with force_locale(current_app.config.get("BABEL_DEFAULT_LOCALE", "ro")):
        summary = programme_summary(
            resolve_filters(start, end, visible=None), visible=None, age_bounds=age_bounds()
        )
        target = folder / f"sinteza-{year}-{month:02d}.xlsx"
        _write_atomically(
            target,
            lambda path: write_summary_workbook(
                summary, path, generated_by=_("Planificator"), generated_at=now_local()
            ),
        )
        written.append(target)
        offered = db.session.execute(
            select(Site.id, Site.name, SiteService.service)
            .join(SiteService, SiteService.site_id == Site.id)
            .where(Site.active.is_(True))
            .order_by(Site.id)
        ).all()
        for meal in Meal:
            wanted = set(services_for(meal))
            sites = sorted({(sid, name) for sid, name, service in offered if service in wanted})
            for site_id, site_name in sites:
                target = folder / f"registru-{meal.value}-{site_id}-{year}-{month:02d}.xlsx"
                _write_atomically(
                    target,
                    lambda path, s=(site_id, site_name), m=meal: _register(s, m, year, month, path),
                )
                written.append(target)
    return written


def _register(site: tuple[int, str], meal: Meal, year: int, month: int, path: str) -> None:
    write_register(site[0], f"{site[1]}, {month:02d}.{year}", year, month, meal, path)


def claim_month(year: int, month: int) -> JobClaim | None:
    """Take the month for this run; None when another run already took it."""
    claim = JobClaim(job=JOB, slot=f"{year}-{month:02d}")
    try:
        with db.session.begin_nested():
            db.session.add(claim)
    except IntegrityError:
        return None
    return claim


def remove_old_months(day: date) -> list[str]:
    """Remove month folders older than REPORT_KEEP_MONTHS months before the day's month."""
    keep = int(current_app.config.get("REPORT_KEEP_MONTHS", 24))
    index = day.year * 12 + day.month - 1 - keep
    oldest = f"{index // 12}-{index % 12 + 1:02d}"
    removed = []
    folder = reports_dir()
    if not folder.is_dir():
        return removed
    for entry in sorted(folder.iterdir()):
        if entry.is_dir() and MONTH_FOLDER.match(entry.name) and entry.name < oldest:
            shutil.rmtree(entry)
            removed.append(entry.name)
    return removed


def month_due(day: date) -> str | None:
    """The month ("YYYY-MM") to write on a day: last month, from this month's first
    service day on; None before it."""
    first = first_service_day(day)
    if first is None or day < first:
        return None
    year, month = _previous_month(day)
    return f"{year}-{month:02d}"


def not_due_message(day: date) -> str:
    return f"monthly reports: {day.isoformat()} is before this month's first service day"


def written_message(month: str, files: list[Path], removed: list[str]) -> str:
    return (
        f"monthly reports for {month}: {len(files)} file(s) written; "
        f"{len(removed)} old month(s) removed"
    )


def monthly_reports(day: date) -> str:
    """From the month's first service day on, write last month once (all in one
    transaction; the monthly-reports job runs the same steps with commits between)."""
    due = month_due(day)
    if due is None:
        return not_due_message(day)
    year, month = (int(part) for part in due.split("-"))
    removed = remove_old_months(day)
    claim = claim_month(year, month)
    if claim is None:
        return f"monthly reports for {due}: already written"
    files = write_month(year, month)
    claim.finished_at = utcnow()
    claim.summary = f"{len(files)} file(s)"
    db.session.flush()
    return written_message(due, files, removed)


def month_files(visible: set[int] | None) -> list[MonthFile]:
    """The generated files the user may download, newest month first.

    Staff get their own sites' registers only: the summary covers every site.
    """
    folder = reports_dir()
    if not folder.is_dir():
        return []
    found = []
    for month_dir in sorted(folder.iterdir(), reverse=True):
        if not (month_dir.is_dir() and MONTH_FOLDER.match(month_dir.name)):
            continue
        for path in sorted(month_dir.iterdir()):
            site_id = _file_site(path.name)
            if site_id is False:
                continue
            if visible is not None and (site_id is None or site_id not in visible):
                continue
            found.append(MonthFile(month_dir.name, path.name, site_id, path.stat().st_size))
    return found


def _file_site(name: str) -> int | None | bool:
    """The site a generated file belongs to (None: every site); False: not ours."""
    if SUMMARY_FILE.match(name):
        return None
    match = REGISTER_FILE.match(name)
    if match:
        return int(match.group(2))
    return False


def month_file_path(month: str, name: str, visible: set[int] | None) -> Path | None:
    """The file, if it exists and the user may read it; None otherwise."""
    if not MONTH_FOLDER.match(month):
        return None
    site_id = _file_site(name)
    if site_id is False:
        return None
    if visible is not None and (site_id is None or site_id not in visible):
        return None
    path = reports_dir() / month / name
    return path if path.is_file() else None
