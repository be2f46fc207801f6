"""Refusals that name a person of another site: a user is told no more than needed."""

from tests.conftest import login


def _leaks(text: str, side) -> list[str]:
    return [secret for secret in side.secrets if secret in text]


def test_marking_another_sites_person_answers_as_for_an_unknown_one(app, client, world):
    login(client, world.own.staff)
    base = f"/api/v1/sites/{world.own.site}/attendance/{world.day.isoformat()}/lunch"
    answers = []
    for person in (world.other.person, world.other.carried, 99_999_999):
        single = client.put(f"{base}/{person}", json={"mark": "present"})
        sheet = client.put(base, json={"marks": [{"beneficiary_id": person, "mark": "present"}]})
        page = client.post(
            f"/sites/{world.own.site}/attendance/{world.day.isoformat()}/lunch",
            data={"tap": f"{person}:present"},
        )
        for response in (single, sheet, page):
            assert response.status_code in (404, 422), response.status_code
            assert _leaks(response.get_data(as_text=True), world.other) == []
        answers.append(
            (single.status_code, single.json["message"].replace(f"nr. {person} ", "nr. # "))
        )
    # a person of another site and an id nobody has get the very same answer
    assert len(set(answers)) == 1, answers


def test_delivery_outcome_on_another_sites_stop_is_not_found(app, client, world):
    login(client, world.own.driver)
    for list_id, stop_id in (
        (world.own.delivery_list, world.other.list_stop),
        (world.other.delivery_list, world.other.list_stop),
    ):
        api = client.put(
            f"/api/v1/delivery-lists/{list_id}/stops/{stop_id}", json={"outcome": "delivered"}
        )
        page = client.post(
            f"/driver/lists/{list_id}/stops/{stop_id}", data={"outcome": "delivered"}
        )
        for response in (api, page):
            assert response.status_code in (403, 404), response.status_code
            assert _leaks(response.get_data(as_text=True), world.other) == []


def test_a_stop_left_on_another_sites_route_is_not_named(app, client, world, make_enrolment):
    from datetime import date

    from app.beneficiaries.models import Enrolment, EnrolmentStatus
    from app.extensions import db
    from app.places.models import Service

    # the person carried by site B moved to site A; B's route still holds their stop
    with app.app_context():
        left = db.session.get(Enrolment, world.other.carried_enrolment)
        left.status, left.end_date = EnrolmentStatus.EXITED, date(2026, 2, 1)
        db.session.commit()
    make_enrolment(world.own.site, world.other.people[1], service=Service.DELIVERY)
    login(client, world.own.staff)
    answer = client.post(
        f"/api/v1/routes/{world.own.route}/stops", json={"beneficiary_id": world.other.carried}
    )
    assert answer.status_code == 409
    assert _leaks(answer.get_data(as_text=True), world.other) == []
