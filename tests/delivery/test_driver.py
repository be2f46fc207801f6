"""The driver's phone view: own lists only, outcomes feed attendance, concerns reach staff."""

from sqlalchemy import select

from app.attendance.models import AttendanceMark, Mark, MarkSource, Meal
from app.auth.models import Role
from app.core.clock import today
from app.delivery.models import DeliveryStop, FailureReason, Outcome
from app.extensions import db


def test_driver_sees_only_own_lists(
    client, app, make_site, make_person, make_user, todays_list, login_as
):
    site = make_site()
    mine = todays_list(site, [make_person(site, last_name="Albu")])
    theirs = todays_list(site, [make_person(site, last_name="Negru")])
    with app.app_context():
        from app.auth.models import User

        me = db.session.get(User, mine.driver_id)
    from tests.conftest import login

    login(client, me)
    home = client.get("/").get_data(as_text=True)
    assert mine.route_name in home and theirs.route_name not in home
    page = client.get(f"/driver/lists/{mine.id}")
    assert page.status_code == 200
    assert "Albu" in page.get_data(as_text=True)
    assert client.get(f"/driver/lists/{theirs.id}").status_code == 404
    assert client.get(f"/api/v1/delivery-lists/{theirs.id}").status_code == 404
    assert client.get(f"/delivery-lists/{theirs.id}/print").status_code == 404
    stop = theirs.stops[0]
    response = client.post(
        f"/driver/lists/{theirs.id}/stops/{stop.id}", data={"outcome": "delivered"}
    )
    assert response.status_code == 404
    listed = client.get("/api/v1/delivery-lists").json["items"]
    assert [item["id"] for item in listed] == [mine.id]


def test_a_substitute_of_today_sees_the_list(
    client, app, make_site, make_person, make_user, make_route
):
    from app.core import calendar
    from app.core.models import SiteDayOverride
    from app.delivery import services
    from tests.conftest import login

    site = make_site()
    substitute = make_user(Role.DRIVER, [site])
    route = make_route(site, [make_person(site)], weekdays="1234567")
    with app.app_context():
        if not calendar.serves_on(site.id, today()):
            db.session.add(SiteDayOverride(site_id=site.id, day=today(), is_open=True, reason="t"))
        services.add_substitute(route.id, substitute.id, today(), today())
        services.create_lists(today(), site_id=site.id)
        db.session.commit()
    login(client, substitute)
    assert route.name in client.get("/driver").get_data(as_text=True)


def test_outcomes_become_delivered_meals(client, app, make_site, make_person, todays_list):
    from app.auth.models import User
    from tests.conftest import login

    site = make_site()
    people = [make_person(site) for _ in range(3)]
    delivery_list = todays_list(site, people)
    with app.app_context():
        driver = db.session.get(User, delivery_list.driver_id)
    login(client, driver)
    first, second, third = delivery_list.stops
    url = f"/driver/lists/{delivery_list.id}/stops/"
    assert client.post(url + str(first.id), data={"outcome": "delivered"}).status_code == 302
    assert client.post(url + str(second.id), data={"outcome": "delivered"}).status_code == 302
    missing = client.post(url + str(third.id), data={"outcome": "not_delivered"})
    assert missing.status_code == 422
    assert "motivul" in missing.get_data(as_text=True)
    answer = client.post(
        url + str(third.id),
        data={"outcome": "not_delivered", "failure_reason": "in_hospital", "remark": "vecina"},
    )
    assert answer.status_code == 302

    with app.app_context():
        marks = {
            m.beneficiary_id: m
            for m in db.session.scalars(
                select(AttendanceMark).where(AttendanceMark.site_id == site.id)
            )
        }
        assert marks[people[0].id].mark == Mark.DELIVERED
        assert marks[people[1].id].mark == Mark.DELIVERED
        assert marks[people[2].id].mark == Mark.NOT_DELIVERED
        assert marks[people[2].id].reason == "in_hospital"
        assert all(m.day == today() and m.meal == Meal.LUNCH for m in marks.values())
        assert all(m.source == MarkSource.DRIVER for m in marks.values())
        assert all(m.enrolment_id is not None for m in marks.values())
        stop = db.session.get(DeliveryStop, third.id)
        assert (stop.outcome, stop.failure_reason, stop.remark) == (
            Outcome.NOT_DELIVERED,
            FailureReason.IN_HOSPITAL,
            "vecina",
        )
    page = client.get(f"/driver/lists/{delivery_list.id}").get_data(as_text=True)
    assert "2 din 3" not in page and "3 din 3" in page
    # a change of mind overwrites the mark, still one row
    client.post(url + str(third.id), data={"outcome": "delivered"})
    with app.app_context():
        rows = db.session.scalars(
            select(AttendanceMark).where(AttendanceMark.beneficiary_id == people[2].id)
        ).all()
        assert [r.mark for r in rows] == [Mark.DELIVERED]


def test_staff_see_outcomes_and_concerns_and_may_mark(
    client, app, make_site, make_person, todays_list, login_as
):
    site, other = make_site(), make_site()
    delivery_list = todays_list(site, [make_person(site, last_name="Rotaru")])
    other_list = todays_list(other, [make_person(other)])
    login_as(Role.STAFF, [site])
    stop = delivery_list.stops[0]
    base = f"/driver/lists/{delivery_list.id}/stops/{stop.id}"
    client.post(base, data={"outcome": "not_delivered", "failure_reason": "not_home"})
    client.post(base + "/concern", data={"concern": "true", "concern_note": "nu are căldură"})
    site_page = client.get(f"/sites/{site.id}").get_data(as_text=True)
    assert "Nelivrat: Nu era acasă" in site_page
    assert "nu are căldură" in site_page
    assert "1 din 1" in site_page
    assert client.get(f"/driver/lists/{other_list.id}").status_code == 404
    concerns = client.get("/delivery/concerns").get_data(as_text=True)
    assert "nu are căldură" in concerns and "Rotaru" in concerns


