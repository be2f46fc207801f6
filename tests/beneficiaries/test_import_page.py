"""The import page's form: refusals beside their field, and the importer's own batches
kept when an import stops half-way."""

import io
from pathlib import Path

import pytest
from openpyxl import Workbook

from app.auth.models import Role
from app.beneficiaries.models import Beneficiary
from app.core import faults
from app.core.errors import DomainError
from app.extensions import db


def workbook(*last_names: str) -> bytes:
    wb = Workbook()
    wb.active.append(["Nume", "Prenume"])
    for name in last_names:
        wb.active.append([name, "Ana"])
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()


def upload(client, site_id, content: bytes):
    return client.post(
        "/beneficiaries/import",
        data={"site_id": site_id, "file": (io.BytesIO(content), "lista.xlsx")},
        content_type="multipart/form-data",
    )


def token_of(page) -> str:
    return page.get_data(as_text=True).split('name="token" value="')[1].split('"')[0]


def stored_names(app) -> list[str]:
    with app.app_context():
        return sorted(db.session.scalars(db.select(Beneficiary.last_name)))


def test_no_file_is_said_beside_the_file_with_the_site_still_chosen(client, login_as, make_site):
    site = make_site()
    login_as(Role.STAFF, [site])
    response = client.post("/beneficiaries/import", data={"site_id": str(site.id)})
    html = response.get_data(as_text=True)
    assert response.status_code == 422
    assert '<small class="error">Alegeți fișierul Excel.</small>' in html
    assert f'<option value="{site.id}" selected>' in html


def test_no_site_is_said_beside_the_site(client, login_as, make_site):
    login_as(Role.STAFF, [make_site()])
    response = client.post(
        "/beneficiaries/import",
        data={"file": (io.BytesIO(workbook("Rusu")), "lista.xlsx")},
        content_type="multipart/form-data",
    )
    assert response.status_code == 422
    assert '<small class="error">Alegeți centrul.</small>' in response.get_data(as_text=True)


def test_a_file_that_is_no_workbook_is_said_beside_the_file_and_not_kept(
    app, client, login_as, make_site
):
    site = make_site()
    login_as(Role.STAFF, [site])
    uploads = Path(app.config["IMPORTS_DIR"])
    before = set(uploads.glob("*.xlsx"))
    response = upload(client, site.id, b"not a workbook")
    html = response.get_data(as_text=True)
    assert response.status_code == 422 and '<small class="error">' in html
    assert set(uploads.glob("*.xlsx")) == before


@pytest.fixture
def confirm_three_rows(app, client, login_as, make_site, monkeypatch):
    """Three rows previewed (one a batch); calling it confirms them."""
    monkeypatch.setitem(app.config, "IMPORT_BATCH_ROWS", 1)
    site = make_site()
    login_as(Role.STAFF, [site])
    preview = upload(client, site.id, workbook("Rusu", "Ceban", "Lungu"))
    assert preview.status_code == 200 and stored_names(app) == []
    form = {"site_id": site.id, "token": token_of(preview)}
    return lambda: client.post("/beneficiaries/import", data=form)


def test_a_preview_writes_nothing_and_the_confirmation_writes_every_batch(app, confirm_three_rows):
    assert confirm_three_rows().status_code == 302
    assert stored_names(app) == ["Ceban", "Lungu", "Rusu"]


def test_an_import_stopped_half_way_keeps_the_batches_written_before(
    app, confirm_three_rows, monkeypatch
):
    batches = []

    def someone_changed_the_second(name):  # the row of the second batch is refused
        batches.append(name)
        if len(batches) == 2:
            raise DomainError("changed meanwhile")

    monkeypatch.setattr(faults, "point", someone_changed_the_second)
    stopped = confirm_three_rows()
    assert stopped.status_code == 422
    assert "Importul s-a oprit la rândul 3" in stopped.get_data(as_text=True)
    assert stored_names(app) == ["Rusu"]
