"""Write .xlsx workbooks from plain rows. No ORM object comes in here.

Text that a spreadsheet would read as a formula (=, +, -, @ at the start, also after
tabs or carriage returns) is neutralised with a leading apostrophe-like quote prefix.
"""

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path
from typing import IO

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Alignment, Font
from openpyxl.worksheet.worksheet import Worksheet

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
SHEET_TITLE_FORBIDDEN = set("[]:*?/\\")


def safe_text(value):
    """Neutralise text that would run as a formula when the file is opened."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def sheet_title(text: str, taken: set[str] | None = None) -> str:
    """An Excel-valid, unique sheet title (31 characters, no []:*?/\\)."""
    clean = "".join("_" if ch in SHEET_TITLE_FORBIDDEN else ch for ch in text).strip() or "Foaie"
    clean = clean[:31]
    if taken is not None:
        base, n = clean, 2
        while clean in taken:
            suffix = f" ({n})"
            clean = base[: 31 - len(suffix)] + suffix
            n += 1
        taken.add(clean)
    return clean


@dataclass
class Sheet:
    title: str
    headers: Sequence[str]
    rows: Iterable[Sequence]
    widths: Sequence[int] = ()
    heading: Sequence[str] = field(default_factory=list)  # lines above the table
    landscape: bool = False


def _cell(ws, value, bold: bool = False):
    value = safe_text(value)
    if isinstance(value, Decimal):
        value = float(value)
    cell = WriteOnlyCell(ws, value=value)
    if bold:
        cell.font = Font(bold=True)
    if isinstance(value, (date, datetime)):
        cell.number_format = "DD.MM.YYYY"
    return cell


def write_workbook(sheets: Sequence[Sheet], target: str | Path | IO[bytes]) -> None:
    """Stream the sheets into an .xlsx file (write-only mode: flat memory)."""
    wb = Workbook(write_only=True)
    taken: set[str] = set()
    for spec in sheets:
        ws = wb.create_sheet(sheet_title(spec.title, taken))
        for index, width in enumerate(spec.widths, start=1):
            ws.column_dimensions[_column_letter(index)].width = width
        if spec.landscape:
            ws.page_setup.orientation = "landscape"
            ws.page_setup.paperSize = Worksheet.PAPERSIZE_A4
        for line in spec.heading:
            ws.append([_cell(ws, line, bold=True)])
        ws.append([_cell(ws, h, bold=True) for h in spec.headers])
        for row in spec.rows:
            ws.append([_cell(ws, v) for v in row])
    if not sheets:
        wb.create_sheet("Foaie")
    wb.save(target)


def _column_letter(index: int) -> str:
    from openpyxl.utils import get_column_letter

    return get_column_letter(index)


def wrap_alignment() -> Alignment:
    return Alignment(wrap_text=True, vertical="top")
