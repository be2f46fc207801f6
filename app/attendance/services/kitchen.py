"""The kitchen count: portions of lunch to cook, by diet."""

from collections import Counter
from dataclasses import dataclass, field
from datetime import date

from app.attendance.models import Meal
from app.attendance.services.expected import expected_people, not_serving_message
from app.core import calendar

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
    normal = diets.pop(NORMAL_DIET, 0)
    count.by_diet = {NORMAL_DIET: normal} if normal else {}
    count.by_diet.update(sorted(diets.items()))
    return count
