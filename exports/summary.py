"""The programme summary workbook: plain tables in, an .xlsx file out.

Every sheet is streamed (write-only mode), has its header row frozen and filtered,
column widths and number formats set, and prints A4 landscape fitted to the page
width with the header row repeated. All words arrive already translated; no text
reaches a cell without being neutralised (a name starting with "=" stays text).
"""

from collections.abc import Callable, Sequence
from copy import copy
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path
from typing import IO

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.chart import BarChart, Reference
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter

from exports.workbook import safe_text, sheet_title

PAPER_A4 = 9  # openpyxl's code for A4

INTEGER = "#,##0"
DECIMAL_1 = "#,##0.0"
MONEY = "#,##0.00"
PERCENT = "0%"
DATE = "DD.MM.YYYY"
DATETIME = "DD.MM.YYYY HH:MM"

# Row levels: a plain row, a locality subtotal, a district subtotal, the grand total.
PLAIN, SUBTOTAL, GROUP_TOTAL, GRAND_TOTAL = 0, 1, 2, 3
LEVEL_FILLS = {
    SUBTOTAL: PatternFill("solid", fgColor="F2F2F2"),
    GROUP_TOTAL: PatternFill("solid", fgColor="DDEBF7"),
    GRAND_TOTAL: PatternFill("solid", fgColor="BDD7EE"),
}
HEADER_FILL = PatternFill("solid", fgColor="D9D9D9")


@dataclass
class Column:
    header: str
    width: float = 12
    number_format: str | None = None


@dataclass
class Table:
    title: str
    columns: Sequence[Column]
    rows: Sequence[Sequence]
    levels: Sequence[int] = ()  # one per row; empty means all plain
    freeze: str = "A2"  # the first cell that scrolls


@dataclass
class MonthChart:
    """A clustered bar chart of some columns of a table, one bar group per row."""

    title: str
    y_title: str
    category_column: int  # 1-based column holding the row labels
    series_columns: Sequence[int]  # 1-based columns drawn as bars


@dataclass
class SummaryBook:
    cover_title: str
    cover: Sequence[tuple[str, object]]  # (label, value) lines
    definitions_title: str
    definitions: Sequence[tuple[str, str]]  # (figure, what it means)
    tables: Sequence[Table]
    # the table (by index in `tables`) that gets the chart, and the chart
    chart: tuple[int, MonthChart] | None = None
    cover_sheet_title: str = "Info"
    cover_widths: tuple[float, float] = (34, 100)


def _value(value):
    value = safe_text(value)
    if isinstance(value, Decimal):
        return float(value)
    return value


def _print_setup(ws, title_rows: str | None) -> None:
    ws.page_setup.orientation = "landscape"
    ws.page_setup.paperSize = PAPER_A4
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0  # as many pages down as needed
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    if title_rows:
        ws.print_title_rows = title_rows


def _write_cover(wb: Workbook, book: SummaryBook, taken: set[str]) -> None:
    ws = wb.create_sheet(sheet_title(book.cover_sheet_title, taken))
    _print_setup(ws, None)
    for index, width in enumerate(book.cover_widths, start=1):
        ws.column_dimensions[get_column_letter(index)].width = width
    wrap = Alignment(wrap_text=True, vertical="top")

    def cell(value, bold=False, size=None, number_format=None):
        c = WriteOnlyCell(ws, value=_value(value))
        if bold or size:
            c.font = Font(bold=bold, size=size or 11)
        c.alignment = wrap
        if number_format:
            c.number_format = number_format
        elif isinstance(value, datetime):
            c.number_format = DATETIME
        elif isinstance(value, date):
            c.number_format = DATE
        return c

    ws.append([cell(book.cover_title, bold=True, size=14)])
    ws.append([])
    for label, value in book.cover:
        ws.append([cell(label, bold=True), cell(value)])
    ws.append([])
    ws.append([cell(book.definitions_title, bold=True, size=12)])
    for name, meaning in book.definitions:
        ws.append([cell(name, bold=True), cell(meaning)])


def _write_table(wb: Workbook, table: Table, taken: set[str], chart: MonthChart | None):
    ws = wb.create_sheet(sheet_title(table.title, taken))
    columns = list(table.columns)
    last = get_column_letter(len(columns))
    for index, column in enumerate(columns, start=1):
        ws.column_dimensions[get_column_letter(index)].width = column.width
    ws.freeze_panes = table.freeze
    ws.auto_filter.ref = f"A1:{last}{len(table.rows) + 1}"
    _print_setup(ws, "1:1")

    header_font = Font(bold=True)
    header_alignment = Alignment(wrap_text=True, vertical="center", horizontal="center")
    headers = []
    for column in columns:
        c = WriteOnlyCell(ws, value=_value(column.header))
        c.font = header_font
        c.fill = HEADER_FILL
        c.alignment = header_alignment
        headers.append(c)
    ws.append(headers)

    levels = list(table.levels) or [PLAIN] * len(table.rows)
    # Styles are worked out once per column, level and kind of value, then copied:
    # setting fonts and fills cell by cell makes openpyxl hash them for every cell.
    styles: dict[tuple, object] = {}

    def style_of(index: int, column: Column, level: int, value):
        key = (index, level, isinstance(value, str), isinstance(value, date))
        if key not in styles:
            template = WriteOnlyCell(ws)
            if column.number_format and not key[2]:
                template.number_format = column.number_format
            elif key[3]:
                template.number_format = DATE
            if level != PLAIN:
                template.font = Font(bold=True)
                template.fill = LEVEL_FILLS[level]
            styles[key] = template._style
        return styles[key]

    for row, level in zip(table.rows, levels, strict=True):
        cells = []
        for index, (column, value) in enumerate(zip(columns, row, strict=True)):
            c = WriteOnlyCell(ws, value=_value(value))
            c._style = copy(style_of(index, column, level, value))
            cells.append(c)
        ws.append(cells)

    if chart is not None and table.rows:
        bars = BarChart()
        bars.type = "col"
        bars.grouping = "clustered"
        bars.title = safe_text(chart.title)
        bars.y_axis.title = safe_text(chart.y_title)
        bars.height, bars.width = 9, 22
        end_row = len(table.rows) + 1
        for column in chart.series_columns:
            data = Reference(ws, min_col=column, min_row=1, max_row=end_row)
            bars.add_data(data, titles_from_data=True)
        labels = Reference(ws, min_col=chart.category_column, min_row=2, max_row=end_row)
        bars.set_categories(labels)
        ws.add_chart(bars, f"A{end_row + 3}")


def write_summary(
    book: SummaryBook,
    target: str | Path | IO[bytes],
    on_sheet: Callable[[], None] | None = None,
) -> None:
    """Stream the cover sheet and the tables into an .xlsx file.

    `on_sheet`, if given, is called after each table is written (progress, tests)."""
    wb = Workbook(write_only=True)
    taken: set[str] = set()
    _write_cover(wb, book, taken)
    chart_index, chart = book.chart if book.chart is not None else (None, None)
    for index, table in enumerate(book.tables):
        _write_table(wb, table, taken, chart if index == chart_index else None)
        if on_sheet is not None:
            on_sheet()
    wb.save(target)


# The same layout serves every report made of a cover and tables.
write_report = write_summary
