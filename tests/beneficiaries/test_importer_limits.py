"""A hostile or huge upload is refused early, and a long import blocks no one."""

import io
import re
import threading
import time
import zipfile
from datetime import date

import pytest
from openpyxl import Workbook

from app.auth.models import Role, User
from app.beneficiaries.importer import MAX_ROWS, ImportFileError, import_beneficiaries
from app.beneficiaries.models import Beneficiary
from app.core.db import writing
from app.extensions import db
from tests.attendance.conftest import seed_sheet
from tests.conftest import PASSWORD, login

TOO_MANY_ROWS = "cel mult 5000 rânduri cu date"


def workbook_bytes(rows: int, *, sheets: int = 1) -> bytes:
    wb = Workbook(write_only=True)
    ws = wb.create_sheet("Beneficiari")
    ws.append(["Nume", "Prenume"])
    for n in range(rows):
        ws.append([f"Rusu{n}", "Ana"])
    for n in range(sheets - 1):
        wb.create_sheet(f"Foaia {n + 2}")
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()


def with_dimension(content: bytes, ref: str) -> bytes:
    """The same workbook declaring another size for its first sheet."""
    source, target = zipfile.ZipFile(io.BytesIO(content)), io.BytesIO()
    with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as out:
        for item in source.infolist():
            data = source.read(item.filename)
            if item.filename == "xl/worksheets/sheet1.xml":
                text = re.sub(r"<dimension[^>]*/>", "", data.decode())
                text = text.replace("<sheetData", f'<dimension ref="{ref}"/><sheetData', 1)
                data = text.encode()
            out.writestr(item, data)
    return target.getvalue()


def test_one_row_over_the_cap_is_refused_with_the_cap(ctx, new_site):
    assert MAX_ROWS == 5000
    site = new_site()
    with pytest.raises(ImportFileError, match=TOO_MANY_ROWS):
        import_beneficiaries(io.BytesIO(workbook_bytes(MAX_ROWS + 1)), site.id, site_ids=None)
    assert db.session.scalar(db.select(db.func.count(Beneficiary.id))) == 0


def test_a_declared_two_million_rows_is_refused_before_reading_them(ctx, new_site):
    site = new_site()
    content = with_dimension(workbook_bytes(3), "A1:B2000000")
    with pytest.raises(ImportFileError, match=TOO_MANY_ROWS):
        import_beneficiaries(io.BytesIO(content), site.id, site_ids=None)


def test_too_many_sheets_or_columns_are_refused(ctx, new_site):
    site = new_site()
    with pytest.raises(ImportFileError, match="prea multe foi"):
        import_beneficiaries(io.BytesIO(workbook_bytes(2, sheets=21)), site.id, site_ids=None)
    wide = with_dimension(workbook_bytes(2), "A1:ZZ3")
    with pytest.raises(ImportFileError, match="prea multe coloane"):
        import_beneficiaries(io.BytesIO(wide), site.id, site_ids=None)


def test_the_cli_and_the_page_refuse_an_oversized_file(app, client, login_as, make_site, tmp_path):
    site = make_site()
    content = workbook_bytes(MAX_ROWS + 1)
    path = tmp_path / "mare.xlsx"
    path.write_bytes(content)
    runner = app.test_cli_runner()
    result = runner.invoke(args=["import", "beneficiaries", str(path), "--site", str(site.id)])
    assert result.exit_code == 2 and TOO_MANY_ROWS in result.output
    login_as(Role.STAFF, [site])
    page = client.post(
        "/beneficiaries/import",
        data={"site_id": site.id, "file": (io.BytesIO(content), "mare.xlsx")},
        content_type="multipart/form-data",
    )
    assert page.status_code == 422 and TOO_MANY_ROWS in page.get_data(as_text=True)
    client.get("/lang/ru")
    api = client.post(
        f"/api/v1/beneficiaries/import?site_id={site.id}&dry_run=true",
        data={"file": (io.BytesIO(content), "mare.xlsx")},
        content_type="multipart/form-data",
    )
    assert api.status_code == 422
    assert "не более 5000 строк с данными" in api.json["errors"]["file"][0]


class MarkingStream(io.BytesIO):
    """A file that, once read half-way, has another worker write a sheet mark."""

    def __init__(self, content: bytes, mark):
        super().__init__(content)
        self.mark, self.reads = mark, 0

    def read(self, *args):
        self.reads += 1
        if self.reads == 3:
            self.mark()
        return super().read(*args)


