"""The dashboard at a thousand sites: the kitchen count and the absence alerts of every
visible site in a few queries, with the same figures as each site's own."""

from datetime import date

from sqlalchemy import event

from app.attendance import services as attendance
from app.attendance.models import AttendanceMark, Mark, MarkSource, Meal
from app.beneficiaries.models import EnrolmentStatus
from app.core.models import SiteDayOverride
from app.delivery import services as delivery
from app.extensions import db
from app.places.models import Service
from app.reports.dashboard import dashboard

DAY = date(2026, 11, 18)  # a Wednesday


def _varied_sites(app, make_site, make_enrolment, make_beneficiary):
    """Sites with each case of the rule: route portions, pauses, waiting, ended, two
    enrolments of one person, a closure, a site open on nobody's day."""
    plain, busy, closed, empty = (make_site() for _ in range(4))
    for _ in range(3):
        make_enrolment(plain)
    make_enrolment(busy)
    make_enrolment(busy, pauses=[(date(2026, 11, 16), date(2026, 11, 20))])  # paused
    make_enrolment(busy, status=EnrolmentStatus.WAITING)
    make_enrolment(busy, end_date=date(2026, 11, 17))  # left the day before
    make_enrolment(busy, start_date=date(2026, 11, 19))  # starts the day after
    make_enrolment(busy, service=Service.DAY_CARE)  # no lunch
    moving = make_beneficiary()  # lunch until today, delivery from today: counted once
    make_enrolment(busy, beneficiary=moving, end_date=DAY, status=EnrolmentStatus.EXITED)
    make_enrolment(busy, beneficiary=moving, service=Service.DELIVERY, start_date=DAY)
    carried = make_beneficiary()
    make_enrolment(busy, beneficiary=carried, service=Service.DELIVERY)
    elsewhere = make_beneficiary()  # leaving one site for another: counted at each today
    make_enrolment(busy, beneficiary=elsewhere)
    make_enrolment(plain, beneficiary=elsewhere, end_date=DAY, status=EnrolmentStatus.EXITED)
    make_enrolment(closed)
    with app.app_context():
        route = delivery.create_route(busy.id, "Traseul Nord", weekdays="12345")
        delivery.add_stop(route.id, carried.id, portions=3)
        db.session.add(
            SiteDayOverride(site_id=closed.id, day=DAY, is_open=False, reason="no_water")
        )
        db.session.commit()
    return [plain.id, busy.id, closed.id, empty.id]


def _figures(count):
    return (count.serves, count.closed_message, count.at_canteen, count.to_deliver)


def test_the_counts_of_many_sites_equal_each_sites_own(
    ctx, make_site, make_enrolment, make_beneficiary, app
):
    site_ids = _varied_sites(app, make_site, make_enrolment, make_beneficiary)
    for day in (DAY, date(2026, 11, 21), date(2026, 12, 25)):  # a weekday, Saturday, Christmas
        counts = attendance.kitchen_counts(site_ids, day)
        assert sorted(counts) == sorted(site_ids)
        for site_id in site_ids:
            own = attendance.kitchen_count(site_id, day)
            assert _figures(counts[site_id]) == _figures(own), (site_id, day)
    plain, busy, closed, empty = (attendance.kitchen_counts(site_ids, DAY)[i] for i in site_ids)
    assert (plain.at_canteen, plain.to_deliver) == (4, 0)
    assert (busy.at_canteen, busy.to_deliver) == (2, 4)  # the moved person 1 + route 3
    assert not closed.serves and "închis" in closed.closed_message
    assert (empty.serves, empty.total) == (True, 0)
    assert attendance.kitchen_counts([], DAY) == {}


def test_the_dashboard_asks_the_same_queries_for_two_sites_or_ten(ctx, make_site, make_enrolment):
    sites = [make_site() for _ in range(10)]
    for site in sites:
        make_enrolment(site)

    def statements(visible) -> int:
        seen = []
        engine = db.session.get_bind().engine

        def count(*args):
            seen.append(1)

        event.listen(engine, "before_cursor_execute", count)
        try:
            figures = dashboard(visible, DAY)
        finally:
            event.remove(engine, "before_cursor_execute", count)
        assert len(figures.sites) == len(visible)
        assert {s.expected_canteen for s in figures.sites} == {1}
        return len(seen)

    statements({s.id for s in sites})  # once to warm what is loaded once per process
    assert statements({s.id for s in sites[:2]}) == statements({s.id for s in sites})


def _mark(site_id, person, day, mark):
    return AttendanceMark(
        site_id=site_id,
        beneficiary_id=person,
        day=day,
        meal=Meal.LUNCH,
        mark=mark,
        source=MarkSource.STAFF,
    )


def test_absence_alerts_of_many_sites_equal_each_sites_own(
    ctx, app, make_site, make_enrolment, fixed_today
):
    fixed_today(DAY)
    sites = [make_site() for _ in range(3)]
    people = {site.id: [make_enrolment(site).beneficiary_id for _ in range(2)] for site in sites}
    with app.app_context():
        # the second site was closed on Monday: its last three service days reach further back
        db.session.add(
            SiteDayOverride(
                site_id=sites[1].id, day=date(2026, 11, 16), is_open=False, reason="no_gas"
            )
        )
        for site in sites:
            first, second = people[site.id]
            for day in range(11, 19):
                for person, mark in ((first, Mark.ABSENT), (second, Mark.PRESENT)):
                    db.session.add(_mark(site.id, person, date(2026, 11, day), mark))
        db.session.commit()
    # at the third site, two people absent the three days before today: one came today
    returned, not_yet = (make_enrolment(sites[2]).beneficiary_id for _ in range(2))
    with app.app_context():
        for person in (returned, not_yet):
            for day in (13, 16, 17):
                db.session.add(_mark(sites[2].id, person, date(2026, 11, day), Mark.ABSENT))
        db.session.add(_mark(sites[2].id, returned, DAY, Mark.PRESENT))
        db.session.commit()
    ids = [site.id for site in sites]
    together = attendance.absence_alerts(ids, DAY)
    alone = [alert for site_id in ids for alert in attendance.absence_alerts([site_id], DAY)]
    assert together == alone
    expected = [(i, people[i][0]) for i in ids] + [(ids[2], not_yet)]
    assert sorted((a.site_id, a.beneficiary_id) for a in together) == sorted(expected)
    since = {a.site_id: a.since for a in together}
    assert since[ids[0]] == date(2026, 11, 16) and since[ids[1]] == date(2026, 11, 13)
