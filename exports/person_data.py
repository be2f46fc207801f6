"""Everything held about one person as a workbook: one sheet per kind of record.

Plain rows in, an .xlsx out; text that would run as a formula is neutralised by
exports/workbook.py like in every other workbook.
"""

from collections.abc import Sequence
from pathlib import Path
from typing import IO

from exports.workbook import Sheet, write_workbook


def write_person_data(
    sections: Sequence[tuple[str, Sequence[str], Sequence[Sequence]]],
    target: str | Path | IO[bytes],
    heading: Sequence[str] = (),
) -> None:
    """`sections` are (sheet title, column headers, rows); `heading` goes above each table."""
    sheets = [
        Sheet(
            title=title,
            headers=headers,
            rows=rows,
            widths=[22] * len(headers),
            heading=list(heading),
        )
        for title, headers, rows in sections
    ]
    write_workbook(sheets, target)