def test_a_sheet_mark_succeeds_while_a_large_import_runs(committed, monkeypatch, a_weekday):
    from app.attendance import services as attendance
    from app.attendance.models import Mark, Meal
    from app.core import clock

    app = committed
    monkeypatch.setattr(clock, "today", lambda: a_weekday)
    monkeypatch.setitem(app.config, "IMPORT_BATCH_ROWS", 50)
    with app.app_context():
        seeded = seed_sheet(people=3)
    marks: list[str] = []

    def mark_in_another_worker() -> None:
        def work():
            with app.app_context(), writing():
                try:
                    user = db.session.scalar(
                        db.select(User).where(User.username == seeded.usernames[0])
                    )
                    person = seeded.beneficiary_ids[len(marks) % 3]
                    attendance.mark_attendance(
                        seeded.site_id,
                        a_weekday,
                        Meal.LUNCH,
                        [attendance.MarkInput(person, Mark.PRESENT)],
                        user=user,
                    )
                    db.session.commit()
                    marks.append("ok")
                except Exception as exc:  # noqa: BLE001 - the assertion below shows it
                    marks.append(repr(exc))
                finally:
                    db.session.remove()

        worker = threading.Thread(target=work)
        worker.start()
        worker.join(timeout=60)

    def progress(stage: str, done: int, total: int) -> None:
        if stage == "writing" and done == 50:
            mark_in_another_worker()  # between two batches

    stream = MarkingStream(workbook_bytes(120), mark_in_another_worker)  # while parsing
    with app.app_context(), writing():
        result = import_beneficiaries(
            stream, seeded.site_id, site_ids=None, user_id=None, progress=progress
        )
        assert result.imported and result.new == 120
    assert marks == ["ok", "ok"]


def _follow_job(client, url: str, timeout: float = 60):
    """Reload a job's page as the browser would, until it stops refreshing."""
    deadline = time.monotonic() + timeout
    while True:
        page = client.get(url)
        if page.status_code != 200 or 'http-equiv="refresh"' not in page.get_data(as_text=True):
            return page
        assert time.monotonic() < deadline, "the import job did not finish"
        time.sleep(0.05)


def test_a_large_upload_runs_as_a_job_the_page_follows(
    committed, monkeypatch, make_site, make_user
):
    app = committed
    monkeypatch.setitem(app.config, "IMPORT_BACKGROUND_BYTES", 0)
    monkeypatch.setitem(app.config, "BACKGROUND_JOBS", True)
    site = make_site()
    user = make_user(Role.STAFF, [site])
    client = app.test_client()
    login(client, user, PASSWORD)
    content = workbook_bytes(3)
    started = client.post(
        "/beneficiaries/import",
        data={"site_id": site.id, "file": (io.BytesIO(content), "l.xlsx")},
        content_type="multipart/form-data",
    )
    assert started.status_code == 302 and "/beneficiaries/import/jobs/" in started.location
    token = started.location.rsplit("/", 1)[1]

    stranger = app.test_client()
    login(stranger, make_user(Role.STAFF, [site]), PASSWORD)
    assert stranger.get(started.location).status_code == 404

    preview = _follow_job(client, started.location)
    html = preview.get_data(as_text=True)
    assert preview.status_code == 200 and "3 persoane noi" in html and token in html
    confirmed = client.post("/beneficiaries/import", data={"site_id": site.id, "token": token})
    assert confirmed.status_code == 302 and confirmed.location.endswith(token)
    done = _follow_job(client, confirmed.location)
    assert done.status_code == 302
    with app.app_context():
        names = db.session.scalars(db.select(Beneficiary.last_name)).all()
    assert sorted(names) == ["Rusu0", "Rusu1", "Rusu2"]
    assert list(_imports(app).glob(f"{token}*")) == []


def _imports(app):
    from pathlib import Path

    return Path(app.config["IMPORTS_DIR"])


def test_a_cancelled_preview_leaves_no_upload(app, client, login_as, make_site):
    site = make_site()
    login_as(Role.STAFF, [site])
    preview = client.post(
        "/beneficiaries/import",
        data={"site_id": site.id, "file": (io.BytesIO(workbook_bytes(2)), "l.xlsx")},
        content_type="multipart/form-data",
    )
    token = preview.get_data(as_text=True).split('name="token" value="')[1].split('"')[0]
    assert (_imports(app) / f"{token}.xlsx").exists()
    cancelled = client.post("/beneficiaries/import/cancel", data={"token": token})
    assert cancelled.status_code == 302
    assert not (_imports(app) / f"{token}.xlsx").exists()


