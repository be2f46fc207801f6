"""A driver's outcome and a staff mark of the same person at the same moment."""

from sqlalchemy import select

from app.attendance.models import AttendanceMark, MarkSource
from app.auth.models import Role
from app.core.clock import today
from app.delivery.models import Outcome
from app.delivery.services import record_outcome
from app.extensions import db
from tests.conftest import PASSWORD, while_uncommitted


def test_staff_cannot_overwrite_an_outcome_committed_while_they_mark(
    committed, make_site, make_user, make_person, todays_list
):
    """The driver's outcome is written, not yet committed, when a staff member marks the
    same person; it commits while the staff request waits. The staff mark is refused
    as it would be a moment later: a driver's outcome is corrected by a manager only."""
    app = committed
    site = make_site()
    person = make_person(site)
    driver = make_user(Role.DRIVER, [site])
    staff = make_user(Role.STAFF, [site])
    delivery_list = todays_list(site, [person], driver=driver)
    stop_id = delivery_list.stops[0].id

    def drivers_phone():
        record_outcome(delivery_list.id, stop_id, Outcome.DELIVERED, user_id=driver.id)

    client = app.test_client()
    login = client.post("/login", data={"username": staff.username, "password": PASSWORD})
    assert login.status_code == 302
    url = f"/api/v1/sites/{site.id}/attendance/{today().isoformat()}/lunch/{person.id}"
    answer = while_uncommitted(
        app, drivers_phone, lambda: client.put(url, json={"mark": "not_delivered"})
    )

    assert answer.status_code == 409
    assert "Șoferul a marcat deja livrarea" in answer.get_json()["message"]
    with app.app_context():
        stored = db.session.execute(
            select(AttendanceMark.mark, AttendanceMark.source).where(
                AttendanceMark.beneficiary_id == person.id
            )
        ).all()
    assert [(m.value, s) for m, s in stored] == [("delivered", MarkSource.DRIVER)]
