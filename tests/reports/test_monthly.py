"""Last month's workbooks written once into the exports folder, listed and downloaded."""

from datetime import date

import pytest
from openpyxl import load_workbook
from sqlalchemy import func, select

from app.core.models import JobClaim
from app.extensions import db
from app.reports.monthly import month_files, monthly_reports
from scheduler.schedule import SCHEDULE, resolve

DECEMBER_FIRST = date(2026, 12, 1)  # a Tuesday: the first service day of December


@pytest.fixture
def exports(app, tmp_path, monkeypatch):
    monkeypatch.setitem(app.config, "EXPORTS_DIR", str(tmp_path))
    return tmp_path / "reports"


def test_first_service_day_writes_last_month_once(ctx, world, exports):
    message = monthly_reports(DECEMBER_FIRST)
    assert "2026-11: 4 file(s) written" in message
    folder = exports / "2026-11"
    names = sorted(p.name for p in folder.iterdir())
    assert names == sorted(
        ["sinteza-2026-11.xlsx"]
        + [f"registru-lunch-{s.id}-2026-11.xlsx" for s in (world.s1, world.s2, world.s3)]
    )
    rows = list(
        load_workbook(folder / "sinteza-2026-11.xlsx")["Centre"].iter_rows(values_only=True)
    )
    assert rows[-1][7] == 11  # the grand total of November's lunches
    register = load_workbook(folder / f"registru-lunch-{world.s1.id}-2026-11.xlsx").active
    assert "Cantina Unu" in register["A2"].value
    # the next morning, or a second scheduler: nothing written twice
    assert "already written" in monthly_reports(date(2026, 12, 2))
    assert "already written" in monthly_reports(DECEMBER_FIRST)
    assert db.session.scalar(select(func.count()).select_from(JobClaim)) == 1
    assert not list(folder.glob("*.tmp"))


def test_nothing_before_the_months_first_service_day(ctx, world, exports):
    # 1 January is a holiday, then a weekend: the first service day is 4 January
    assert "before this month's first service day" in monthly_reports(date(2027, 1, 3))
    assert not exports.exists()


def test_old_months_are_removed(ctx, world, exports, app, monkeypatch):
    monkeypatch.setitem(app.config, "REPORT_KEEP_MONTHS", 24)
    for month in ("2024-10", "2024-11", "2024-12"):
        (exports / month).mkdir(parents=True)
    message = monthly_reports(DECEMBER_FIRST)
    assert "2 old month(s) removed" in message
    assert sorted(p.name for p in exports.iterdir()) == ["2024-12", "2026-11"]


def test_the_schedule_runs_it_daily():
    job = next(j for j in SCHEDULE if j.name == "monthly-reports")
    assert resolve(job.target).__name__ == "write_monthly_reports"
    assert job.weekdays == "mon-sun"


def test_files_listed_and_downloaded_per_site(client, world, exports, login_as):
    own = f"registru-lunch-{world.s1.id}-2026-11.xlsx"
    other = f"registru-lunch-{world.s3.id}-2026-11.xlsx"
    with client.application.test_request_context():
        monthly_reports(DECEMBER_FIRST)
        db.session.commit()
        assert len(month_files(None)) == 4
        assert [f.name for f in month_files({world.s1.id})] == [own]

    login_as("staff", [world.s1])
    page = client.get("/reports").get_data(as_text=True)
    assert own in page and other not in page and "sinteza-2026-11" not in page
    response = client.get(f"/reports/files/2026-11/{own}")
    assert response.status_code == 200
    assert response.headers["Cache-Control"] == "no-store"
    response.close()
    for name in (other, "sinteza-2026-11.xlsx", "..%2F..%2Fsecret.xlsx", "x.txt"):
        assert client.get(f"/reports/files/2026-11/{name}").status_code == 404, name
    assert client.get(f"/reports/files/..%2F2026-11/{own}").status_code == 404

    client.post("/logout")
    login_as("manager")
    assert "sinteza-2026-11.xlsx" in client.get("/reports").get_data(as_text=True)
    response = client.get("/reports/files/2026-11/sinteza-2026-11.xlsx")
    assert response.status_code == 200
    response.close()


def test_cli_runs_the_job_for_a_day(app, world, exports):
    result = app.test_cli_runner().invoke(args=["report", "monthly", "--date", "2026-12-01"])
    assert result.exit_code == 0, result.output
    assert "4 file(s) written" in result.output
    bad = app.test_cli_runner().invoke(args=["report", "monthly", "--date", "1.12.2026"])
    assert bad.exit_code == 2 and "--date 1.12.2026" in bad.output