def test_unrouted_people_are_flagged_on_the_site_page(
    client, make_site, make_person, make_route, login_as
):
    site = make_site()
    make_route(site, [make_person(site, last_name="Pe-Traseu")])
    make_person(site, last_name="Uitat")
    login_as(Role.STAFF, [site])
    page = client.get(f"/sites/{site.id}").get_data(as_text=True)
    assert "fără traseu: 1" in page and "Uitat" in page
    assert "Pe-Traseu" not in page.split("fără traseu")[1].split("</ul>")[0]


def test_map_and_phone_links(client, app, make_site, make_person, todays_list):
    from app.auth.models import User
    from tests.conftest import login

    site = make_site()
    delivery_list = todays_list(
        site,
        [
            make_person(site, latitude=46.81, longitude=28.6, phone="069111222"),
            make_person(site, address="str. Mare 5, Lozova"),
        ],
    )
    with app.app_context():
        login(client, db.session.get(User, delivery_list.driver_id))
    page = client.get(f"/driver/lists/{delivery_list.id}").get_data(as_text=True)
    assert 'href="tel:069111222"' in page
    assert 'href="geo:46.81,28.6"' in page
    # without coordinates no geo: link (iPhones do not open it): a web map search instead
    assert "geo:0,0" not in page
    search = "https://www.openstreetmap.org/search?query=str.+Mare+5%2C+Lozova%2C+Moldova"
    assert f'href="{search}"' in page


def test_a_concern_typed_without_ticking_the_box_is_kept(
    client, make_site, make_person, todays_list, login_as
):
    site = make_site()
    delivery_list = todays_list(site, [make_person(site, last_name="Rotaru")])
    login_as(Role.STAFF, [site])
    stop = delivery_list.stops[0]
    base = f"/driver/lists/{delivery_list.id}/stops/{stop.id}/concern"
    client.post(base, data={"concern_note": "tușește tare"})  # box not ticked
    concerns = client.get("/delivery/concerns").get_data(as_text=True)
    assert "tușește tare" in concerns
    # unticking the box with the stored note still in the field clears it
    client.post(base, data={"concern_note": "tușește tare"})
    assert "tușește tare" not in client.get("/delivery/concerns").get_data(as_text=True)


def test_an_outcome_on_a_day_closed_after_the_list_is_refused(
    client, app, make_site, make_person, todays_list, login_as
):
    """A closure that did not keep the day's marks leaves no meal to record on it."""
    from app.attendance.services import set_day_override

    site = make_site()
    delivery_list = todays_list(site, [make_person(site, last_name="Albu")])
    stop = delivery_list.stops[0]
    with app.app_context():
        set_day_override(site.id, today(), is_open=False, reason="no_gas", note=None)
        db.session.commit()
    login_as(Role.STAFF, [site])
    url = f"/api/v1/delivery-lists/{delivery_list.id}/stops/{stop.id}"
    refused = client.put(url, json={"outcome": "delivered"})
    assert refused.status_code == 409
    assert "închis" in refused.get_json()["message"]
    with app.app_context():
        assert db.session.get(DeliveryStop, stop.id).outcome is None
        marks = select(AttendanceMark).where(AttendanceMark.beneficiary_id == stop.beneficiary_id)
        assert db.session.scalars(marks).all() == []


def test_a_drivers_lists_are_read_in_the_same_statements_however_many_lists_exist(
    app, make_site, make_person, make_user, make_route
):
    from sqlalchemy import event

    from app.core import calendar
    from app.core.models import SiteDayOverride
    from app.delivery import services

    def lists_of(driver_id):
        engine = db.session.get_bind().engine
        seen = []

        def count(*_args):
            seen.append(1)

        event.listen(engine, "before_cursor_execute", count)
        try:
            lists = services.driver_lists(driver_id)
            names = sorted(dl.route_name for dl in lists)
            assert all(len(dl.stops) == 1 for dl in lists)  # each list's progress is shown
        finally:
            event.remove(engine, "before_cursor_execute", count)
        return names, len(seen)

    def a_site_with_lists(routes):
        site = make_site()
        drivers = [make_user(Role.DRIVER, [site]) for _ in range(routes)]
        made = [
            make_route(site, [make_person(site)], weekdays="1234567", driver=driver)
            for driver in drivers
        ]
        with app.app_context():
            if not calendar.serves_on(site.id, today()):
                db.session.add(
                    SiteDayOverride(site_id=site.id, day=today(), is_open=True, reason="t")
                )
            db.session.commit()
        return site, drivers, made

    site, drivers, routes = a_site_with_lists(2)
    substitute = make_user(Role.DRIVER, [site])
    with app.app_context():
        services.add_substitute(routes[1].id, substitute.id, today(), today())
        services.create_lists(today(), site_id=site.id)
        db.session.commit()
        few = lists_of(drivers[0].id)
        assert few[0] == [routes[0].name]
        assert lists_of(substitute.id)[0] == [routes[1].name]
        assert lists_of(drivers[1].id)[0] == []  # a substitute drives the route today

    other, _, _ = a_site_with_lists(6)
    with app.app_context():
        services.create_lists(today(), site_id=other.id)
        db.session.commit()
        many = lists_of(drivers[0].id)
        assert many == few
