"""The monthly attendance register as an .xlsx workbook: plain rows in, a file out."""

from collections.abc import Sequence
from datetime import date
from pathlib import Path
from typing import IO

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter

from exports.workbook import safe_text, sheet_title

PAPER_A4 = 9  # openpyxl's code for A4


def write_attendance_register(
    *,
    title: str,
    heading: Sequence[str],
    days: Sequence[date],
    rows: Sequence[Sequence],
    served_by_day: Sequence[int],
    labels: dict[str, str],
    target: str | Path | IO[bytes],
) -> None:
    """One sheet, A4 landscape, laid out as the paper register.

    `rows` are (name, one letter per day ..., served, absent, excused); `labels` gives
    the words for the column headers and the totals row ("name", "served", "absent",
    "excused", "total"), already translated by the caller.
    """
    wb = Workbook(write_only=True)
    ws = wb.create_sheet(sheet_title(title))
    ws.page_setup.orientation = "landscape"
    ws.page_setup.paperSize = PAPER_A4
    ws.page_setup.fitToWidth = 1
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.print_title_rows = f"{len(heading) + 1}:{len(heading) + 1}"
    widths = [28, *([4.5] * len(days)), 8, 8, 8]
    for index, width in enumerate(widths, start=1):
        ws.column_dimensions[get_column_letter(index)].width = width

    def cell(value, bold=False, centre=False):
        c = WriteOnlyCell(ws, value=safe_text(value))
        if bold:
            c.font = Font(bold=True)
        if centre:
            c.alignment = Alignment(horizontal="center")
        return c

    for line in heading:
        ws.append([cell(line, bold=True)])
    ws.append(
        [
            cell(labels["name"], bold=True),
            *(cell(day.strftime("%d.%m"), bold=True, centre=True) for day in days),
            cell(labels["served"], bold=True),
            cell(labels["absent"], bold=True),
            cell(labels["excused"], bold=True),
        ]
    )
    for row in rows:
        name, *letters_and_totals = row
        ws.append([cell(name), *(cell(v, centre=True) for v in letters_and_totals)])
    ws.append(
        [
            cell(labels["total"], bold=True),
            *(cell(n, bold=True, centre=True) for n in served_by_day),
            cell(sum(served_by_day), bold=True),
        ]
    )
    wb.save(target)
