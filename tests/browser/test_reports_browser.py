"""The manager picks a period on the Reports page, sees the report being made and
downloads it; staff see only their sites, and never another user's report."""

import re
import threading
from contextlib import contextmanager
from datetime import date

from openpyxl import load_workbook

from app.attendance.models import AttendanceMark, Mark, MarkSource, Meal
from app.auth import services as auth_services
from app.auth.models import Role
from app.beneficiaries.models import Beneficiary, Enrolment, EnrolmentStatus
from app.extensions import db
from app.places import services as places_services
from app.places.models import Service, SiteKind
from app.reports import jobs as report_jobs

PASSWORD = "o-parola-de-test-lunga"


def seed(app):
    with app.app_context():
        sites = []
        for district_name, name in (("Hîncești", "Cantina Lăpușna"), ("Cahul", "Cantina Cahul")):
            district = places_services.create_district(district_name)
            locality = places_services.create_locality(name.split()[-1], district.id)
            site = places_services.create_site(
                {
                    "name": name,
                    "kind": SiteKind.CANTEEN,
                    "locality_id": locality.id,
                    "services": [{"service": Service.LUNCH, "capacity": 20}],
                }
            )
            person = Beneficiary(first_name="Ion", last_name=f"Rusu {name}")
            db.session.add(person)
            db.session.flush()
            db.session.add(
                Enrolment(
                    beneficiary_id=person.id,
                    site_id=site.id,
                    service=Service.LUNCH,
                    status=EnrolmentStatus.ACTIVE,
                    start_date=date(2026, 1, 1),
                )
            )
            for day in (2, 3, 4):
                db.session.add(
                    AttendanceMark(
                        site_id=site.id,
                        beneficiary_id=person.id,
                        day=date(2026, 11, day),
                        meal=Meal.LUNCH,
                        mark=Mark.PRESENT,
                        source=MarkSource.STAFF,
                    )
                )
            sites.append(site)
        auth_services.create_user(
            username="elena", full_name="Elena Rusu", role=Role.MANAGER, password=PASSWORD
        )
        auth_services.create_user(
            username="ana",
            full_name="Ana Ceban",
            role=Role.STAFF,
            password=PASSWORD,
            site_ids=[sites[0].id],
        )
        db.session.commit()
        return [s.id for s in sites]


def login(page, url, username):
    page.goto(f"{url}/login")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url(f"{url}/")


@contextmanager
def held_report(monkeypatch):
    """Reports wait for the test's word after reading their figures: the progress page
    can be seen before the job ends."""
    release = threading.Event()
    read = report_jobs.READERS["summary"]

    def held(*args):
        write = read(*args)
        release.wait(timeout=30)
        return write

    monkeypatch.setitem(report_jobs.READERS, "summary", held)
    try:
        yield release
    finally:
        release.set()


def test_manager_picks_a_period_sees_progress_and_downloads_the_summary(
    live_server, page, tmp_path, monkeypatch
):
    seed(live_server.app)
    login(page, live_server.url, "elena")
    page.click("nav a[href='/reports']")
    page.wait_for_url(f"{live_server.url}/reports")
    page.fill("input[name=start]", "2026-11-01")
    page.fill("input[name=end]", "2026-11-30")
    with held_report(monkeypatch) as release:
        page.click("#report-form button[type=submit]")
        page.wait_for_url(re.compile(r".*/reports/jobs/[0-9a-f]{32}$"))
        job_url = page.url
        page.wait_for_selector("#report-job:has-text('Pasul 1 din 3')")
        assert page.locator("#report-job progress").count() == 1
        assert page.locator("#report-download").count() == 0
        page.evaluate("window.stayed = true")  # gone if the page were reloaded
        # another user's work goes on meanwhile
        assert page.request.get(f"{live_server.url}/dashboard").status == 200
        release.set()
        page.wait_for_selector("#report-download")
    assert page.evaluate("window.stayed") is True  # the page's script followed the job
    assert page.url == job_url
    with page.expect_download() as download_info:
        page.click("#report-download")
    download = download_info.value
    assert download.suggested_filename == "sinteza-2026-11-01-2026-11-30.xlsx"
    target = tmp_path / download.suggested_filename
    download.save_as(target)
    rows = list(load_workbook(target)["Centre"].iter_rows(values_only=True))
    assert {row[2] for row in rows if row[3] == "Centru"} == {"Cantina Lăpușna", "Cantina Cahul"}
    assert rows[-1][7] == 6

    # a period running backwards: the form comes back with the message beside the field
    page.goto(f"{live_server.url}/reports")
    page.fill("input[name=start]", "2026-11-01")
    page.fill("input[name=end]", "2026-10-01")
    page.click("#report-form button[type=submit]")
    page.wait_for_selector("#err-end")
    assert "înaintea datei de început" in page.inner_text("#err-end")


def test_without_javascript_the_job_page_reloads_itself_until_the_download(
    live_server, browser, monkeypatch
):
    seed(live_server.app)
    context = browser.new_context(java_script_enabled=False, locale="ro-RO")
    context.set_default_timeout(10_000)
    page = context.new_page()
    try:
        login(page, live_server.url, "elena")
        page.goto(f"{live_server.url}/reports")
        page.fill("input[name=start]", "2026-11-01")
        page.fill("input[name=end]", "2026-11-30")
        with held_report(monkeypatch) as release:
            page.click("#report-form button[type=submit]")
            page.wait_for_selector("#report-job:has-text('Pasul 1 din 3')")
            assert page.locator("#report-job a:has-text('Actualizează')").count() == 1
            release.set()
            page.wait_for_selector("#report-download")  # after a refresh of the page
    finally:
        context.close()


def test_staff_cannot_open_the_managers_report(live_server, browser, page):
    seed(live_server.app)
    login(page, live_server.url, "elena")
    page.goto(f"{live_server.url}/reports")
    page.fill("input[name=start]", "2026-11-01")
    page.fill("input[name=end]", "2026-11-30")
    page.click("#report-form button[type=submit]")
    page.wait_for_selector("#report-download")
    job_url = page.url
    context = browser.new_context(locale="ro-RO")
    staff = context.new_page()
    try:
        login(staff, live_server.url, "ana")
        for url in (job_url, f"{job_url}/status", f"{job_url}/file"):
            answer = staff.request.get(url)
            assert answer.status == 404, url
            assert "Cahul" not in answer.text() and "sinteza" not in answer.text()
    finally:
        context.close()


def test_staff_see_only_their_site(live_server, page):
    seed(live_server.app)
    login(page, live_server.url, "ana")
    page.goto(f"{live_server.url}/dashboard")
    body = page.inner_text("main")
    assert "Cantina Lăpușna" in body and "Cantina Cahul" not in body
    assert page.locator("main svg").count() == 1
    page.goto(f"{live_server.url}/reports")
    options = page.locator("select[name=site_id] option").all_inner_texts()
    assert "Cantina Lăpușna" in options and "Cantina Cahul" not in options
