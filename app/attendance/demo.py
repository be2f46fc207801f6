"""Demo history: about three months of lunch and day-care marks behind today.

Most people come on most days, some are excused now and then, a few are absent; one
person a site has been absent on the last service days, so the absence alerts show.
People on home delivery are marked by the delivery history (app/delivery/demo_history).
"""

import random
from datetime import date, timedelta

from sqlalchemy import insert, select
from sqlalchemy.orm import selectinload

from app.attendance.models import AttendanceMark, Mark, MarkSource, Meal
from app.beneficiaries.models import Enrolment, EnrolmentStatus
from app.core import calendar, clock
from app.extensions import db
from app.places.models import Service

HISTORY_DAYS = 92
ALERT_DAYS = 4


def load(sites, days_back: int = HISTORY_DAYS, until: date | None = None) -> int:
    """Marks for every service day before `until` (today); returns how many."""
    rng = random.Random(92)
    until = until or clock.today()
    rows = []
    for site in sites:
        days = calendar.service_days(
            site.id, until - timedelta(days=days_back), until - timedelta(days=1)
        )
        enrolments = list(
            db.session.scalars(
                select(Enrolment)
                .where(
                    Enrolment.site_id == site.id,
                    Enrolment.service.in_((Service.LUNCH, Service.DAY_CARE)),
                    Enrolment.status != EnrolmentStatus.WAITING,
                )
                .options(selectinload(Enrolment.pauses))
                .order_by(Enrolment.beneficiary_id, Enrolment.id)
            )
        )
        lunch = [e for e in enrolments if e.service == Service.LUNCH]
        absent_lately = lunch[len(lunch) // 2].beneficiary_id if lunch else None
        for index, day in enumerate(days):
            seen: set[tuple[int, Meal]] = set()
            for enrolment in enrolments:
                meal = Meal.LUNCH if enrolment.service == Service.LUNCH else Meal.DAY_CARE
                key = (enrolment.beneficiary_id, meal)
                if key in seen or not enrolment.serves_on(day):
                    continue
                seen.add(key)
                draw = rng.random()
                mark = Mark.PRESENT if draw < 0.86 else Mark.EXCUSED if draw < 0.94 else Mark.ABSENT
                if enrolment.beneficiary_id == absent_lately and index >= len(days) - ALERT_DAYS:
                    mark = Mark.ABSENT
                rows.append(
                    {
                        "site_id": site.id,
                        "beneficiary_id": enrolment.beneficiary_id,
                        "enrolment_id": enrolment.id,
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
