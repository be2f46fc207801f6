"""The parcels and stock workbook, opened back with openpyxl and checked cell by cell."""

import io
from datetime import datetime

from flask_babel import force_locale
from openpyxl import load_workbook

from app.reports.parcels import write_parcels_workbook
from app.reports.summary import resolve_filters
from tests.reports.asking import ask_report
from tests.reports.conftest import NOVEMBER

GENERATED = datetime(2026, 12, 1, 8, 30)
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
BETA_SITE = '\'=HYPERLINK("http://x")'
WINTER = "'=Iarnă"  # a formula-like parcel type name stays text


def _workbook(visible=None, language="ro", **filters):
    buffer = io.BytesIO()
    with force_locale(language):
        write_parcels_workbook(
            resolve_filters(*NOVEMBER, visible=visible, **filters),
            buffer,
            visible=visible,
            generated_by="Maria Manager",
            generated_at=GENERATED,
        )
    buffer.seek(0)
    return load_workbook(buffer)


def _values(ws):
    return list(ws.iter_rows(values_only=True))


def test_sheets_and_cover(ctx, world, parcels):
    wb = _workbook()
    assert wb.sheetnames == ["Despre raport", "Pachete pe tipuri", "Pachete pe categorii", "Stoc"]
    cover = {row[0]: row[1] for row in _values(wb["Despre raport"]) if row}
    assert cover["Perioada"] == "01.11.2026 – 30.11.2026"
    assert cover["Generat la"] == GENERATED
    assert cover["Generat de"] == "Maria Manager"
    assert cover["Filtre"] == "Toate centrele accesibile"
    assert "Stoc final" in cover and "Pachete distribuite" in cover


def test_parcels_by_site_type_and_month_cell_by_cell(ctx, world, parcels):
    rows = _values(_workbook()["Pachete pe tipuri"])
    assert rows == [
        ("Raion", "Localitate", "Centru", "Tip de pachet", "Luna", "Înmânări",
         "Pachete distribuite", "Persoane"),
        ("Alfa", "Satul Unu", "Cantina Unu", "Făină", "11.2026", 1, 2, 1),
        ("Alfa", "Satul Unu", "Cantina Unu", WINTER, "11.2026", 1, 1, 1),  # with the I's
        ("Beta", "Satul Doi", BETA_SITE, "Făină", "11.2026", 1, 2, 1),
        ("Total general", None, None, None, None, 3, 5, None),
    ]  # fmt: skip
    assert rows[-1][6] == sum(row[6] for row in rows[1:-1])


def test_parcels_by_category(ctx, world, parcels):
    rows = _values(_workbook()["Pachete pe categorii"])
    assert rows[0] == ("Raion", "Centru", "Categorie", "Tip de pachet", "Luna",
                       "Pachete distribuite", "Persoane")  # fmt: skip
    assert sorted(rows[1:]) == sorted(
        [
            ("Alfa", "Cantina Unu", "Persoană cu dizabilități", "Făină", "11.2026", 2, 1),
            ("Alfa", "Cantina Unu", "Vârstnic solitar", "Făină", "11.2026", 2, 1),
            ("Alfa", "Cantina Unu", "Vârstnic solitar", WINTER, "11.2026", 1, 1),
            ("Beta", BETA_SITE, "Șomer", "Făină", "11.2026", 2, 1),
        ]
    )


def test_stock_for_the_period_cell_by_cell(ctx, world, parcels):
    rows = _values(_workbook()["Stoc"])
    assert rows == [
        ("Raion", "Centru", "Tip de pachet", "Stoc inițial", "Primite", "Înmânate",
         "Transferate la centru", "Transferate de la centru", "Ajustări", "Stoc final"),
        ("Alfa", "Cantina Unu", "Făină", 9, 0, 2, 0, 3, 0, 4),  # opening: 10 less October's
        ("Alfa", "Cantina Unu", WINTER, 0, 4, 1, 0, 0, 0, 3),  # the cancelled one is back
        ("Beta", BETA_SITE, "Făină", 0, 6, 2, 3, 0, -1, 6),
        ("Total general", None, None, 9, 10, 5, 3, 3, -1, 13),
    ]  # fmt: skip
    for row in rows[1:]:
        opening, received, out, t_in, t_out, adjusted, closing = row[3:]
        assert closing == opening + received - out + t_in - t_out + adjusted


