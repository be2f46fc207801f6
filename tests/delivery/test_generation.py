"""The daily lists: only on service days, exactly once, frozen, without paused people."""

from datetime import date, timedelta

from sqlalchemy import func, select

from app.beneficiaries.models import Beneficiary
from app.core.models import SiteDayOverride
from app.delivery import services
from app.delivery.models import DeliveryList, DeliveryStop, Outcome, Route
from app.extensions import db


def list_of(route, day):
    return db.session.scalar(
        select(DeliveryList).where(DeliveryList.route_id == route.id, DeliveryList.day == day)
    )


def names(delivery_list):
    return [stop.name for stop in delivery_list.stops]


def test_a_weekday_freezes_each_route_in_order(ctx, make_site, make_person, make_route, a_weekday):
    site = make_site()
    first = make_person(
        site,
        last_name="Ababii",
        diet_notes="fără sare",
        contact_name="Fiica Ana",
        contact_phone="069000111",
        access_notes="poarta din spate",
        latitude=46.8,
        longitude=28.6,
    )
    second = make_person(site, last_name="Bejan")
    third = make_person(site, last_name="Ciobanu")
    route = make_route(site, [third, first, second])
    other = make_route(site, [], name="Gol")

    summary = services.generate_lists(a_weekday, site_id=site.id)

    assert summary.startswith("2 created")
    frozen = list_of(route, a_weekday)
    assert names(frozen) == [third.full_name, first.full_name, second.full_name]
    assert [s.position for s in frozen.stops] == [1, 2, 3]
    stop = frozen.stops[1]
    assert (stop.address, stop.phone, stop.diet_notes, stop.access_notes) == (
        first.address,
        "069123456",
        "fără sare",
        "poarta din spate",
    )
    assert (stop.contact, stop.contact_phone) == ("Fiica Ana", "069000111")
    assert (stop.latitude, stop.longitude, stop.portions) == (46.8, 28.6, 1)
    assert stop.parcel_note is None
    assert frozen.driver_id == route.driver_id and frozen.route_name == route.name
    assert list_of(other, a_weekday).stops == []


def test_the_list_stays_frozen_when_the_person_changes(
    ctx, make_site, make_person, make_route, a_weekday
):
    site = make_site()
    person = make_person(site, address="str. Veche 1")
    route = make_route(site, [person])
    services.generate_lists(a_weekday)
    db.session.get(Beneficiary, person.id).address = "str. Nouă 2"
    db.session.flush()
    services.generate_lists(a_weekday)
    assert list_of(route, a_weekday).stops[0].address == "str. Veche 1"


def test_no_list_on_a_weekend(ctx, make_site, make_person, make_route, a_weekday):
    site = make_site()
    route = make_route(site, [make_person(site)], weekdays="1234567")
    saturday = a_weekday + timedelta(days=5)
    assert "0 created" in services.generate_lists(saturday, site_id=site.id)
    assert list_of(route, saturday) is None


def test_no_list_on_a_moldovan_holiday(ctx, make_site, make_person, make_route):
    site = make_site()
    route = make_route(site, [make_person(site)])
    independence_day = date(2026, 8, 27)  # a Thursday
    services.generate_lists(independence_day)
    assert list_of(route, independence_day) is None


def test_no_list_when_the_site_is_closed(ctx, make_site, make_person, make_route, a_weekday):
    site, open_site = make_site(), make_site()
    route = make_route(site, [make_person(site)])
    open_route = make_route(open_site, [make_person(open_site)])
    db.session.add(
        SiteDayOverride(site_id=site.id, day=a_weekday, is_open=False, reason="fără gaz")
    )
    db.session.flush()
    result = services.create_lists(a_weekday)
    assert list_of(route, a_weekday) is None
    assert list_of(open_route, a_weekday) is not None
    assert site.id in result.closed_sites and open_site.id not in result.closed_sites


def test_a_site_opened_on_a_saturday_gets_lists(ctx, make_site, make_person, make_route, a_weekday):
    site = make_site()
    route = make_route(site, [make_person(site)], weekdays="123456")
    saturday = a_weekday + timedelta(days=5)
    db.session.add(
        SiteDayOverride(site_id=site.id, day=saturday, is_open=True, reason="recuperare")
    )
    db.session.flush()
    services.generate_lists(saturday)
    assert len(list_of(route, saturday).stops) == 1


def test_route_weekdays_and_inactive_routes(ctx, make_site, make_person, make_route, a_weekday):
    site = make_site()
    mondays = make_route(site, [make_person(site)], weekdays="1")
    tuesdays = make_route(site, [make_person(site)], weekdays="2")
    stopped = make_route(site, [make_person(site)])
    services.update_route(stopped.id, {"active": False})
    services.generate_lists(a_weekday)
    assert list_of(mondays, a_weekday) is not None
    assert list_of(tuesdays, a_weekday) is None
    assert list_of(stopped, a_weekday) is None


