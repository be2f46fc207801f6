"""A driver's outcome through the API: the answer is the stop as written, the mark follows."""

from sqlalchemy import select

from app.attendance.models import AttendanceMark, Mark, MarkSource
from app.auth.models import Role, User
from app.core.models import AuditEntry
from app.extensions import db
from tests.conftest import login


def test_the_outcome_answer_is_the_stop_as_stored_and_the_mark_follows(
    client, app, make_site, make_person, make_user, todays_list
):
    site = make_site()
    delivery_list = todays_list(site, [make_person(site), make_person(site)])
    with app.app_context():
        driver = db.session.get(User, delivery_list.driver_id)
    stop = delivery_list.stops[0]
    url = f"/api/v1/delivery-lists/{delivery_list.id}/stops/{stop.id}"
    login(client, make_user(Role.DRIVER, [site]))  # a driver of the site, not of this route
    assert client.put(url, json={"outcome": "delivered"}).status_code == 404
    client.post("/logout")
    login(client, driver)
    first = client.put(url, json={"outcome": "delivered"})
    answer = client.put(url, json={"outcome": "not_delivered", "failure_reason": "not_home"})
    assert first.status_code == answer.status_code == 200
    assert answer.json["outcome"] == "not_delivered"
    assert answer.json["failure_reason"] == "not_home" and answer.json["marked_at"]
    detail = client.get(f"/api/v1/delivery-lists/{delivery_list.id}").json
    assert answer.json == next(s for s in detail["stops"] if s["id"] == stop.id)
    with app.app_context():
        marks = db.session.scalars(
            select(AttendanceMark).where(AttendanceMark.site_id == site.id)
        ).all()
        assert [(m.beneficiary_id, m.mark, m.source, m.reason) for m in marks] == [
            (stop.beneficiary_id, Mark.NOT_DELIVERED, MarkSource.DRIVER, "not_home")
        ]
        audits = db.session.scalars(
            select(AuditEntry.action)
            .where(AuditEntry.entity == "attendance_mark", AuditEntry.entity_id == marks[0].id)
            .order_by(AuditEntry.id)
        ).all()
        assert audits == ["create", "update"]
