"""A day's delivery lists on the print page and in the workbook are read in a fixed number
of statements: a site with five routes costs what a site with one does."""

import re
from contextlib import contextmanager
from io import BytesIO

from openpyxl import load_workbook
from sqlalchemy import event

from app.auth.models import Role
from app.core import calendar
from app.core.clock import today
from app.core.models import SiteDayOverride
from app.delivery import services
from app.extensions import db


@contextmanager
def statements(app):
    """The statements the database receives inside the block."""
    with app.app_context():
        engine = db.engine
    seen = []

    def count(conn, cursor, statement, *args):
        seen.append(statement)

    event.listen(engine, "before_cursor_execute", count)
    try:
        yield seen
    finally:
        event.remove(engine, "before_cursor_execute", count)


def test_a_days_lists_are_read_in_statements_that_do_not_grow_with_them(
    app, client, make_site, make_route, make_person, login_as
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
    for routes, site in sites.items():
        url = f"/sites/{site.id}/delivery/{today().isoformat()}"
        with statements(app) as seen:
            page = client.get(url)
        assert page.status_code == 200
        assert len(re.findall(r'data-stop-name="', page.get_data(as_text=True))) == 2 * routes
        counts["page", routes] = len(seen)

        with statements(app) as seen:
            workbook = client.get(url + ".xlsx")
        assert workbook.status_code == 200
        assert len(load_workbook(BytesIO(workbook.data)).sheetnames) == routes
        counts["xlsx", routes] = len(seen)

        with app.app_context(), statements(app) as seen:
            documents = services.day_documents(today(), site.id)
        assert [len(d["stops"]) for d in documents] == [2] * routes
        assert all(d["driver"] and d["site"] == site.name for d in documents)
        counts["documents", routes] = len(seen)
    assert counts["page", 5] == counts["page", 1], counts
    assert counts["xlsx", 5] == counts["xlsx", 1], counts
    assert counts["documents", 5] == counts["documents", 1], counts
