"""The parcels and stock workbook: plain rows and translated words in, an .xlsx file out.

Three tables after the cover: parcels handed out by site, type and month; by
vulnerability category; and stock per site and type for the period (opening, received,
handed out, transferred in and out, adjusted, closing). The layout rules are those of
exports.summary (streamed, frozen and filtered header, widths, number formats, A4
landscape, text neutralised). The column order is the contract with the readers:
add columns at the end, never reorder them.
"""

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import IO

from exports.summary import GRAND_TOTAL, INTEGER, PLAIN, Column, SummaryBook, Table, write_report

# (key, width, number format) of each table's columns, in their stable order
BY_TYPE_COLUMNS = (
    ("district", 18, None),
    ("locality", 18, None),
    ("site", 30, None),
    ("parcel_type", 24, None),
    ("month", 9, None),
    ("distributions", 11, INTEGER),
    ("parcels", 11, INTEGER),
    ("people", 11, INTEGER),
)
BY_CATEGORY_COLUMNS = (
    ("district", 18, None),
    ("site", 30, None),
    ("category", 34, None),
    ("parcel_type", 24, None),
    ("month", 9, None),
    ("parcels", 11, INTEGER),
    ("people", 11, INTEGER),
)
STOCK_COLUMNS = (
    ("district", 18, None),
    ("site", 30, None),
    ("parcel_type", 24, None),
    ("opening", 11, INTEGER),
    ("received", 11, INTEGER),
    ("handed_out", 11, INTEGER),
    ("transferred_in", 11, INTEGER),
    ("transferred_out", 11, INTEGER),
    ("adjusted", 11, INTEGER),
    ("closing", 11, INTEGER),
)
# the figures a total row adds up (distinct people are not additive: left blank)
BY_TYPE_TOTALS = ("distributions", "parcels")
STOCK_TOTALS = tuple(key for key, _, fmt in STOCK_COLUMNS if fmt == INTEGER)


@dataclass
class ParcelsReportData:
    """Everything the workbook shows, already in the reader's words.

    `words` maps every column key above, "total" (the grand total row's label) and the
    three sheet titles ("by_type_title", "by_category_title", "stock_title") to text.
    Rows are mappings keyed like the columns.
    """

    cover_title: str
    cover: Sequence[tuple[str, object]]
    definitions_title: str
    definitions: Sequence[tuple[str, str]]
    cover_sheet_title: str
    words: Mapping[str, str]
    by_type: Sequence[Mapping]
    by_category: Sequence[Mapping]
    stock: Sequence[Mapping]


def _table(title, spec, rows, words, totals: Sequence[str] = ()) -> Table:
    columns = [Column(words[key], width, fmt) for key, width, fmt in spec]
    body = [[row.get(key) for key, _, _ in spec] for row in rows]
    levels = [PLAIN] * len(body)
    if totals:
        total_row = [None] * len(spec)
        total_row[0] = words["total"]
        for index, (key, _, _) in enumerate(spec):
            if key in totals:
                total_row[index] = sum(int(row.get(key) or 0) for row in rows)
        body.append(total_row)
        levels.append(GRAND_TOTAL)
    return Table(title, columns, body, levels, freeze="A2")


def parcels_book(data: ParcelsReportData) -> SummaryBook:
    w = data.words
    return SummaryBook(
        cover_title=data.cover_title,
        cover=data.cover,
        definitions_title=data.definitions_title,
        definitions=data.definitions,
        tables=[
            _table(w["by_type_title"], BY_TYPE_COLUMNS, data.by_type, w, BY_TYPE_TOTALS),
            _table(w["by_category_title"], BY_CATEGORY_COLUMNS, data.by_category, w),
            _table(w["stock_title"], STOCK_COLUMNS, data.stock, w, STOCK_TOTALS),
        ],
        cover_sheet_title=data.cover_sheet_title,
    )


def write_parcels_report(
    data: ParcelsReportData,
    target: str | Path | IO[bytes],
    on_sheet: Callable[[], None] | None = None,
) -> None:
    """Stream the parcels and stock workbook into `target`."""
    write_report(parcels_book(data), target, on_sheet)
