"""Two tablets sending the same sheet at once: one row per person, last write wins."""

import threading

from app.attendance.models import AttendanceMark
from app.core.models import AuditEntry
from app.extensions import db
from tests.attendance.conftest import seed_sheet
from tests.conftest import PASSWORD


def test_concurrent_puts_of_one_sheet_leave_one_row_per_person(committed, today):
    app = committed
    with app.app_context():
        seeded = seed_sheet(people=20, staff=4)
    people = seeded.beneficiary_ids
    url = f"/api/v1/sites/{seeded.site_id}/attendance/{today.isoformat()}/lunch"
    start = threading.Barrier(len(seeded.usernames))
    answers: list[int] = []

    def tablet(index: int, username: str) -> None:
        client = app.test_client()
        response = client.post("/login", data={"username": username, "password": PASSWORD})
        assert response.status_code == 302
        mark = "present" if index % 2 == 0 else "absent"
        body = {"marks": [{"beneficiary_id": b, "mark": mark} for b in people]}
        start.wait()
        for _ in range(3):
            answers.append(client.put(url, json=body).status_code)

    threads = [threading.Thread(target=tablet, args=(i, u)) for i, u in enumerate(seeded.usernames)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert answers == [200] * 12

    with app.app_context():
        rows = db.session.execute(
            db.select(AttendanceMark.beneficiary_id, AttendanceMark.mark).where(
                AttendanceMark.site_id == seeded.site_id
            )
        ).all()
        assert sorted(b for b, _ in rows) == sorted(people)  # exactly one row each
        for beneficiary_id, mark in rows:
            changes = db.session.scalars(
                db.select(AuditEntry.new_value)
                .join(AttendanceMark, AttendanceMark.id == AuditEntry.entity_id)
                .where(
                    AuditEntry.entity == "attendance_mark",
                    AttendanceMark.beneficiary_id == beneficiary_id,
                )
                .order_by(AuditEntry.id)
            ).all()
            # both tablets' marks were recorded, and the stored one is the last change
            assert {"present", "absent"} <= set(changes)
            assert changes[-1] == mark.value
