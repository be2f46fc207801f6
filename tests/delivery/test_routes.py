"""Routes: who may be a stop, ordering, moving, substitutes, the order suggestion."""

import random

import pytest
from sqlalchemy import select

from app.auth.models import Role
from app.core.errors import DomainError, InvalidInputError
from app.delivery import services
from app.delivery.models import Route
from app.delivery.routing import distance_matrix, solve_tour, tour_length
from app.extensions import db


def order_of(route_id):
    route = db.session.get(Route, route_id)
    db.session.refresh(route)
    return [stop.beneficiary_id for stop in route.stops]


def test_only_people_on_home_delivery_at_the_site(
    ctx, make_site, make_person, make_enrolment, make_beneficiary, make_route
):
    site, other = make_site(), make_site()
    canteen_eater = make_beneficiary()
    make_enrolment(site, beneficiary=canteen_eater)  # lunch at the canteen, not delivery
    elsewhere = make_person(other)
    route = make_route(site, [])
    for person in (canteen_eater, elsewhere):
        with pytest.raises(DomainError):
            services.add_stop(route.id, person.id)


def test_one_route_per_person(ctx, make_site, make_person, make_route):
    site = make_site()
    person = make_person(site)
    make_route(site, [person], name="Nord")
    second = make_route(site, [], name="Sud")
    with pytest.raises(DomainError, match="Nord"):
        services.add_stop(second.id, person.id)


def test_up_down_reorder_move_and_remove(ctx, make_site, make_person, make_route):
    site = make_site()
    a, b, c = (make_person(site) for _ in range(3))
    route = make_route(site, [a, b, c], name="Unu")
    other = make_route(site, [], name="Doi")
    stops = {s.beneficiary_id: s.id for s in db.session.get(Route, route.id).stops}
    services.move_stop(route.id, stops[c.id], "up")
    assert order_of(route.id) == [a.id, c.id, b.id]
    services.move_stop(route.id, stops[a.id], "up")  # already first: nothing changes
    assert order_of(route.id) == [a.id, c.id, b.id]
    services.reorder_stops(route.id, [stops[b.id], stops[a.id], stops[c.id]])
    assert order_of(route.id) == [b.id, a.id, c.id]
    with pytest.raises(InvalidInputError):
        services.reorder_stops(route.id, [stops[b.id], stops[a.id]])
    services.transfer_stop(route.id, stops[a.id], other.id)
    assert order_of(route.id) == [b.id, c.id]
    assert order_of(other.id) == [a.id]
    services.remove_stop(route.id, stops[b.id])
    assert order_of(route.id) == [c.id]
    assert [s.position for s in db.session.get(Route, route.id).stops] == [1]


def test_driver_must_be_a_driver_of_the_site(ctx, make_site, make_user):
    site, other = make_site(), make_site()
    for wrong in (make_user(Role.DRIVER, [other]), make_user(Role.STAFF, [site])):
        with pytest.raises(InvalidInputError):
            services.create_route(site.id, "Traseu", driver_id=wrong.id)


def test_route_names_are_unique_per_site(ctx, make_site):
    site = make_site()
    services.create_route(site.id, "Centru")
    with pytest.raises(DomainError):
        services.create_route(site.id, "Centru")


def test_suggestion_is_a_permutation_and_never_longer(ctx, make_site, make_person, make_route):
    site = make_site(latitude=46.83, longitude=28.59)
    rng = random.Random(3)
    people = [
        make_person(site, latitude=46.78 + rng.random() * 0.1, longitude=28.54 + rng.random() * 0.1)
        for _ in range(12)
    ]
    no_coordinates = make_person(site)
    route = make_route(site, [*people, no_coordinates])
    suggestion = services.suggest_route_order(route.id)
    current_ids = [s.id for s in suggestion.current]
    assert sorted(suggestion.suggested_ids) == sorted(current_ids)
    assert suggestion.suggested[-1].beneficiary_id == no_coordinates.id
    assert suggestion.after_km <= suggestion.before_km
    assert suggestion.after_km < suggestion.before_km * 0.8  # a random order is far from good
    services.reorder_stops(route.id, suggestion.suggested_ids)
    again = services.suggest_route_order(route.id)
    assert again.before_km == pytest.approx(suggestion.after_km)
    assert again.after_km <= again.before_km


def test_solver_keeps_a_good_order_and_finds_the_obvious_tour():
    # stops on a circle through the depot: the best tour walks the circle
    import math

    points = [(0.0, 0.0)] + [
        (0.05 * math.cos(2 * math.pi * k / 10), 0.05 + 0.05 * math.sin(2 * math.pi * k / 10))
        for k in range(10)
    ]
    matrix = distance_matrix(points)
    scrambled = [1, 6, 3, 8, 5, 10, 2, 7, 4, 9]
    order = solve_tour(matrix, initial=scrambled)
    assert sorted(order) == list(range(1, 11))
    # the depot sits on the circle between stops 8 and 9: walk the circle from 9 to 8
    circle = [9, 10, 1, 2, 3, 4, 5, 6, 7, 8]
    assert tour_length(order, matrix) == pytest.approx(tour_length(circle, matrix), rel=1e-9)
    assert tour_length(solve_tour(matrix, initial=circle), matrix) <= tour_length(circle, matrix)


def test_route_pages_up_down_and_suggest(client, make_site, make_person, make_route, login_as, app):
    site = make_site()
    a, b = make_person(site, last_name="Alfa"), make_person(site, last_name="Beta")
    route = make_route(site, [a, b])
    login_as(Role.STAFF, [site])
    page = client.get(f"/routes/{route.id}").get_data(as_text=True)
    assert page.index("Alfa") < page.index("Beta")
    stop_b = route.stops[1].id
    response = client.post(f"/routes/{route.id}/stops/{stop_b}/move", data={"direction": "up"})
    assert response.status_code == 302
    page = client.get(f"/routes/{route.id}").get_data(as_text=True)
    assert page.index("Beta") < page.index("Alfa")
    answer = client.post(
        f"/routes/{route.id}/order", json={"stop_ids": [route.stops[0].id, stop_b]}
    )
    assert answer.status_code == 200
    with app.app_context():
        assert [s.beneficiary_id for s in db.session.get(Route, route.id).stops] == [a.id, b.id]
    assert client.get(f"/routes/{route.id}/suggest").status_code == 200
    bad = client.post(f"/routes/{route.id}/stops", data={"beneficiary_id": "x"})
    assert bad.status_code == 422 and "error" in bad.get_data(as_text=True)
    created = client.post(
        f"/sites/{site.id}/routes", data={"name": "Nou", "weekdays": ["1", "3"], "active": "true"}
    )
    assert created.status_code == 302
    with app.app_context():
        new = db.session.scalar(select(Route).where(Route.site_id == site.id, Route.name == "Nou"))
        assert new.weekdays == "13"
    no_days = client.post(f"/sites/{site.id}/routes", data={"name": "Fără zile"})
    assert no_days.status_code == 422


def test_a_route_name_taken_is_409_on_the_pages_as_in_the_api(
    client, login_as, make_site, make_route
):
    site = make_site()
    taken, other = make_route(site, name="Nord"), make_route(site, name="Sud")
    login_as(Role.STAFF, [site])
    form = {"name": taken.name, "weekdays": ["1"], "active": "true"}
    created = client.post(f"/sites/{site.id}/routes", data=form)
    assert created.status_code == 409
    renamed = client.post(f"/routes/{other.id}", data=form)
    assert renamed.status_code == 409
