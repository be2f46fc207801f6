"""`cantina report summary`: writes what it says; bad input exits 2 with a message."""

from openpyxl import load_workbook

from app.reports.summary import last_month


def _run(app, *args):
    return app.test_cli_runner().invoke(args=["report", "summary", *args])


def test_writes_the_summary_of_the_period(app, world, tmp_path):
    target = tmp_path / "noiembrie.xlsx"
    result = _run(app, "--from", "2026-11-01", "--to", "2026-11-30", "-o", str(target))
    assert result.exit_code == 0, result.output
    assert "3 site(s), 11 meals, 4 people" in result.output
    wb = load_workbook(target)
    rows = list(wb["Centre"].iter_rows(values_only=True))
    assert rows[-1][3] == "Total general"
    assert rows[-1][7] == 11
    assert list(tmp_path.iterdir()) == [target]  # no partial file left behind


def test_district_filter_and_language(app, world, tmp_path):
    target = tmp_path / "beta.xlsx"
    result = _run(
        app, "--from", "2026-11-01", "--to", "2026-11-30", "--district", "Beta",
        "--language", "en", "-o", str(target),
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    wb = load_workbook(target)
    sites = [row for row in wb.worksheets[1].iter_rows(values_only=True)][1:]
    assert {row[0] for row in sites if row[0]} == {"Beta"}
    assert wb.worksheets[1]["A1"].value == "District"


def test_bad_input_exits_2(app, world, tmp_path):
    target = str(tmp_path / "x.xlsx")
    cases = [
        (["--from", "2026-13-01", "--to", "2026-11-30", "-o", target], "--from 2026-13-01"),
        (["--from", "2026-11-30", "--to", "2026-11-01", "-o", target], "--to: Data de sfârșit"),
        (["--from", "2026-11-01", "-o", target], "--from and --to"),
        (["--from", "2026-11-01", "--to", "2026-11-30", "--district", "Nowhere", "-o", target],
         "--district Nowhere"),
        (["--from", "2026-11-01", "--to", "2026-11-30", "-o", str(tmp_path / "x.csv")], ".xlsx"),
        (["--from", "2026-11-01", "--to", "2026-11-30", "-o", "/nonexistent/dir/x.xlsx"],
         "no such folder"),
    ]  # fmt: skip
    for args, message in cases:
        result = _run(app, *args)
        assert result.exit_code == 2, (args, result.output)
        assert message in result.output, (args, result.output)
    assert list(tmp_path.iterdir()) == []


def test_last_month_is_the_default_period():
    from datetime import date

    assert last_month(date(2026, 1, 15)) == (date(2025, 12, 1), date(2025, 12, 31))
    assert last_month(date(2026, 3, 1)) == (date(2026, 2, 1), date(2026, 2, 28))
