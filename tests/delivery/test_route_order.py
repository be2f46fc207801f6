"""A site's routes and their delivery lists come in the reader's order on every engine.

Raw names collate by code point: 'Traseul 10' before 'traseul 2' (and upper case before
lower case), 'Șipoteni' after 'Zăicani'. Lists follow the folded key, numbers by value.
"""

import io
import re

import pytest
from openpyxl import load_workbook

from app.auth.models import Role
from app.core import calendar
from app.core.models import SiteDayOverride
from app.delivery import services
from app.extensions import db
from app.reports.delivery import delivery_report
from app.reports.summary import resolve_filters

# scrambled on purpose: the order of creation is not the order of the lists
NAMES = ["Traseul 10", "Zăicani", "traseul 2", "Șipoteni", "Sadova"]
READER_ORDER = ["Sadova", "Șipoteni", "traseul 2", "Traseul 10", "Zăicani"]


@pytest.fixture
def routes(app, make_site, make_route):
    """A site running the five routes every day, and their lists of a Monday."""
    site = make_site()
    for name in NAMES:
        make_route(site, name=name, weekdays="1234567")
    return site


@pytest.fixture
def lists(app, routes, a_weekday):
    with app.app_context():
        if not calendar.serves_on(routes.id, a_weekday):
            db.session.add(
                SiteDayOverride(site_id=routes.id, day=a_weekday, is_open=True, reason="t")
            )
        services.create_lists(a_weekday, site_id=routes.id)
        db.session.commit()
    return a_weekday


def _shown(html: str, among) -> list[str]:
    """The names as they appear, in page order (each where it first appears)."""
    found = {name: html.find(f">{name}<") for name in among}
    assert all(at >= 0 for at in found.values()), found
    return sorted(among, key=found.__getitem__)


def test_the_api_and_the_page_list_a_sites_routes_in_the_readers_order(client, routes, login_as):
    login_as(Role.MANAGER)
    answer = client.get(f"/api/v1/sites/{routes.id}/routes", query_string={"per_page": 2})
    assert [item["name"] for item in answer.json["items"]] == READER_ORDER[:2]
    answer = client.get(
        f"/api/v1/sites/{routes.id}/routes", query_string={"page": 2, "per_page": 2}
    )
    assert [item["name"] for item in answer.json["items"]] == READER_ORDER[2:4]
    page = client.get(f"/sites/{routes.id}/routes").get_data(as_text=True)
    assert _shown(page, NAMES) == READER_ORDER


def test_delivery_lists_follow_the_names_they_show(app, client, routes, lists, login_as):
    login_as(Role.MANAGER)
    day = lists.isoformat()
    answer = client.get("/api/v1/delivery-lists", query_string={"site_id": routes.id, "date": day})
    assert [item["route_name"] for item in answer.json["items"]] == READER_ORDER
    workbook = client.get(f"/sites/{routes.id}/delivery/{day}.xlsx")
    assert workbook.status_code == 200
    assert load_workbook(io.BytesIO(workbook.data)).sheetnames == READER_ORDER
    page = client.get(f"/sites/{routes.id}/delivery/{day}").get_data(as_text=True)
    titles = re.findall(r"<h1>[^<]* · ([^<]*)</h1>", page)
    assert titles == READER_ORDER


def test_the_delivery_report_lists_a_sites_routes_in_the_readers_order(ctx, routes, lists):
    filters = resolve_filters(lists, lists, visible=None)
    lines = delivery_report(filters, visible=None).lines
    assert [line.route for line in lines if line.level == "route"] == READER_ORDER


def test_a_renamed_route_moves_and_its_frozen_list_keeps_its_place(
    app, client, routes, lists, login_as
):
    login_as(Role.MANAGER)
    sadova = client.get(f"/api/v1/sites/{routes.id}/routes").json["items"][0]
    assert sadova["name"] == "Sadova"
    answer = client.patch(f"/api/v1/routes/{sadova['id']}", json={"name": "Ținutul 1"})
    assert answer.status_code == 200, answer.json
    listed = client.get(f"/api/v1/sites/{routes.id}/routes").json["items"]
    assert [item["name"] for item in listed] == [
        "Șipoteni",
        "Ținutul 1",
        "traseul 2",
        "Traseul 10",
        "Zăicani",
    ]
    # the day's lists were frozen with the old name: they show it and keep its place
    query = {"site_id": routes.id, "date": lists.isoformat()}
    frozen = client.get("/api/v1/delivery-lists", query_string=query).json["items"]
    assert [item["route_name"] for item in frozen] == READER_ORDER
    with app.app_context():  # regenerated, the list takes the new name and its place
        services.create_lists(lists, site_id=routes.id, regenerate=True)
        db.session.commit()
    again = client.get("/api/v1/delivery-lists", query_string=query).json["items"]
    assert [item["route_name"] for item in again] == [item["name"] for item in listed]
