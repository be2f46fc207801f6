"""Demo history: the delivery lists of the last three months, with their outcomes.

Each past service day's lists are generated as the scheduler would have done; most
stops were delivered, a few not (not at home, in hospital, refused), and each outcome
is the person's lunch mark for the day, as when a driver records it.
"""

import random
from datetime import date, timedelta

from sqlalchemy import insert, select

from app.attendance.models import AttendanceMark, Mark, MarkSource, Meal
from app.core import clock
from app.core.clock import utcnow
from app.delivery.models import DeliveryList, DeliveryStop, FailureReason, Outcome
from app.delivery.services import create_lists
from app.extensions import db

HISTORY_DAYS = 92
REASONS = (
    [FailureReason.NOT_HOME] * 5
    + [FailureReason.IN_HOSPITAL] * 2
    + [
        FailureReason.REFUSED,
        FailureReason.OTHER,
    ]
)


def load(days_back: int = HISTORY_DAYS, until: date | None = None) -> int:
    """Lists and outcomes for every day before `until` (today); returns the stops."""
    rng = random.Random(31)
    until = until or clock.today()
    first = until - timedelta(days=days_back)
    day = first
    while day < until:
        create_lists(day, generated_by="demo")
        day += timedelta(days=1)
    stops = db.session.execute(
        select(DeliveryStop, DeliveryList.site_id, DeliveryList.day)
        .join(DeliveryList, DeliveryList.id == DeliveryStop.delivery_list_id)
        .where(DeliveryList.day >= first, DeliveryList.day < until)
        .order_by(DeliveryList.day, DeliveryStop.id)
    ).all()
    marks = []
    now = utcnow()
    for stop, site_id, day in stops:
        delivered = rng.random() < 0.93
        stop.outcome = Outcome.DELIVERED if delivered else Outcome.NOT_DELIVERED
        stop.failure_reason = None if delivered else rng.choice(REASONS)
        stop.marked_at = now
        marks.append(
            {
                "site_id": site_id,
                "beneficiary_id": stop.beneficiary_id,
                "day": day,
                "meal": Meal.LUNCH,
                "mark": Mark.DELIVERED if delivered else Mark.NOT_DELIVERED,
                "source": MarkSource.DRIVER,
            }
        )
    if marks:
        db.session.execute(insert(AttendanceMark), marks)
    db.session.flush()
    return len(stops)
