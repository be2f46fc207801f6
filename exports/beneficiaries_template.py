"""The Excel template for importing a beneficiary list: headers, an example, the rules.

Columns that take a word from a fixed list (sex, service, referral source ...) get a
drop-down of the Romanian words in the sheet itself; the words live on a hidden
'Liste' sheet. Other spellings the importer accepts can still be typed: the drop-down
only warns.
"""

from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import IO

from openpyxl import Workbook
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter as _column_letter
from openpyxl.worksheet.datavalidation import DataValidation

from exports.workbook import safe_text

FILLED_ROWS = 1000  # rows of the sheet that offer the drop-downs


def _write_rows(ws, headers: Sequence[str], rows: Sequence[Sequence], widths: Sequence[int]):
    ws.append([safe_text(h) for h in headers])
    for cell in ws[1]:
        cell.font = Font(bold=True)
    for row in rows:
        ws.append([safe_text(value) for value in row])
        for cell in ws[ws.max_row]:
            if hasattr(cell.value, "year"):
                cell.number_format = "DD.MM.YYYY"
    for index, width in enumerate(widths, start=1):
        ws.column_dimensions[_column_letter(index)].width = width


def write_beneficiaries_template(
    target: str | Path | IO[bytes],
    headers: Sequence[str],
    example_rows: Sequence[Sequence],
    notes: Sequence[tuple[str, str]],
    choices: Mapping[str, Sequence[str]] | None = None,
) -> None:
    """Write the template: a 'Beneficiari' sheet to fill and a 'Instrucțiuni' sheet.

    headers: the column titles (Romanian); example_rows: rows shown as a sample;
    notes: (column, what to write) pairs for the instructions sheet; choices: for a
    column title, the words offered in its drop-down.
    """
    wb = Workbook()
    people = wb.active
    people.title = "Beneficiari"
    _write_rows(people, headers, example_rows, [max(12, min(30, len(h) + 4)) for h in headers])
    instructions = wb.create_sheet("Instrucțiuni")
    _write_rows(instructions, ["Coloana", "Ce se scrie"], notes, [24, 100])
    if choices:
        lists = wb.create_sheet("Liste")
        lists.sheet_state = "hidden"
        for list_index, (header, words) in enumerate(choices.items(), start=1):
            letter = _column_letter(list_index)
            lists.cell(row=1, column=list_index, value=header)
            for row, word in enumerate(words, start=2):
                lists.cell(row=row, column=list_index, value=safe_text(word))
            drop_down = DataValidation(
                type="list",
                formula1=f"=Liste!${letter}$2:${letter}${len(words) + 1}",
                allow_blank=True,
                errorStyle="warning",
                showErrorMessage=True,
                error="Alegeți o valoare din listă (sau scrieți una acceptată).",
                errorTitle="Valoare din listă",
            )
            column = _column_letter(list(headers).index(header) + 1)
            drop_down.add(f"{column}2:{column}{FILLED_ROWS}")
            people.add_data_validation(drop_down)
    wb.save(target)
