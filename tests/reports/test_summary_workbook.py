"""The summary workbook opened back with openpyxl: cell by cell, layout and print set-up."""

import io
from datetime import datetime

from flask_babel import force_locale
from openpyxl import load_workbook

from app.reports.summary import programme_summary, resolve_filters
from app.reports.summary_book import write_summary_workbook
from tests.reports.conftest import NOVEMBER

GENERATED = datetime(2026, 12, 1, 8, 30)


def _workbook(visible=None, language="ro", **filters):
    summary = programme_summary(
        resolve_filters(*NOVEMBER, visible=visible, **filters), visible=visible
    )
    buffer = io.BytesIO()
    with force_locale(language):
        write_summary_workbook(
            summary, buffer, generated_by="Maria Manager", generated_at=GENERATED
        )
    buffer.seek(0)
    return load_workbook(buffer)


def _rows(ws):
    """The sheet as dicts keyed by the header words."""
    values = list(ws.iter_rows(values_only=True))
    headers = values[0]
    return [dict(zip(headers, row, strict=True)) for row in values[1:]]


ADDITIVE = (
    "Prânzuri la cantină",
    "Prânzuri livrate",
    "Total prânzuri",
    "Zile de serviciu",
    "Înscrieri noi",
    "Ieșiri",
    "Livrări eșuate, total",
    "Cost (lei)",
)


def test_sheets_and_cover(ctx, world):
    wb = _workbook()
    assert wb.sheetnames == ["Despre raport", "Centre", "Persoane", "Luni"]
    cover = {row[0]: row[1] for row in wb["Despre raport"].iter_rows(values_only=True) if row}
    assert cover["Perioada"] == "01.11.2026 – 30.11.2026"
    assert cover["Generat la"] == GENERATED
    assert cover["Generat de"] == "Maria Manager"
    assert cover["Filtre"] == "Toate centrele accesibile"
    assert "Persoane unice servite" in cover  # each figure is defined


def test_site_sheet_cell_by_cell(ctx, world):
    rows = _rows(_workbook()["Centre"])
    kinds = [(r["Rând"], r["Centru"] or r["Localitate"] or r["Raion"]) for r in rows]
    assert kinds == [
        ("Centru", "Cantina Doi"),
        ("Centru", "Cantina Unu"),
        ("Subtotal localitate", "Satul Unu"),
        ("Subtotal raion", "Alfa"),
        ("Centru", '\'=HYPERLINK("http://x")'),
        ("Subtotal localitate", "Satul Doi"),
        ("Subtotal raion", "Beta"),
        ("Total general", None),
    ]
    s1 = rows[1]
    assert s1["Prânzuri la cantină"] == 3
    assert s1["Prânzuri livrate"] == 2
    assert s1["Total prânzuri"] == 5
    assert s1["Persoane unice servite"] == 2
    assert s1["Nelivrat: Nu era acasă"] == 1
    assert s1["Nelivrat: A refuzat"] == 1
    assert s1["Normă zilnică (lei)"] == 25.5
    assert s1["Cost (lei)"] == 127.5
    assert s1["Locuri"] == 40
    assert abs(s1["Prezență medie zilnică"] - 5 / 21) < 1e-9
    assert rows[0]["Cost (lei)"] is None  # no norm: no cost, not zero
    sites = [r for r in rows if r["Rând"] == "Centru"]
    total = rows[-1]
    for header in ADDITIVE:
        assert total[header] == sum(r[header] or 0 for r in sites), header
        for district in ("Alfa", "Beta"):
            subtotal = next(
                r for r in rows if r["Rând"] == "Subtotal raion" and r["Raion"] == district
            )
            own = [r for r in sites if r["Raion"] == district]
            assert (subtotal[header] or 0) == sum(r[header] or 0 for r in own), (header, district)
    assert total["Persoane unice servite"] == 4  # one person ate in both districts


