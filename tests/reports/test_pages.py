"""The Reports page and the dashboard: per-site permission on the server, downloads."""

import io
from datetime import date

from openpyxl import load_workbook

from app.reports.dashboard import dashboard
from tests.reports.asking import ask_report

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
NOVEMBER_FORM = {"report": "summary", "start": "2026-11-01", "end": "2026-11-30"}


def _sites_in(response):
    wb = load_workbook(io.BytesIO(response.data))
    rows = list(wb.worksheets[1].iter_rows(values_only=True))[1:]
    return {row[2] for row in rows if row[3] == "Centru"}


def test_manager_downloads_the_summary(client, world, login_as):
    login_as("manager")
    page = client.get("/reports")
    assert page.status_code == 200
    assert "Alfa" in page.get_data(as_text=True) and "Beta" in page.get_data(as_text=True)
    response = ask_report(client, NOVEMBER_FORM)
    assert response.status_code == 200
    assert response.mimetype == XLSX
    assert response.headers["Cache-Control"] == "no-store"
    assert "sinteza-2026-11-01-2026-11-30.xlsx" in response.headers["Content-Disposition"]
    assert _sites_in(response) == {"Cantina Unu", "Cantina Doi", '\'=HYPERLINK("http://x")'}
    by_district = ask_report(client, {**NOVEMBER_FORM, "district_id": world.beta.id})
    assert _sites_in(by_district) == {'\'=HYPERLINK("http://x")'}


def test_staff_get_only_their_sites(client, world, login_as):
    login_as("staff", [world.s1])
    page = client.get("/reports").get_data(as_text=True)
    assert "Cantina Unu" in page
    assert "Cantina Doi" not in page and "HYPERLINK" not in page and "Beta" not in page
    response = ask_report(client, NOVEMBER_FORM)
    assert response.status_code == 200
    assert _sites_in(response) == {"Cantina Unu"}
    # naming another site's id in the form is refused, and says nothing about that site
    refused = ask_report(client, {**NOVEMBER_FORM, "site_id": world.s3.id})
    assert refused.status_code == 403
    assert "HYPERLINK" not in refused.get_data(as_text=True)
    # another district: nothing of it
    other = ask_report(client, {**NOVEMBER_FORM, "district_id": world.beta.id})
    assert _sites_in(other) == set()


def test_drivers_have_no_reports(client, world, login_as):
    login_as("driver", [world.s1])
    assert client.get("/reports").status_code == 403
    assert ask_report(client, NOVEMBER_FORM).status_code == 403
    assert client.get("/dashboard").status_code == 403


def test_bad_form_is_shown_again_with_messages(client, world, login_as):
    login_as("manager")
    backwards = ask_report(client, {**NOVEMBER_FORM, "end": "2026-10-01"})
    assert backwards.status_code == 422
    assert "Data de sfârșit este înaintea datei de început." in backwards.get_data(as_text=True)
    missing = ask_report(client, {"report": "summary", "end": "2026-11-30"})
    assert missing.status_code == 422
    assert 'id="err-start"' in missing.get_data(as_text=True)
    unknown = ask_report(client, {**NOVEMBER_FORM, "report": "nonsense"})
    assert unknown.status_code == 422
    too_long = ask_report(client, {**NOVEMBER_FORM, "start": "2024-01-01"})
    assert too_long.status_code == 422


def test_dashboard_figures(ctx, world, fixed_today):
    day = fixed_today(date(2026, 11, 4))
    figures = dashboard(None, day)
    s1 = next(s for s in figures.sites if s.site_id == world.s1.id)
    assert (s1.expected_canteen, s1.expected_delivered) == (2, 1)  # Ana, Costel; Barbu
    assert (s1.served_canteen, s1.served_delivered) == (1, 0)
    assert (s1.stops_planned, s1.stops_delivered, s1.stops_failed) == (1, 0, 1)
    s3 = next(s for s in figures.sites if s.site_id == world.s3.id)
    assert (s3.expected_total, s3.served_canteen) == (0, 1)
    history = {d.day: (d.canteen, d.delivered) for d in figures.history}
    assert len(figures.history) == 30
    assert figures.history[-1].day == day
    assert history[date(2026, 11, 2)] == (1, 1)
    assert history[date(2026, 11, 3)] == (2, 1)
    assert history[date(2026, 11, 4)] == (2, 0)
    assert history[date(2026, 10, 30)] == (1, 0)
    assert date(2026, 11, 1) not in history  # a Sunday
    assert figures.totals.served_total == 2


def test_dashboard_page_for_staff_shows_their_sites_only(client, world, login_as, fixed_today):
    fixed_today(date(2026, 11, 4))
    login_as("staff", [world.s1])
    page = client.get("/dashboard")
    assert page.status_code == 200
    text = page.get_data(as_text=True)
    assert "Cantina Unu" in text
    assert "Cantina Doi" not in text and "HYPERLINK" not in text
    assert "<svg" in text and "<script" not in text
    assert 'data-figure="expected">3<' in text
    assert 'data-figure="stops">0 / 1<' in text


def test_dashboard_page_for_manager(client, world, login_as, fixed_today):
    fixed_today(date(2026, 11, 4))
    login_as("manager")
    text = client.get("/dashboard").get_data(as_text=True)
    assert "Cantina Doi" in text and "Cantina Unu" in text
    assert 'data-figure="served">2<' in text
    assert "Tablou de bord" in client.get("/").get_data(as_text=True)
