"""The monthly attendance register as an .xlsx workbook: plain rows in, a file out."""

from collections.abc import Sequence
from datetime import date
from pathlib import Path
from typing import IO

from exports.workbook import Sheet, write_workbook


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
    """One sheet, A4 landscape, as the paper register.

    `rows` are (name, one letter per day ..., served, absent, excused); `labels` gives
    the words for the column headers and the totals row ("name", "served", "absent",
    "excused", "total"), already translated by the caller.
    """
    headers = [
        labels["name"],
        *(day.strftime("%d.%m") for day in days),
        labels["served"],
        labels["absent"],
        labels["excused"],
    ]
    totals = (labels["total"], *served_by_day, sum(served_by_day), "", "")
    sheet = Sheet(
        title=title,
        heading=list(heading),
        headers=headers,
        rows=[*rows, totals],
        widths=[28, *([6] * len(days)), 9, 9, 9],
        landscape=True,
    )
    write_workbook([sheet], target)