def test_paused_exited_and_waiting_people_are_left_out(
    ctx, make_site, make_person, make_route, a_weekday
):
    site = make_site()
    served = make_person(site, last_name="Served")
    paused = make_person(
        site, pauses=[(a_weekday - timedelta(days=2), a_weekday + timedelta(days=3))]
    )
    exited = make_person(
        site, enrolment={"status": "exited", "end_date": a_weekday - timedelta(days=1)}
    )
    route = make_route(site, [served, paused])
    # people who left or wait are on the route from before (they cannot be added now)
    from app.delivery.models import RouteStop

    db.session.add(RouteStop(route_id=route.id, beneficiary_id=exited.id, position=3))
    waiting = make_person(site, enrolment={"status": "waiting"})
    db.session.add(RouteStop(route_id=route.id, beneficiary_id=waiting.id, position=4))
    db.session.flush()

    services.generate_lists(a_weekday)
    assert names(list_of(route, a_weekday)) == [served.full_name]
    # the day after the pause the person is back
    after = a_weekday + timedelta(days=7)
    services.generate_lists(after)
    assert names(list_of(route, after)) == [served.full_name, paused.full_name]


def test_a_second_run_adds_nothing(ctx, make_site, make_person, make_route, a_weekday):
    site = make_site()
    make_route(site, [make_person(site), make_person(site)])
    services.generate_lists(a_weekday, site_id=site.id)
    summary = services.generate_lists(a_weekday, site_id=site.id)
    assert summary.startswith("0 created, 1 already there")
    lists = select(DeliveryList.id).where(DeliveryList.site_id == site.id)
    assert db.session.scalar(select(func.count()).select_from(lists.subquery())) == 1
    stops = select(DeliveryStop.id).where(DeliveryStop.delivery_list_id.in_(lists))
    assert db.session.scalar(select(func.count()).select_from(stops.subquery())) == 2


def test_one_site_only(ctx, make_site, make_person, make_route, a_weekday):
    site, other = make_site(), make_site()
    route = make_route(site, [make_person(site)])
    other_route = make_route(other, [make_person(other)])
    services.generate_lists(a_weekday, site_id=site.id)
    assert list_of(route, a_weekday) is not None
    assert list_of(other_route, a_weekday) is None


def test_the_substitute_of_the_day_drives(
    ctx, make_site, make_person, make_route, make_user, a_weekday
):
    site = make_site()
    route = make_route(site, [make_person(site)])
    substitute = make_user("driver", [site])
    services.add_substitute(route.id, substitute.id, a_weekday, a_weekday + timedelta(days=2))
    services.generate_lists(a_weekday)
    services.generate_lists(a_weekday + timedelta(days=3))
    assert list_of(route, a_weekday).driver_id == substitute.id
    assert list_of(route, a_weekday + timedelta(days=3)).driver_id == route.driver_id


def test_regenerate_keeps_outcomes_and_follows_the_route(
    ctx, make_site, make_person, make_route, a_weekday
):
    site = make_site()
    kept, removed_marked, removed, stays = (make_person(site) for _ in range(4))
    route = make_route(site, [kept, removed_marked, removed, stays])
    newcomer = make_person(site)
    services.generate_lists(a_weekday)
    frozen = list_of(route, a_weekday)
    by_person = {s.beneficiary_id: s for s in frozen.stops}
    services.record_outcome(frozen.id, by_person[kept.id].id, Outcome.DELIVERED)
    services.record_outcome(frozen.id, by_person[removed_marked.id].id, Outcome.DELIVERED)

    route = db.session.get(Route, route.id)
    stops = {s.beneficiary_id: s for s in route.stops}
    services.remove_stop(route.id, stops[removed_marked.id].id)
    services.remove_stop(route.id, stops[removed.id].id)
    services.add_stop(route.id, newcomer.id)
    services.reorder_stops(route.id, [stops[stays.id].id, stops[kept.id].id, route.stops[-1].id])
    db.session.get(Beneficiary, stays.id).address = "adresa nouă"
    db.session.flush()

    services.generate_lists(a_weekday)  # without --regenerate nothing changes
    assert len(list_of(route, a_weekday).stops) == 4

    summary = services.generate_lists(a_weekday, site_id=site.id, regenerate=True)
    assert "1 regenerated" in summary
    db.session.expire_all()
    frozen = list_of(route, a_weekday)
    assert [s.beneficiary_id for s in frozen.stops] == [
        stays.id,
        kept.id,
        newcomer.id,
        removed_marked.id,
    ]
    assert [s.position for s in frozen.stops] == [1, 2, 3, 4]
    assert [s.outcome for s in frozen.stops] == [None, Outcome.DELIVERED, None, Outcome.DELIVERED]
    assert frozen.stops[0].address == "adresa nouă"


def test_a_refused_generation_shows_the_routes_page_with_the_message(
    client, login_as, make_site, monkeypatch
):
    from app.auth.models import Role
    from app.core.errors import DomainError

    def refuse(*args, **kwargs):
        db.session.add(Route(site_id=site.id, name="Pe jumătate", weekdays="12345"))
        db.session.flush()
        raise DomainError("Listele nu pot fi generate acum.")

    site = make_site()
    login_as(Role.STAFF, [site])
    monkeypatch.setattr(services, "generate_lists", refuse)
    page = client.post(f"/sites/{site.id}/delivery/generate")
    html = page.get_data(as_text=True)
    assert page.status_code == 409 and "Trasee de livrare" in html
    assert '<p class="flash error" role="alert">Listele nu pot fi generate acum.</p>' in html
    assert "Pe jumătate" not in html  # what it wrote before refusing is rolled back
