"""Absence alerts: people expected who have not come for several service days."""

from dataclasses import dataclass
from datetime import date, timedelta

from flask import current_app
from sqlalchemy import case, func, select

from app.attendance.models import AttendanceMark, Mark, Meal
from app.beneficiaries.models import Beneficiary
from app.core import calendar, clock
from app.extensions import db


@dataclass(frozen=True)
class AbsenceAlert:
    site_id: int
    beneficiary_id: int
    name: str
    meal: Meal
    since: date
    days: int


def absence_alerts(site_ids: list[int], day: date | None = None) -> list[AbsenceAlert]:
    """People absent without excuse on each of the site's last N service days.

    N is ABSENCE_ALERT_DAYS. Today counts once the person is marked today; before
    that, the N service days before today decide, so the list does not empty itself
    every morning.
    """
    day = day or clock.today()
    n = current_app.config.get("ABSENCE_ALERT_DAYS", 3)
    alerts: list[AbsenceAlert] = []
    for site_id in site_ids:
        days = calendar.previous_service_days(site_id, day + timedelta(days=1), n + 1)
        if len(days) < n:
            continue
        with_today = days[:n]
        before_today = [d for d in days if d != day][:n]
        if len(before_today) < n:
            before_today = with_today
        absent = (
            select(
                AttendanceMark.beneficiary_id,
                AttendanceMark.meal,
                AttendanceMark.day,
            )
            .where(
                AttendanceMark.site_id == site_id,
                AttendanceMark.mark == Mark.ABSENT,
                AttendanceMark.day.in_(set(with_today) | set(before_today)),
            )
            .subquery()
        )
        marked_today = select(AttendanceMark.beneficiary_id, AttendanceMark.meal).where(
            AttendanceMark.day == day
        )
        rows = db.session.execute(
            select(
                absent.c.beneficiary_id,
                absent.c.meal,
                func.count(case((absent.c.day.in_(with_today), 1))),
                func.count(case((absent.c.day.in_(before_today), 1))),
                Beneficiary.last_name,
                Beneficiary.first_name,
            )
            .join(Beneficiary, Beneficiary.id == absent.c.beneficiary_id)
            .group_by(
                absent.c.beneficiary_id,
                absent.c.meal,
                Beneficiary.last_name,
                Beneficiary.first_name,
            )
            .order_by(Beneficiary.last_name, Beneficiary.first_name)
        ).all()
        today_marked = {
            (r.beneficiary_id, r.meal)
            for r in db.session.execute(marked_today.where(AttendanceMark.site_id == site_id))
        }
        for beneficiary_id, meal, in_with, in_before, last, first in rows:
            if in_with >= n:
                window = with_today
            elif in_before >= n and (beneficiary_id, meal) not in today_marked:
                window = before_today
            else:
                continue
            alerts.append(
                AbsenceAlert(site_id, beneficiary_id, f"{last} {first}", Meal(meal), min(window), n)
            )
    return alerts