def test_parcels_handed_out_per_site_with_subtotals(ctx, world, parcels):
    wb = _workbook()
    rows = _rows(wb["Centre"])
    got = [
        (r["Rând"], r["Centru"] or r["Localitate"] or r["Raion"], r["Pachete distribuite"])
        for r in rows
    ]
    assert got == [
        ("Centru", "Cantina Doi", 0),
        ("Centru", "Cantina Unu", 3),  # 2 + 1; the cancelled and the October one are out
        ("Subtotal localitate", "Satul Unu", 3),
        ("Subtotal raion", "Alfa", 3),
        ("Centru", '\'=HYPERLINK("http://x")', 2),
        ("Subtotal localitate", "Satul Doi", 2),
        ("Subtotal raion", "Beta", 2),
        ("Total general", None, 5),
    ]
    cover = {row[0]: row[1] for row in wb["Despre raport"].iter_rows(values_only=True) if row}
    assert cover["Pachete distribuite"] == "Pachete alimentare înmânate în perioadă."


def test_parcels_only_of_the_visible_sites_and_filters(ctx, world, parcels):
    rows = _rows(_workbook(visible={world.s3.id})["Centre"])
    assert rows[-1]["Pachete distribuite"] == 2
    rows = _rows(_workbook(district_id=world.alpha.id)["Centre"])
    assert rows[-1]["Pachete distribuite"] == 3
    rows = _rows(_workbook(site_id=world.s2.id)["Centre"])
    assert [r["Pachete distribuite"] for r in rows] == [0, 0, 0, 0]


def test_formula_like_text_is_written_as_text(ctx, world):
    ws = _workbook()["Centre"]
    cell = next(
        c
        for row in ws.iter_rows()
        for c in row
        if c.column == 3 and c.value and "HYPERLINK" in c.value
    )
    assert cell.data_type == "s"
    assert cell.value.startswith("'=")


def test_layout_and_print_setup(ctx, world):
    wb = _workbook()
    for name, freeze in (("Centre", "E2"), ("Persoane", "C2"), ("Luni", "B2")):
        ws = wb[name]
        assert ws.freeze_panes == freeze
        assert ws.auto_filter.ref.startswith("A1:")
        assert ws.auto_filter.ref.endswith(str(ws.max_row))
        assert ws.page_setup.orientation == "landscape"
        assert int(ws.page_setup.paperSize) == 9
        assert ws.page_setup.fitToWidth == 1
        assert ws.page_setup.fitToHeight == 0
        assert ws.sheet_properties.pageSetUpPr.fitToPage is True
        assert ws.print_title_rows == "$1:$1"
        assert ws["A1"].font.b
        assert ws.column_dimensions["A"].width > 8
    centre = wb["Centre"]
    assert centre["F2"].number_format == "#,##0"
    assert centre["K2"].number_format == "0%"
    assert wb["Luni"]._charts, "the months sheet has a chart"


def test_headers_in_the_users_language(ctx, world):
    wb = _workbook(language="en")
    headers = [c.value for c in wb[wb.sheetnames[1]][1]]
    assert headers[:3] == ["District", "Locality", "Site"]
    wb = _workbook(language="ru")
    headers = [c.value for c in wb[wb.sheetnames[1]][1]]
    assert headers[0] == "Район"


def test_people_and_months_sheets(ctx, world):
    wb = _workbook()
    people = _rows(wb["Persoane"])
    everyone = next(
        r
        for r in people
        if r["Raion"] == "Toate raioanele" and r["Categorie"] == "Toate persoanele"
    )
    assert everyone["Total persoane"] == 4
    assert (everyone["Femei"], everyone["Bărbați"], everyone["Sex nespecificat"]) == (2, 1, 1)
    assert everyone["0-17 ani"] == 1 and everyone["63+ ani"] == 1
    elderly = next(
        r for r in people if r["Raion"] == "Alfa" and r["Categorie"] == "Vârstnic solitar"
    )
    assert elderly["Total persoane"] == 2
    months = _rows(wb["Luni"])
    assert [m["Luna"] for m in months] == ["2026-11"]
    assert months[0]["Total prânzuri"] == 11


def test_staff_workbook_holds_only_their_site(ctx, world):
    wb = _workbook(visible={world.s1.id})
    rows = _rows(wb["Centre"])
    assert {r["Centru"] for r in rows if r["Rând"] == "Centru"} == {"Cantina Unu"}
    values = {str(v) for row in wb["Centre"].iter_rows(values_only=True) for v in row}
    values |= {str(v) for row in wb["Persoane"].iter_rows(values_only=True) for v in row}
    assert not any("HYPERLINK" in v or "Beta" in v or "Cantina Doi" in v for v in values)
