"""Parcel types come in the reader's order on every engine: in the API, the pages, the
stock, the dashboard's low-stock list and the parcels workbook.

Raw names collate by code point: 'Pachet 10' before 'pachet 2' (upper case first),
'Șervețele' after 'Zahăr'. Lists follow the folded key, numbers by value.
"""

import io
from datetime import datetime

import pytest
from openpyxl import load_workbook

from app.auth.models import Role
from app.reports.dashboard import low_stock
from app.reports.parcels import write_parcels_workbook
from app.reports.summary import resolve_filters
from tests.parcels.conftest import STOCKED_ON, TODAY

# scrambled on purpose: the order of creation is not the order of the lists
NAMES = ["Pachet 10", "Zahăr", "pachet 2", "Șervețele", "Săpun"]
READER_ORDER = ["pachet 2", "Pachet 10", "Săpun", "Șervețele", "Zahăr"]


@pytest.fixture
def stocked(canteen, make_parcel_type, stock):
    """Each type received at the canteen, the same quantity of each."""
    for name in NAMES:
        stock(canteen, make_parcel_type(name=name), 3)
    return canteen


def _shown(html: str, among) -> list[str]:
    """The names as they appear, in page order (each where it first appears)."""
    found = {name: html.find(name) for name in among}
    assert all(at >= 0 for at in found.values()), found
    return sorted(among, key=found.__getitem__)


def test_the_api_and_the_pages_list_parcel_types_in_the_readers_order(client, stocked, login_as):
    login_as(Role.MANAGER)
    answer = client.get("/api/v1/parcel-types")
    assert [item["name"] for item in answer.json] == READER_ORDER
    answer = client.get(f"/api/v1/sites/{stocked.id}/parcels/stock")
    assert [row["parcel_type_name"] for row in answer.json] == READER_ORDER
    assert _shown(client.get("/parcel-types").get_data(as_text=True), NAMES) == READER_ORDER
    page = client.get(f"/sites/{stocked.id}/parcels").get_data(as_text=True)
    assert _shown(page, NAMES) == READER_ORDER


def test_low_stock_and_the_workbook_list_parcel_types_in_the_readers_order(ctx, stocked):
    assert [row.parcel_type_name for row in low_stock([stocked.id], TODAY, 5)] == READER_ORDER
    buffer = io.BytesIO()
    write_parcels_workbook(
        resolve_filters(STOCKED_ON, TODAY, visible=None),
        buffer,
        visible=None,
        generated_by="Maria Manager",
        generated_at=datetime(2026, 11, 16, 8, 0),
    )
    buffer.seek(0)
    rows = list(load_workbook(buffer)["Stoc"].iter_rows(values_only=True))
    assert [row[2] for row in rows[1:-1]] == READER_ORDER
