"""Job bodies: open nothing, decide nothing; call a service and report what it did.

The runner in scheduler/main.py gives each call an app context and commits once.
"""

from datetime import date


def generate_delivery_lists(day: date) -> str:
    """Today's delivery lists for every route (idempotent: existing lists are kept).

    The lists are committed before the workbooks are written and any email goes out,
    so a slow disk or a failing mail server can neither hold them back nor undo them.
    """
    from app.delivery.services import email_drivers, generate_lists, write_day_workbooks
    from app.extensions import db

    result = generate_lists(day)
    db.session.commit()
    files = write_day_workbooks(day)
    mail = email_drivers(day)
    return f"delivery lists for {day.isoformat()}: {result}; {len(files)} workbook(s); {mail}"


def nightly_backup(day: date) -> str:
    """A backup into the backups folder, keeping the newest BACKUP_KEEP copies."""
    from pathlib import Path

    from flask import current_app

    from app.ops.backup import backup, default_backup_name, prune

    folder = Path(current_app.config["BACKUP_DIR"])
    written = backup(default_backup_name(folder))
    removed = prune(folder, current_app.config["BACKUP_KEEP"])
    return f"backup {written.name}; {len(removed)} old backup(s) removed"


def apply_retention(day: date) -> str:
    """People past their retention anonymised, old exports and uploads removed."""
    from app.privacy.retention import apply_retention as run

    return run(day).summary()


def write_monthly_reports(day: date) -> str:
    """From the month's first service day on: last month's summary and registers, once."""
    from app.reports.monthly import monthly_reports

    return monthly_reports(day)