def test_only_the_visible_sites_and_filters(ctx, world, parcels):
    wb = _workbook(visible={world.s3.id})
    for name in ("Pachete pe tipuri", "Pachete pe categorii", "Stoc"):
        sites = {row[1 if name != "Pachete pe tipuri" else 2] for row in _values(wb[name])[1:-1]}
        assert "Cantina Unu" not in sites, name
    assert _values(wb["Stoc"])[-1][-1] == 6
    wb = _workbook(district_id=world.alpha.id)
    assert _values(wb["Pachete pe tipuri"])[-1][6] == 3
    wb = _workbook(site_id=world.s2.id)  # no parcels there: headers and a zero total
    assert _values(wb["Pachete pe tipuri"])[1:] == [
        ("Total general", None, None, None, None, 0, 0, None)
    ]


def test_layout_print_setup_and_language(ctx, world, parcels):
    wb = _workbook()
    for name in ("Pachete pe tipuri", "Pachete pe categorii", "Stoc"):
        ws = wb[name]
        assert ws.freeze_panes == "A2"
        assert ws.auto_filter.ref.startswith("A1:")
        assert ws.auto_filter.ref.endswith(str(ws.max_row))
        assert ws.page_setup.orientation == "landscape"
        assert int(ws.page_setup.paperSize) == 9
        assert ws.page_setup.fitToWidth == 1
        assert ws.sheet_properties.pageSetUpPr.fitToPage is True
        assert ws.print_title_rows == "$1:$1"
        assert ws["A1"].font.b
        assert ws.column_dimensions["C"].width > 8
    assert wb["Stoc"]["D2"].number_format == "#,##0"
    winter = wb["Pachete pe tipuri"]["D3"]
    assert winter.data_type == "s" and winter.value == WINTER
    en = _workbook(language="en")
    assert [c.value for c in en.worksheets[3][1]][:4] == [
        "District",
        "Site",
        "Parcel type",
        "Opening stock",
    ]
    ru = _workbook(language="ru")
    assert ru.worksheets[1]["A1"].value == "Район"


def test_reports_page_offers_it_and_staff_get_only_their_sites(client, world, parcels, login_as):
    form = {"report": "parcels", "start": "2026-11-01", "end": "2026-11-30"}
    login_as("manager")
    assert "Raportul pachetelor și al stocului" in client.get("/reports").get_data(as_text=True)
    response = ask_report(client, form)
    assert response.status_code == 200 and response.mimetype == XLSX
    assert "pachete-2026-11-01-2026-11-30.xlsx" in response.headers["Content-Disposition"]
    client.post("/logout")
    login_as("staff", [world.s3])
    mine = load_workbook(io.BytesIO(ask_report(client, form).data))
    assert {row[2] for row in _values(mine["Pachete pe tipuri"])[1:-1]} == {BETA_SITE}
    assert {row[1] for row in _values(mine["Stoc"])[1:-1]} == {BETA_SITE}
    refused = ask_report(client, {**form, "site_id": world.s1.id})
    assert refused.status_code == 403
    assert "Cantina Unu" not in refused.get_data(as_text=True)


def test_cli_writes_the_parcels_report(app, world, parcels, tmp_path):
    target = tmp_path / "pachete.xlsx"
    result = app.test_cli_runner().invoke(
        args=["report", "parcels", "--from", "2026-11-01", "--to", "2026-11-30",
              "--district", "Beta", "-o", str(target)]
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    assert "2 parcel(s) handed out, 1 stock line(s)" in result.output
    rows = _values(load_workbook(target)["Stoc"])
    assert rows[1] == ("Beta", BETA_SITE, "Făină", 0, 6, 2, 3, 0, -1, 6)
    assert list(tmp_path.iterdir()) == [target]
    bad = app.test_cli_runner().invoke(
        args=["report", "parcels", "--from", "2026-11-30", "--to", "2026-11-01", "-o", str(target)]
    )
    assert bad.exit_code == 2 and "--to" in bad.output
