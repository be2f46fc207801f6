"""A day's delivery lists on the print page and in the workbook are read in a fixed number
of statements: a site with five routes costs what a site with one does."""

import re
from io import BytesIO

import pytest
from openpyxl import load_workbook
from sqlalchemy import event

from app.auth.models import Role
from app.core import calendar
from app.core.clock import today
from app.core.models import SiteDayOverride
from app.delivery import services
from app.extensions import db


@pytest.fixture
def statements(app):
    """The statements the database receives from now on (clear it to start a count)."""
    with app.app_context():
        engine = db.engine
    seen = []

    def count(conn, cursor, statement, *args):
        seen.append(statement)

    event.listen(engine, "before_cursor_execute", count)
    yield seen
    event.remove(engine, "before_cursor_execute", count)


def test_a_days_lists_are_read_in_statements_that_do_not_grow_with_them(
    app, client, make_site, make_route, make_person, login_as, statements
):
    def site_with_routes(count):
        """A site open today with `count` routes, each with its own driver and two people."""
        site = make_site()
        for _ in range(count):
            make_route(site, [make_person(site), make_person(site)], weekdays="1234567")
        with app.app_context():
            if not calendar.serves_on(site.id, today()):
                db.session.add(
                    SiteDayOverride(site_id=site.id, day=today(), is_open=True, reason="t")
                )
            services.create_lists(today(), site_id=site.id)
            db.session.commit()
        return site

    sites = {1: site_with_routes(1), 5: site_with_routes(5)}
    login_as(Role.MANAGER)
    counts = {}

    def count(name, routes, ask, *args):
        statements.clear()
        answer = ask(*args)
        counts[name, routes] = len(statements)
        return answer

    url = f"/sites/{sites[5].id}/delivery/{today().isoformat()}"
    client.get(url), client.get(url + ".xlsx")  # once to warm what is loaded once per process
    for routes, site in sites.items():
        url = f"/sites/{site.id}/delivery/{today().isoformat()}"
        page = count("page", routes, client.get, url)
        assert page.status_code == 200
        assert len(re.findall(r'data-stop-name="', page.get_data(as_text=True))) == 2 * routes

        workbook = count("xlsx", routes, client.get, url + ".xlsx")
        assert workbook.status_code == 200
        assert len(load_workbook(BytesIO(workbook.data)).sheetnames) == routes

        with app.app_context():
            documents = count("documents", routes, services.day_documents, today(), site.id)
        assert [len(d["stops"]) for d in documents] == [2] * routes
        assert all(d["driver"] and d["site"] == site.name for d in documents)
    assert counts["page", 5] == counts["page", 1], counts
    assert counts["xlsx", 5] == counts["xlsx", 1], counts
    assert counts["documents", 5] == counts["documents", 1], counts
