"""Who is expected at a site on a day, and whether the site serves that day."""

from collections.abc import Callable, Collection
from dataclasses import dataclass
from datetime import date
from typing import NamedTuple

from flask_babel import gettext as _
from sqlalchemy import ColumnElement, and_, bindparam, case, func, literal, select

from app.attendance.labels import closure_reason_label
from app.attendance.models import AttendanceMark, Mark, MarkSource, Meal
from app.beneficiaries.models import (
    LUNCH_SERVICES,
    Beneficiary,
    Enrolment,
)
from app.core import calendar
from app.core.db import read_rows
from app.core.errors import DomainError
from app.places.models import Service


def services_for(meal: Meal) -> tuple[Service, ...]:
    return LUNCH_SERVICES if Meal(meal) == Meal.LUNCH else (Service.DAY_CARE,)


@dataclass(frozen=True)
class ExpectedPerson:
    beneficiary_id: int
    enrolment_id: int
    first_name: str
    last_name: str
    service: Service
    diet_notes: str | None
    portions: int

    @property
    def name(self) -> str:
        return f"{self.last_name} {self.first_name}"

    @property
    def delivered(self) -> bool:
        return self.service == Service.DELIVERY


# How many portions a delivered person gets, as SQL over the person's id column. The
# domain that keeps routes fills it (delivery registers its route stops): attendance
# knows nothing above it, and without a provider every delivered person gets one.
DELIVERED_PORTIONS: list[Callable[[ColumnElement[int]], ColumnElement[int]]] = []


def portions_due() -> ColumnElement[int]:
    """SQL: the portions of a due enrolment: its route stop's for home delivery, else 1."""
    if not DELIVERED_PORTIONS:
        return literal(1)
    delivered = func.coalesce(DELIVERED_PORTIONS[0](Enrolment.beneficiary_id), 1)
    return case((Enrolment.service == Service.DELIVERY, delivered), else_=1)


def _due():
    """SQL conditions: an enrolment at the site for the services that is served on the day."""
    return (
        Enrolment.site_id == bindparam("site_id"),
        Enrolment.service.in_(bindparam("services", expanding=True)),
        Enrolment.serves_on(bindparam("day")),
    )


def due_on(day: date, meal: Meal) -> tuple:
    """SQL conditions on Enrolment: due on the day for the meal, at any site."""
    return (Enrolment.service.in_(services_for(meal)), Enrolment.serves_on(day))


def due_params(site_id: int, day: date, meal: Meal) -> dict:
    """The parameters of the statements built on _due (EXPECTED_IDS among them)."""
    return {"site_id": site_id, "day": day, "services": list(services_for(meal))}


class _Statements(NamedTuple):
    roster: object
    roster_of: object
    roster_of_with_marks: object


_built: dict[tuple, _Statements] = {}


def _statements() -> _Statements:
    """The roster statements, built once per portions provider with bound parameters
    (site_id, day, services): a tap then pays only for running them, not for
    assembling the SQL expression again."""
    key = tuple(DELIVERED_PORTIONS)
    if key not in _built:
        roster = (
            select(
                Beneficiary.id,
                Enrolment.id,
                Beneficiary.first_name,
                Beneficiary.last_name,
                Enrolment.service,
                Beneficiary.diet_notes,
                portions_due(),
            )
            .join(Beneficiary, Beneficiary.id == Enrolment.beneficiary_id)
            .where(*_due())
            .order_by(
                Beneficiary.last_name_key,
                Beneficiary.first_name_key,
                Beneficiary.id,
                Enrolment.start_date.desc(),
            )
        )
        roster_of = roster.where(Enrolment.beneficiary_id.in_(bindparam("only", expanding=True)))
        mark = AttendanceMark.__table__.c
        with_marks = roster_of.add_columns(mark.mark, mark.source, mark.reason).outerjoin(
            AttendanceMark.__table__,
            and_(
                mark.beneficiary_id == Enrolment.beneficiary_id,
                mark.day == bindparam("day"),
                mark.meal == bindparam("meal"),
            ),
        )
        _built[key] = _Statements(roster, roster_of, with_marks)
    return _built[key]


class StoredMark(NamedTuple):
    mark: Mark
    source: MarkSource
    reason: str | None


# the ids of the people expected_people answers, each once (for counting in SQL)
EXPECTED_IDS = select(Enrolment.beneficiary_id).where(*_due()).distinct()


def expected_people(
    site_id: int, day: date, meal: Meal, only: Collection[int] | None = None
) -> list[ExpectedPerson]:
    """People enrolled at the site for the meal who are due on that day, by name.

    Enrolment not waiting, started, not ended, and no pause covering the day; for
    lunch both the canteen and home delivery, for day care the day-care service.
    Portions come from the person's route stop when they are on a route. Whether the
    site itself serves that day is the calendar's business (see require_service_day).
    `only` limits the answer to some people (found through their enrolments' index),
    for checking a few marks without reading the whole roster.
    """
    params = due_params(site_id, day, meal)
    if only is None:
        rows = read_rows(_statements().roster, params)
    else:
        rows = read_rows(_statements().roster_of, {**params, "only": list(only)})
    people, seen = [], set()
    for row in rows:
        # one line per person even when a lunch enrolment ends the day a delivery starts
        if row[0] in seen:
            continue
        seen.add(row[0])
        people.append(ExpectedPerson(*row))
    return people


def expected_with_marks(
    site_id: int, day: date, meal: Meal, only: Collection[int]
) -> tuple[dict[int, ExpectedPerson], dict[int, StoredMark]]:
    """Some people, if expected (as expected_people), and their stored marks: one query.

    What marking checks before it writes, by person: who is expected, and what is
    already stored for them that day and meal."""
    params = {**due_params(site_id, day, meal), "meal": Meal(meal), "only": list(only)}
    people, marks = {}, {}
    for row in read_rows(_statements().roster_of_with_marks, params):
        if row[0] in people:  # a second enrolment of the same person (see expected_people)
            continue
        people[row[0]] = ExpectedPerson(*row[:7])
        if row[7] is not None:
            marks[row[0]] = StoredMark(*row[7:])
    return people, marks


def not_serving_message(status: calendar.DayStatus) -> str | None:
    """Why a site does not serve on a day, in words; None when it serves."""
    if status.serves:
        return None
    if status.override_open is False:
        return _("Centrul este închis: %(reason)s.", reason=closure_reason_label(status.reason))
    if status.holiday:
        return _("Sărbătoare legală: %(name)s.", name=status.holiday)
    return _("Zi de odihnă (sâmbătă sau duminică).")


def require_service_day(site_id: int, day: date) -> calendar.DayStatus:
    status = calendar.day_status(site_id, day)
    message = not_serving_message(status)
    if message is not None:
        raise DomainError(
            _("Centrul nu lucrează pe %(day)s. %(why)s", day=day.strftime("%d.%m.%Y"), why=message)
        )
    return status
