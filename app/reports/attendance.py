"""The monthly attendance register of a site: read-only aggregate queries."""

from dataclasses import dataclass, field
from datetime import date, timedelta

from flask_babel import gettext as _
from sqlalchemy import or_, select

from app.attendance.models import SERVED_MARKS, AttendanceMark, Mark, Meal
from app.attendance.services import services_for
from app.beneficiaries.models import Beneficiary, Enrolment, EnrolmentStatus
from app.core import calendar
from app.core.labels import label
from app.core.text import collation_key
from exports.attendance_register import write_attendance_register

# The paper register's letters: Prezent, Absent, Motivat, Livrat, Nelivrat.
LETTERS = {
    Mark.PRESENT: "P",
    Mark.ABSENT: "A",
    Mark.EXCUSED: "M",
    Mark.DELIVERED: "L",
    Mark.NOT_DELIVERED: "N",
}


@dataclass
class RegisterRow:
    beneficiary_id: int
    name: str
    cells: dict[date, str] = field(default_factory=dict)
    served: int = 0
    absent: int = 0
    excused: int = 0


@dataclass
class Register:
    site_id: int
    year: int
    month: int
    meal: Meal
    days: list[date]
    rows: list[RegisterRow]
    served_by_day: dict[date, int]

    @property
    def served_total(self) -> int:
        return sum(self.served_by_day.values())


def month_bounds(year: int, month: int) -> tuple[date, date]:
    start = date(year, month, 1)
    end = (start.replace(day=28) + timedelta(days=4)).replace(day=1) - timedelta(days=1)
    return start, end


def monthly_register(site_id: int, year: int, month: int, meal: Meal) -> Register:
    """People in rows (everyone enrolled or marked that month), service days in columns."""
    from app.extensions import db

    meal = Meal(meal)
    start, end = month_bounds(year, month)
    marks = db.session.execute(
        select(
            AttendanceMark.beneficiary_id,
            AttendanceMark.day,
            AttendanceMark.mark,
            Beneficiary.last_name,
            Beneficiary.first_name,
        )
        .join(Beneficiary, Beneficiary.id == AttendanceMark.beneficiary_id)
        .where(
            AttendanceMark.site_id == site_id,
            AttendanceMark.meal == meal,
            AttendanceMark.day >= start,
            AttendanceMark.day <= end,
        )
    ).all()
    enrolled = db.session.execute(
        select(Beneficiary.id, Beneficiary.last_name, Beneficiary.first_name)
        .join(Enrolment, Enrolment.beneficiary_id == Beneficiary.id)
        .where(
            Enrolment.site_id == site_id,
            Enrolment.service.in_(services_for(meal)),
            Enrolment.status != EnrolmentStatus.WAITING,
            Enrolment.start_date <= end,
            or_(Enrolment.end_date.is_(None), Enrolment.end_date >= start),
        )
        .distinct()
    ).all()
    rows: dict[int, RegisterRow] = {}
    for beneficiary_id, last, first in enrolled:
        rows[beneficiary_id] = RegisterRow(beneficiary_id, f"{last} {first}")
    # service days, and closed days whose marks were kept when the day was closed;
    # a mark on any other day (a closure that did not keep them) counts no meal
    days = set(calendar.register_days(site_id, start, end))
    served_by_day: dict[date, int] = {}
    for beneficiary_id, day, mark, last, first in marks:
        if day not in days:
            continue
        row = rows.setdefault(beneficiary_id, RegisterRow(beneficiary_id, f"{last} {first}"))
        row.cells[day] = LETTERS[Mark(mark)]
        if mark in SERVED_MARKS:
            row.served += 1
            served_by_day[day] = served_by_day.get(day, 0) + 1
        elif mark == Mark.ABSENT:
            row.absent += 1
        elif mark == Mark.EXCUSED:
            row.excused += 1
    ordered_days = sorted(days)
    return Register(
        site_id=site_id,
        year=year,
        month=month,
        meal=meal,
        days=ordered_days,
        rows=sorted(rows.values(), key=lambda r: (collation_key(r.name), r.beneficiary_id)),
        served_by_day={d: served_by_day.get(d, 0) for d in ordered_days},
    )


def register_table(register: Register) -> tuple[list[date], list[tuple]]:
    """Plain rows for the workbook: name, one letter per day, then the totals."""
    table = [
        (
            row.name,
            *(row.cells.get(day, "") for day in register.days),
            row.served,
            row.absent,
            row.excused,
        )
        for row in register.rows
    ]
    return register.days, table


def write_register(site_id: int, place: str, year: int, month: int, meal: Meal, target) -> None:
    """The month's register of a site as a workbook; `place` is the heading's second line."""
    register = monthly_register(site_id, year, month, meal)
    days, rows = register_table(register)
    write_attendance_register(
        title=f"{month:02d}.{year}",
        heading=[_("Registru de evidență: %(meal)s", meal=label(meal)), place],
        days=days,
        rows=rows,
        served_by_day=[register.served_by_day[d] for d in days],
        labels={
            "name": _("Nume, prenume"),
            "served": _("Servite"),
            "absent": _("Absențe"),
            "excused": _("Motivate"),
            "total": _("Total servite pe zi"),
        },
        target=target,
    )
