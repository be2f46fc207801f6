"""Excel import of an existing beneficiary list.

The file is read and checked first, outside any transaction: every error is collected
as (row, column, message) with the row number Excel shows, and if any row is wrong
nothing is written. Rows are matched to people already in the registry (by IDNP, else
by name and birth date); a match the user may not edit is a row error that says no
more than that. Then the rows are written in short batches, each its own transaction,
so the database is never locked for long: new people are added, changed fields updated
(audited field by field), and a service column enrols the person at the chosen site.
"""

from collections.abc import Callable
from typing import IO

from flask import current_app
from flask_babel import gettext as _
from sqlalchemy.exc import IntegrityError

from app.beneficiaries.importer.checks import (
    ImportResult,
    ImportRow,
    RowError,
    check_rows,
    chunks,
    editable_people,
    parse_rows,
    validate_rows,
)
from app.beneficiaries.importer.reading import (
    COLUMNS,
    HEADER_OF,
    HEADERS,
    MAX_ROWS,
    ImportFileError,
    open_workbook,
    read_sheet,
)
from app.beneficiaries.importer.rows import ImportRowSchema
from app.beneficiaries.importer.template import write_template
from app.beneficiaries.importer.writing import write_batch
from app.core import faults
from app.core.db import writing
from app.core.errors import DomainError, NotFoundError
from app.extensions import db
from app.places.models import Site

__all__ = [
    "COLUMNS",
    "HEADERS",
    "HEADER_OF",
    "MAX_ROWS",
    "ImportFileError",
    "ImportResult",
    "ImportRow",
    "ImportRowSchema",
    "RowError",
    "editable_people",
    "error_lines",
    "import_beneficiaries",
    "open_workbook",
    "parse_rows",
    "read_sheet",
    "validate_rows",
    "write_template",
]

BATCH_ROWS = 200

# progress(stage, done, total): stage is "reading", "checking" or "writing"
Progress = Callable[[str, int, int], None]


def import_beneficiaries(
    source: IO[bytes] | str,
    site_id: int,
    *,
    site_ids: set[int] | None,
    user_id: int | None = None,
    dry_run: bool = False,
    progress: Progress | None = None,
) -> ImportResult:
    """Check a file and, unless dry_run or any error, import it.

    `site_ids` are the sites whose people the user may edit (None: every site). This
    function is a transaction boundary: it commits what the caller has pending, reads
    and checks the file with no transaction open, checks it against the registry in a
    read-only transaction, then writes in batches of IMPORT_BATCH_ROWS rows, each
    committed. Returns the counts of new, updated and unchanged people."""
    if db.session.get(Site, site_id) is None:
        raise NotFoundError(_("Centrul nu a fost găsit."))
    db.session.commit()  # no transaction, so no lock, while the file is read
    rows, errors = parse_rows(source, lambda read: _report(progress, "reading", read, 0))
    _report(progress, "checking", 0, len(rows))
    with writing(False):
        site = db.session.get(Site, site_id)
        rows, problems, result = check_rows(rows, site, site_ids, user_id)
        db.session.commit()
    result.errors = sorted(errors + problems, key=lambda e: e.row)
    if result.errors or dry_run:
        return result
    # an unchanged person without a service needs no write at all
    rows = [r for r in rows if r.match_id is None or r.changed or r.data.get("service")]
    size = current_app.config.get("IMPORT_BATCH_ROWS", BATCH_ROWS)
    done = 0
    for batch in chunks(rows, size):
        _report(progress, "writing", done, len(rows))
        with writing():
            try:
                result.enrolled += write_batch(batch, db.session.get(Site, site_id), user_id)
                faults.point("import.batch_written")
                db.session.commit()
            except (IntegrityError, DomainError):
                # someone changed the same people meanwhile; what is written stays, and
                # a second import of the same file recognises it
                db.session.rollback()
                result.errors = [RowError(batch[0].number, "", _interrupted(batch[0].number))]
                return result
        done += len(batch)
    _report(progress, "writing", done, len(rows))
    result.imported = True
    return result


def _interrupted(row: int) -> str:
    return _(
        "Importul s-a oprit la rândul %(row)s: datele au fost schimbate între timp. "
        "Rândurile de dinainte au fost importate; încărcați fișierul din nou.",
        row=row,
    )


def _report(progress: Progress | None, stage: str, done: int, total: int) -> None:
    if progress is not None:
        progress(stage, done, total)


def error_lines(errors: list[RowError]) -> list[str]:
    """One line per error: row, column, message (for the command line)."""
    return [
        _(
            "rândul %(row)s, coloana „%(column)s”: %(message)s",
            row=e.row,
            column=e.column,
            message=e.message,
        )
        for e in errors
    ]
