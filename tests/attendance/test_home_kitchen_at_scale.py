"""The home page's kitchen counts: every site's portions and their subtotals by diet in
the same statements whatever the number of sites, with the figures of each site's own."""

from datetime import date

from sqlalchemy import event

from app.attendance import services as attendance
from app.extensions import db
from app.places.models import Service
from tests.conftest import login
from tests.reports.test_dashboard_at_scale import DAY, _varied_sites


def _figures(count):
    return (count.serves, count.closed_message, count.at_canteen, count.to_deliver, count.by_diet)


def test_the_counts_by_diet_of_many_sites_equal_each_sites_own(
    ctx, app, make_site, make_enrolment, make_beneficiary
):
    site_ids = _varied_sites(app, make_site, make_enrolment, make_beneficiary)
    plain, busy, closed, empty = site_ids
    for notes in ("dietă diabetică", "  dietă   diabetică ", ""):  # one diet, and none
        make_enrolment(plain, beneficiary=make_beneficiary(diet_notes=notes))
    carried = make_beneficiary(diet_notes="fără sare")
    make_enrolment(busy, beneficiary=carried, service=Service.DELIVERY)
    make_enrolment(closed, beneficiary=make_beneficiary(diet_notes="fără sare"))
    for day in (DAY, date(2026, 11, 21), date(2026, 12, 25)):  # a weekday, Saturday, Christmas
        counts = attendance.kitchen_counts(site_ids, day, by_diet=True)
        assert sorted(counts) == sorted(site_ids)
        for site_id in site_ids:
            own = attendance.kitchen_count(site_id, day)
            assert _figures(counts[site_id]) == _figures(own), (site_id, day)
    counts = attendance.kitchen_counts(site_ids, DAY, by_diet=True)
    assert counts[plain].by_diet == {"normal": 5, "dietă diabetică": 2}
    assert counts[busy].by_diet == {"normal": 6, "fără sare": 1}  # route portions 3
    assert not counts[closed].serves and counts[closed].by_diet == {}
    assert counts[empty].by_diet == {}
    # the dashboard asks no subtotals
    assert attendance.kitchen_counts(site_ids, DAY)[plain].by_diet == {}


def test_the_home_page_asks_the_same_statements_for_two_sites_or_ten(
    app, make_site, make_enrolment, make_beneficiary, make_user, set_today
):
    set_today(DAY)
    sites = [make_site() for _ in range(10)]
    for n, site in enumerate(sites):
        make_enrolment(site, beneficiary=make_beneficiary(diet_notes=f"dietă {n % 3}"))
    few, many = make_user("staff", sites[:2]), make_user("staff", sites)

    def statements(user, shown: int) -> int:
        client = app.test_client()
        login(client, user)
        seen = []
        with app.app_context():
            engine = db.engine

        def count(*args):
            seen.append(1)

        event.listen(engine, "before_cursor_execute", count)
        try:
            page = client.get("/")
        finally:
            event.remove(engine, "before_cursor_execute", count)
        assert page.status_code == 200
        text = page.get_data(as_text=True)
        assert text.count("Porții de gătit: 1") == shown
        return len(seen)

    statements(many, 10)  # once to warm what is loaded once per process
    assert statements(few, 2) == statements(many, 10)
