from datetime import date
from decimal import Decimal

from openpyxl import load_workbook

from exports.workbook import Sheet, safe_text, sheet_title, write_workbook


def test_formula_like_text_is_neutralised():
    assert safe_text("=SUM(A1:A3)") == "'=SUM(A1:A3)"
    assert safe_text("+37369123456") == "'+37369123456"
    assert safe_text("-2") == "'-2"
    assert safe_text("@cmd") == "'@cmd"
    assert safe_text("Ion") == "Ion"
    assert safe_text(-2) == -2


def test_workbook_round_trip(tmp_path):
    path = tmp_path / "out.xlsx"
    write_workbook(
        [
            Sheet(
                "Ruta 1/Nord",
                ["Nr", "Nume", "Data", "Suma"],
                [[1, "=cmd|' /C calc'!A0", date(2026, 11, 16), Decimal("38.50")]],
            ),
            Sheet("Ruta 1/Nord", ["Nr"], [[2]], landscape=True),
        ],
        path,
    )
    wb = load_workbook(path)
    assert wb.sheetnames == ["Ruta 1_Nord", "Ruta 1_Nord (2)"]
    ws = wb["Ruta 1_Nord"]
    assert [c.value for c in ws[1]] == ["Nr", "Nume", "Data", "Suma"]
    assert ws["B2"].value == "'=cmd|' /C calc'!A0"
    assert ws["B2"].data_type == "s"
    assert ws["C2"].value.date() == date(2026, 11, 16)
    assert ws["D2"].value == 38.5
    assert wb["Ruta 1_Nord (2)"].page_setup.orientation == "landscape"
    assert wb["Ruta 1_Nord (2)"].page_setup.paperSize == 9  # A4


def test_sheet_titles_are_valid_and_unique():
    taken: set[str] = set()
    long = "x" * 40
    assert len(sheet_title(long, taken)) == 31
    assert sheet_title(long, taken) != sheet_title(long, taken)
