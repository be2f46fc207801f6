"""Places are listed in the order a Romanian reader expects, the same on every engine.

SQLite and PostgreSQL (in its C collation) order raw names by code point: 'Sîngerei'
after 'Strășeni' and 'Ștefan Vodă' after 'Telenești'. Lists follow the folded key.
"""

import re

import pytest
from sqlalchemy import select

from app.auth.models import Role
from app.extensions import db
from app.places.models import Site

# scrambled on purpose: the order of creation is not the order of the lists
NAMES = ["Ștefan Vodă", "Telenești", "Soroca", "Șoldănești", "Sîngerei", "Strășeni"]
READER_ORDER = ["Sîngerei", "Șoldănești", "Soroca", "Ștefan Vodă", "Strășeni", "Telenești"]
NUMBERED = ["Cantina nr. 10", "Cantina nr. 2", "Cantina nr. 1"]


@pytest.fixture
def places(make_district, make_locality, make_site):
    for name in NAMES:
        district = make_district(name)
        locality = make_locality(name, district.id)
        make_site(name=name, locality_id=locality.id)
    locality = make_locality()
    for name in NUMBERED:
        make_site(name=name, locality_id=locality.id)


def _names(client, url: str, among) -> list[str]:
    answer = client.get(url, query_string={"per_page": 500})
    assert answer.status_code == 200, answer.json
    return [item["name"] for item in answer.json["items"] if item["name"] in among]


def _shown(html: str, among) -> list[str]:
    """The names as they appear, in page order (each where it first appears)."""
    found = {name: html.find(name) for name in among}
    assert all(at >= 0 for at in found.values()), found
    return sorted(among, key=found.__getitem__)


def test_the_api_lists_places_in_the_readers_order(app, client, places, login_as):
    login_as(Role.ADMIN)
    assert _names(client, "/api/v1/districts", NAMES) == READER_ORDER
    assert _names(client, "/api/v1/localities", NAMES) == READER_ORDER
    assert _names(client, "/api/v1/sites", NAMES) == READER_ORDER
    assert _names(client, "/api/v1/sites", NUMBERED) == [
        "Cantina nr. 1",
        "Cantina nr. 2",
        "Cantina nr. 10",
    ]


def test_the_pages_list_places_in_the_readers_order(app, client, places, login_as):
    login_as(Role.MANAGER)
    reports = client.get("/reports").get_data(as_text=True)
    options = re.findall(r'<option value="\d+"[^>]*>([^<]+)</option>', reports)
    assert [name for name in options if name in NAMES] == READER_ORDER * 2  # districts, sites
    sites = client.get("/sites").get_data(as_text=True)
    assert _shown(sites, NAMES) == READER_ORDER
    assert _shown(sites, NUMBERED) == ["Cantina nr. 1", "Cantina nr. 2", "Cantina nr. 10"]


def test_a_renamed_site_moves_in_the_list(app, client, places, login_as):
    login_as(Role.ADMIN)
    with app.app_context():
        soroca = db.session.scalars(select(Site).where(Site.name == "Soroca")).one()
        assert soroca.name_key == "soroca"
    answer = client.patch(f"/api/v1/sites/{soroca.id}", json={"name": "Țânțăreni"})
    assert answer.status_code == 200, answer.json
    listed = _names(client, "/api/v1/sites", [*NAMES, "Țânțăreni"])
    assert listed == [
        "Sîngerei",
        "Șoldănești",
        "Ștefan Vodă",
        "Strășeni",
        "Țânțăreni",
        "Telenești",
    ]