def test_left_over_export_temps_and_uploads_are_swept(app, tmp_path, monkeypatch):
    import os

    from app.core.files import sweep_leftovers
    from scheduler.main import run

    exports, imports = tmp_path / "exports", tmp_path / "imports"
    (exports / date(2026, 11, 16).isoformat()).mkdir(parents=True)
    imports.mkdir()
    monkeypatch.setitem(app.config, "EXPORTS_DIR", str(exports))
    monkeypatch.setitem(app.config, "IMPORTS_DIR", str(imports))
    old = time.time() - 2 * 24 * 3600
    killed = exports / "2026-11-16" / "tmpa1b2c3.tmp"
    written = exports / "2026-11-16" / "livrari-centru-1.xlsx"
    in_progress = exports / "2026-11-16" / "tmpfresh.tmp"
    abandoned, waiting = imports / "0ld.xlsx", imports / "n3w.xlsx"
    for path in (killed, written, in_progress, abandoned, waiting, imports / "0ld.json"):
        path.write_bytes(b"x")
    for path in (killed, written, abandoned, imports / "0ld.json"):
        os.utime(path, (old, old))
    assert sweep_leftovers(app) == 3
    assert {p.name for p in exports.rglob("*") if p.is_file()} == {written.name, in_progress.name}
    assert {p.name for p in imports.iterdir()} == {waiting.name}
    killed.write_bytes(b"x")
    os.utime(killed, (old, old))
    monkeypatch.setattr("scheduler.main.catch_up", lambda app: [])
    assert run(app, once=True) == 0  # the scheduler sweeps when it starts
    assert not killed.exists()
    killed.write_bytes(b"x")
    os.utime(killed, (old, old))
    generated = app.test_cli_runner().invoke(args=["delivery", "generate", "--date", "2026-11-16"])
    assert generated.exit_code == 0, generated.output  # so does a generation by hand
    assert not killed.exists() and in_progress.exists()


def test_a_job_whose_process_died_is_reported_failed(app, client, login_as, make_site):
    import json
    import os

    site = make_site()
    user = login_as(Role.STAFF, [site])
    state = {"user_id": user.id, "site_id": site.id, "dry_run": True, "state": "running"}
    state.update(stage="writing", done=200, total=400, result=None, message=None)
    path = _imports(app) / "deadbeef.json"
    path.write_text(json.dumps({**state, "stage": "reading", "done": 1000}))
    assert "1000 rânduri citite" in client.get("/beneficiaries/import/jobs/deadbeef").text
    path.write_text(json.dumps(state))
    page = client.get("/beneficiaries/import/jobs/deadbeef").text
    assert 'http-equiv="refresh"' in page and "200 din 400" in page
    quiet = time.time() - 3600
    os.utime(path, (quiet, quiet))
    page = client.get("/beneficiaries/import/jobs/deadbeef")
    assert page.status_code == 422 and "Importul nu a reușit" in page.text
    assert not path.exists()


def test_a_cell_with_a_book_in_it_is_refused_naming_row_and_column(ctx, new_site):
    site = new_site()
    wb = Workbook()
    wb.active.append(["Nume", "Prenume", "Sex"])
    wb.active.append(["Rusu", "Ana", "F"])
    wb.active.append(["Rusu", "Ion", "x" * 100_000])
    buffer = io.BytesIO()
    wb.save(buffer)
    buffer.seek(0)
    with pytest.raises(ImportFileError) as refused:
        import_beneficiaries(buffer, site.id, site_ids=None)
    assert str(refused.value).startswith("Rândul 3, coloana „Sex”: celula are prea mult text")
    assert len(str(refused.value)) < 200


def test_only_the_session_that_uploaded_a_file_may_confirm_or_cancel_it(
    app, client, login_as, make_user, make_site
):
    from tests.conftest import login

    site = make_site()
    login_as(Role.STAFF, [site])
    preview = client.post(
        "/beneficiaries/import",
        data={"site_id": site.id, "file": (io.BytesIO(workbook_bytes(2)), "l.xlsx")},
        content_type="multipart/form-data",
    )
    token = preview.get_data(as_text=True).split('name="token" value="')[1].split('"')[0]
    # another user of the same site who learns the token can neither import nor drop it
    other = app.test_client()
    login(other, make_user(Role.STAFF, [site]))
    confirmed = other.post("/beneficiaries/import", data={"site_id": site.id, "token": token})
    assert confirmed.status_code == 422
    assert (_imports(app) / f"{token}.xlsx").exists()
    assert other.post("/beneficiaries/import/cancel", data={"token": token}).status_code == 404
    # the uploader still can
    done = client.post("/beneficiaries/import", data={"site_id": site.id, "token": token})
    assert done.status_code == 302
