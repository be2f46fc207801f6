"""The Excel template for importing a beneficiary list: headers, an example, the rules."""

from collections.abc import Sequence
from pathlib import Path
from typing import IO

from exports.workbook import Sheet, write_workbook


def write_beneficiaries_template(
    target: str | Path | IO[bytes],
    headers: Sequence[str],
    example_rows: Sequence[Sequence],
    notes: Sequence[tuple[str, str]],
) -> None:
    """Write the template: a 'Beneficiari' sheet to fill and a 'Instrucțiuni' sheet.

    headers: the column titles (Romanian); example_rows: rows shown as a sample;
    notes: (column, what to write) pairs for the instructions sheet.
    """
    write_workbook(
        [
            Sheet(
                title="Beneficiari",
                headers=list(headers),
                rows=[list(row) for row in example_rows],
                widths=[max(12, min(30, len(h) + 4)) for h in headers],
            ),
            Sheet(
                title="Instrucțiuni",
                headers=["Coloana", "Ce se scrie"],
                rows=[list(note) for note in notes],
                widths=[24, 100],
            ),
        ],
        target,
    )
