"""Retention (Law 133/2011): forget who people were once the legal time has passed.

A person whose every enrolment ended more than RETENTION_YEARS ago (or, never enrolled,
whose record was last changed that long ago) is anonymised: what
identifies them (name, IDNP, address, phone, contact, notes, the copies on delivery
lists, every free text tied to them and the same values in the audit log; see
app/privacy/anonymise.py) is replaced, while what the statistics count
stays (categories, sex, birth year, locality, enrolments with their dates, marks, parcels),
so past reports keep their totals. `anonymised_at` marks them; nobody is done twice.

Export files and waiting uploads older than their retention are removed by the same job.
"""

import time
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from pathlib import Path

from flask import current_app
from sqlalchemy import exists, func, or_, select

from app.attendance.models import AttendanceMark
from app.beneficiaries.models import Beneficiary, Enrolment, EnrolmentStatus
from app.core.files import UPLOAD_PATTERNS
from app.extensions import db
from app.parcels.models import Distribution
from app.privacy.anonymise import anonymise_person


@dataclass
class RetentionResult:
    cutoff: date
    people: list[int] = field(default_factory=list)
    audit_values: int = 0
    delivery_stops: int = 0
    export_files: list[Path] = field(default_factory=list)
    upload_files: list[Path] = field(default_factory=list)

    def summary(self) -> str:
        return (
            f"retention before {self.cutoff.isoformat()}: {len(self.people)} people anonymised, "
            f"{self.audit_values} audit values and {self.delivery_stops} delivery stops cleared, "
            f"{len(self.export_files)} export file(s) and "
            f"{len(self.upload_files)} upload file(s) removed"
        )


def years_before(day: date, years: int) -> date:
    try:
        return day.replace(year=day.year - years)
    except ValueError:  # 29 February
        return day.replace(year=day.year - years, day=28)


def months_before(day: date, months: int) -> date:
    index = day.year * 12 + day.month - 1 - months
    year, month = divmod(index, 12)
    month += 1
    for last in (day.day, 30, 29, 28):
        try:
            return date(year, month, min(day.day, last))
        except ValueError:
            continue
    raise AssertionError("unreachable")


def due_for_anonymisation(cutoff: date) -> list[int]:
    """People not yet anonymised whose every enrolment ended before the cutoff, and people
    never enrolled whose record was last touched before it (with no mark or parcel since)."""
    still_open = or_(
        Enrolment.end_date.is_(None),
        Enrolment.status == EnrolmentStatus.WAITING,
    )
    left = (
        select(Enrolment.beneficiary_id)
        .join(Beneficiary, Beneficiary.id == Enrolment.beneficiary_id)
        .where(Beneficiary.anonymised_at.is_(None))
        .group_by(Enrolment.beneficiary_id)
        .having(
            func.max(Enrolment.end_date) < cutoff,
            func.sum(_case_one(still_open)) == 0,
        )
    )
    since = datetime(cutoff.year, cutoff.month, cutoff.day, tzinfo=UTC)
    never_enrolled = select(Beneficiary.id).where(
        Beneficiary.anonymised_at.is_(None),
        Beneficiary.updated_at < since,
        ~exists().where(Enrolment.beneficiary_id == Beneficiary.id),
        ~exists().where(
            AttendanceMark.beneficiary_id == Beneficiary.id, AttendanceMark.day >= cutoff
        ),
        ~exists().where(Distribution.beneficiary_id == Beneficiary.id, Distribution.day >= cutoff),
    )
    return sorted(set(db.session.scalars(left)) | set(db.session.scalars(never_enrolled)))


def _case_one(condition):
    from sqlalchemy import case

    return case((condition, 1), else_=0)


def _old_files(folder: str | Path, patterns: tuple[str, ...], before: float) -> list[Path]:
    folder = Path(folder)
    if not folder.is_dir():
        return []
    found = []
    for pattern in patterns:
        for path in sorted(folder.rglob(pattern)):
            try:
                if path.is_file() and path.stat().st_mtime < before:
                    found.append(path)
            except FileNotFoundError:
                continue
    return found


def _local_midnight_timestamp(day: date) -> float:
    from app.core.clock import local_tz

    return datetime(day.year, day.month, day.day, tzinfo=local_tz()).timestamp()


def apply_retention(day: date, *, dry_run: bool = False) -> RetentionResult:
    """Anonymise people past their retention and remove old files, as of `day`.

    With dry_run, only say what would be done. Running it twice changes nothing the
    second time: anonymised people are skipped and removed files are gone.
    """
    config = current_app.config
    cutoff = years_before(day, config["RETENTION_YEARS"])
    result = RetentionResult(cutoff=cutoff)
    result.people = due_for_anonymisation(cutoff)
    exports_before = _local_midnight_timestamp(months_before(day, config["EXPORTS_KEEP_MONTHS"]))
    result.export_files = _old_files(config["EXPORTS_DIR"], ("*",), exports_before)
    # an upload waits for its confirmation for hours, counted from now whatever the day
    uploads_before = time.time() - config["IMPORT_KEEP_HOURS"] * 3600
    result.upload_files = _old_files(config["IMPORTS_DIR"], UPLOAD_PATTERNS, uploads_before)
    if dry_run:
        return result
    for person_id in result.people:
        values, stops = anonymise_person(person_id)
        result.audit_values += values
        result.delivery_stops += stops
    for path in (*result.export_files, *result.upload_files):
        path.unlink(missing_ok=True)
    return result
