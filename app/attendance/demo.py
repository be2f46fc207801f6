"""Demo history: about three months of lunch and day-care marks behind today.

Most people come on most days, some are excused now and then, a few are absent; one
person a site has been absent on the last service days, so the absence alerts show.
People on home delivery are marked by the delivery history (app/delivery/demo_history).
"""

import random
from datetime import date, timedelta

from sqlalchemy import insert

from app.attendance.models import AttendanceMark, Mark, MarkSource, Meal
from app.attendance.services import expected_people
from app.core import calendar
from app.core.clock import today
from app.extensions import db

HISTORY_DAYS = 92
ALERT_DAYS = 4


def load(sites, days_back: int = HISTORY_DAYS, until: date | None = None) -> int:
    """Marks for every service day before `until` (today); returns how many."""
    rng = random.Random(92)
    until = until or today()
    rows = []
    for site in sites:
        days = calendar.service_days(
            site.id, until - timedelta(days=days_back), until - timedelta(days=1)
        )
        absent_lately = None
        for index, day in enumerate(days):
            for meal in (Meal.LUNCH, Meal.DAY_CARE):
                people = [p for p in expected_people(site.id, day, meal) if not p.delivered]
                if meal == Meal.LUNCH and absent_lately is None and people:
                    absent_lately = people[len(people) // 2].beneficiary_id
                for person in people:
                    draw = rng.random()
                    mark = (
                        Mark.PRESENT
                        if draw < 0.86
                        else Mark.EXCUSED
                        if draw < 0.94
                        else Mark.ABSENT
                    )
                    if person.beneficiary_id == absent_lately and index >= len(days) - ALERT_DAYS:
                        mark = Mark.ABSENT
                    rows.append(
                        {
                            "site_id": site.id,
                            "beneficiary_id": person.beneficiary_id,
                            "enrolment_id": person.enrolment_id,
                            "day": day,
                            "meal": meal,
                            "mark": mark,
                            "source": MarkSource.STAFF,
                            "reason": "boală" if mark == Mark.EXCUSED else None,
                        }
                    )
    if rows:
        db.session.execute(insert(AttendanceMark), rows)
    db.session.flush()
    return len(rows)
