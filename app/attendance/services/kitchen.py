"""The kitchen count: portions of lunch to cook, by diet."""

from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import date

from sqlalchemy import case, func, select

from app.attendance.models import Meal
from app.attendance.services.expected import (
    due_on,
    expected_people,
    not_serving_message,
    portions_due,
)
from app.beneficiaries.models import Beneficiary, Enrolment
from app.core import calendar
from app.extensions import db
from app.places.models import Service

NORMAL_DIET = "normal"


@dataclass
class KitchenCount:
    site_id: int
    day: date
    serves: bool
    closed_message: str | None = None
    at_canteen: int = 0
    to_deliver: int = 0
    by_diet: dict[str, int] = field(default_factory=dict)

    @property
    def total(self) -> int:
        return self.at_canteen + self.to_deliver


def diet_key(notes: str | None) -> str:
    text = " ".join((notes or "").split())
    return text or NORMAL_DIET


def kitchen_count(site_id: int, day: date) -> KitchenCount:
    """Portions of lunch to cook: people expected at the canteen plus portions to deliver.

    Paused people are not expected, so not counted; subtotals by the person's diet
    notes (none = "normal"). On a day the site does not serve, says why instead.
    """
    status = calendar.day_status(site_id, day)
    if not status.serves:
        return KitchenCount(site_id, day, False, closed_message=not_serving_message(status))
    count = KitchenCount(site_id, day, True)
    diets: Counter[str] = Counter()
    for person in expected_people(site_id, day, Meal.LUNCH):
        if person.delivered:
            count.to_deliver += person.portions
        else:
            count.at_canteen += person.portions
        diets[diet_key(person.diet_notes)] += person.portions
    count.by_diet = _subtotals(diets)
    return count


def _subtotals(diets: Counter[str]) -> dict[str, int]:
    """Portions by diet: the normal diet first, then the others by name."""
    normal = diets.pop(NORMAL_DIET, 0)
    by_diet = {NORMAL_DIET: normal} if normal else {}
    by_diet.update(sorted(diets.items()))
    return by_diet


def kitchen_counts(site_ids, day: date, *, by_diet: bool = False) -> dict[int, KitchenCount]:
    """kitchen_count of many sites at once; the subtotals by diet only if asked (the home
    page shows them, the dashboard does not).

    The same rule in two queries whatever the number of sites: the calendar's
    overrides of the day, then the portions of every serving site, counting each
    person once per site by their latest enrolment as expected_people does.
    """
    counts = {}
    for site_id, status in calendar.day_statuses(site_ids, day).items():
        message = not_serving_message(status)
        counts[site_id] = KitchenCount(site_id, day, status.serves, closed_message=message)
    serving = [site_id for site_id, count in counts.items() if count.serves]
    if not serving:
        return counts
    ranked = select(
        Enrolment.site_id.label("site_id"),
        Enrolment.service.label("service"),
        portions_due().label("portions"),
        func.row_number()
        .over(
            partition_by=(Enrolment.site_id, Enrolment.beneficiary_id),
            order_by=(Enrolment.start_date.desc(), Enrolment.id.desc()),
        )
        .label("rank"),
    ).where(Enrolment.site_id.in_(serving), *due_on(day, Meal.LUNCH))
    if by_diet:
        ranked = ranked.add_columns(Beneficiary.diet_notes.label("diet")).join(
            Beneficiary, Beneficiary.id == Enrolment.beneficiary_id
        )
    ranked = ranked.subquery()
    groups = (ranked.c.site_id, ranked.c.diet) if by_diet else (ranked.c.site_id,)
    delivered = ranked.c.service == Service.DELIVERY
    rows = db.session.execute(
        select(
            func.sum(case((delivered, 0), else_=ranked.c.portions)),
            func.sum(case((delivered, ranked.c.portions), else_=0)),
            *groups,
        )
        .where(ranked.c.rank == 1)
        .group_by(*groups)
    )
    diets: dict[int, Counter[str]] = defaultdict(Counter)
    for at_canteen, to_deliver, site_id, *diet in rows:
        count = counts[site_id]
        count.at_canteen += int(at_canteen or 0)
        count.to_deliver += int(to_deliver or 0)
        if by_diet:
            diets[site_id][diet_key(diet[0])] += int(at_canteen or 0) + int(to_deliver or 0)
    for site_id, portions in diets.items():
        counts[site_id].by_diet = _subtotals(portions)
    return counts
