"""Reading the uploaded workbook: the template's columns, and caps on its size.

Nothing here touches the database: a file is read and refused (or not) before any
transaction is open. The caps are checked on what the file declares first (sheet count,
dimension), then while reading, so a hostile file is refused without being parsed whole.
"""

import unicodedata
from collections.abc import Iterator
from typing import IO

from flask import current_app, has_app_context
from flask_babel import gettext as _

from app.core.xlsx import open_workbook as open_xlsx

# (header in the file, field name) in template order
COLUMNS = [
    ("Nume", "last_name"),
    ("Prenume", "first_name"),
    ("IDNP", "idnp"),
    ("Data nașterii", "birth_date"),
    ("Sex", "sex"),
    ("Localitate", "locality"),
    ("Raion", "district"),
    ("Adresa", "address"),
    ("Telefon", "phone"),
    ("Mărime gospodărie", "household_size"),
    ("Categorii", "categories"),
    ("Grad dizabilitate", "disability_degree"),
    ("Locuiește singur", "lives_alone"),
    ("Se poate deplasa", "can_travel"),
    ("Motiv", "cannot_travel_reason"),
    ("Ref. anchetă", "inquiry_reference"),
    ("Dietă", "diet_notes"),
    ("Persoană de contact", "contact_name"),
    ("Telefon contact", "contact_phone"),
    ("Data consimțământ", "consent_date"),
    ("Serviciu", "service"),
    ("Nr. decizie", "decision_number"),
    ("Data decizie", "decision_date"),
    ("Sursa trimiterii", "referral_source"),
    ("Data început", "start_date"),
    ("Data revizuire", "review_date"),
]
HEADERS = [header for header, _name in COLUMNS]
HEADER_OF = {name: header for header, name in COLUMNS}
REQUIRED_HEADERS = ("Nume", "Prenume")

# Caps (IMPORT_MAX_* settings override them). Rows with data count toward MAX_ROWS;
# MAX_SCANNED_ROWS bounds the rows read at all, empty or not, since Excel often declares
# formatted but empty rows far below the list.
MAX_ROWS = 5_000
MAX_SCANNED_ROWS = 50_000
MAX_SHEETS = 20
MAX_COLUMNS = 100
MAX_CELL_CHARS = 1_000  # the longest field takes 300; more is not a beneficiary list


class ImportFileError(Exception):
    """The file cannot be read as the template (not xlsx, headers missing, too big)."""


def _cap(name: str, default: int) -> int:
    if has_app_context():
        return int(current_app.config.get(name, default))
    return default


def max_rows() -> int:
    return _cap("IMPORT_MAX_ROWS", MAX_ROWS)


def _loose(text) -> str:
    """Lower case, no diacritics, single spaces; digits kept (unlike name folding)."""
    decomposed = unicodedata.normalize("NFKD", str(text or "").lower())
    plain = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return " ".join(plain.split())


def _cell(value):
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, int) and not isinstance(value, bool):
        return str(value)
    if isinstance(value, str):
        value = value.strip()
        return value or None
    return value


def _too_many_rows() -> ImportFileError:
    return ImportFileError(
        _(
            "Fișierul are prea multe rânduri: cel mult %(max)s rânduri cu date într-un "
            "import. Împărțiți lista în mai multe fișiere.",
            max=max_rows(),
        )
    )


def _too_long(row: int, column: str) -> str:
    return _(
        "Rândul %(row)s, coloana „%(column)s”: celula are prea mult text "
        "(cel mult %(max)s caractere).",
        row=row,
        column=column,
        max=MAX_CELL_CHARS,
    )


def open_workbook(path_or_stream: IO[bytes] | str):
    """Open an uploaded workbook for reading, or refuse it as not a valid .xlsx."""
    try:
        return open_xlsx(path_or_stream)  # refuses XML entity declarations
    except Exception as exc:  # noqa: BLE001 - openpyxl raises many kinds for a bad file
        raise ImportFileError(_("Fișierul nu este un tabel Excel (.xlsx) valid.")) from exc


def _check_declared_size(workbook, sheet) -> None:
    """Refuse on what the file declares, before reading any row."""
    sheets = _cap("IMPORT_MAX_SHEETS", MAX_SHEETS)
    if len(workbook.sheetnames) > sheets:
        raise ImportFileError(
            _(
                "Fișierul are prea multe foi (cel mult %(max)s); lăsați lista în prima foaie.",
                max=sheets,
            )
        )
    try:
        declared_rows, declared_columns = sheet.max_row, sheet.max_column
    except Exception:  # noqa: BLE001 - a malformed dimension is as good as none
        declared_rows = declared_columns = None
    if declared_rows and declared_rows > _cap("IMPORT_MAX_SCANNED_ROWS", MAX_SCANNED_ROWS):
        raise _too_many_rows()
    columns = _cap("IMPORT_MAX_COLUMNS", MAX_COLUMNS)
    if declared_columns and declared_columns > columns:
        raise ImportFileError(_("Fișierul are prea multe coloane (cel mult %(max)s).", max=columns))


def read_sheet(source: IO[bytes] | str) -> Iterator[tuple[int, dict]]:
    """Rows of the first sheet as (Excel row number, {field name: cell value}).

    Raises ImportFileError as soon as a cap is passed."""
    workbook = open_workbook(source)
    rows = None
    try:
        sheet = workbook.worksheets[0]
        _check_declared_size(workbook, sheet)
        columns = _cap("IMPORT_MAX_COLUMNS", MAX_COLUMNS)
        rows = sheet.iter_rows(values_only=True, max_col=columns)
        header_row = next(rows, None) or ()
        by_header = {_loose(str(h)): i for i, h in enumerate(header_row) if h is not None}
        missing = [h for h in REQUIRED_HEADERS if _loose(h) not in by_header]
        if missing:
            raise ImportFileError(
                _("Lipsesc coloanele: %(names)s (rândul 1).", names=", ".join(missing))
            )
        positions = [
            (name, by_header[_loose(header)])
            for header, name in COLUMNS
            if _loose(header) in by_header
        ]
        limit, scan_limit = max_rows(), _cap("IMPORT_MAX_SCANNED_ROWS", MAX_SCANNED_ROWS)
        with_data = 0
        for number, values in enumerate(rows, start=2):
            if number > scan_limit:
                raise _too_many_rows()
            record = {}
            for name, index in positions:
                value = _cell(values[index]) if index < len(values) else None
                if isinstance(value, str) and len(value) > MAX_CELL_CHARS:
                    raise ImportFileError(_too_long(number, HEADER_OF[name]))
                if value is not None:
                    record[name] = value
            if record:
                with_data += 1
                if with_data > limit:
                    raise _too_many_rows()
                yield number, record
    finally:
        if rows is not None:
            rows.close()  # its open part of the archive, so close() can close the file
        workbook.close()
