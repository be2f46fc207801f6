"""Absence alerts: people expected who have not come for several service days."""

from dataclasses import dataclass
from datetime import date, timedelta

from flask import current_app
from sqlalchemy import case, exists, func, or_, select
from sqlalchemy.orm import aliased

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
    every morning. Sites sharing the same last service days (most of them) are asked
    together, so a thousand sites cost a few queries; alerts come site by site, in
    the order of `site_ids`, by name within a site.
    """
    day = day or clock.today()
    n = current_app.config.get("ABSENCE_ALERT_DAYS", 3)
    site_ids = list(site_ids)
    served = calendar.service_days_of_sites(site_ids, day - timedelta(days=LOOK_BACK_DAYS - 1), day)
    windows: dict[tuple, list[int]] = {}
    for site_id in site_ids:
        days = list(reversed(served[site_id]))[: n + 1]
        if len(days) < n:
            continue
        with_today = days[:n]
        before_today = [d for d in days if d != day][:n]
        if len(before_today) < n:
            before_today = with_today
        windows.setdefault((tuple(with_today), tuple(before_today)), []).append(site_id)
    by_site: dict[int, list[AbsenceAlert]] = {}
    for (with_today, before_today), sites in windows.items():
        for alert in _alerts_of(sites, day, n, list(with_today), list(before_today)):
            by_site.setdefault(alert.site_id, []).append(alert)
    return [alert for site_id in site_ids for alert in by_site.get(site_id, [])]


# as far back as a site's last service days are looked for (calendar.previous_service_days)
LOOK_BACK_DAYS = 60


def _alerts_of(sites, day, n, with_today, before_today) -> list[AbsenceAlert]:
    """The alerts of sites whose last service days are the same, by name."""
    absent = (
        select(
            AttendanceMark.site_id,
            AttendanceMark.beneficiary_id,
            AttendanceMark.meal,
            AttendanceMark.day,
        )
        .where(
            AttendanceMark.site_id.in_(sites),
            AttendanceMark.mark == Mark.ABSENT,
            AttendanceMark.day.in_(set(with_today) | set(before_today)),
        )
        .subquery()
    )
    in_with = func.count(case((absent.c.day.in_(with_today), 1)))
    in_before = func.count(case((absent.c.day.in_(before_today), 1)))
    today = aliased(AttendanceMark)
    marked_today = (
        exists()
        .where(
            today.site_id == absent.c.site_id,
            today.beneficiary_id == absent.c.beneficiary_id,
            today.meal == absent.c.meal,
            today.day == day,
        )
        .correlate(absent)
    )
    rows = db.session.execute(
        select(
            absent.c.site_id,
            absent.c.beneficiary_id,
            absent.c.meal,
            in_with,
            in_before,
            marked_today,
            Beneficiary.last_name,
            Beneficiary.first_name,
        )
        .join(Beneficiary, Beneficiary.id == absent.c.beneficiary_id)
        .group_by(
            absent.c.site_id,
            absent.c.beneficiary_id,
            absent.c.meal,
            Beneficiary.last_name,
            Beneficiary.first_name,
            Beneficiary.last_name_key,
            Beneficiary.first_name_key,
        )
        # only the people absent often enough come back (a few among thousands)
        .having(or_(in_with >= n, in_before >= n))
        .order_by(Beneficiary.last_name_key, Beneficiary.first_name_key, absent.c.beneficiary_id)
    ).all()
    alerts = []
    for site_id, beneficiary_id, meal, with_count, before_count, marked, last, first in rows:
        if with_count >= n:
            window = with_today
        elif before_count >= n and not marked:
            window = before_today
        else:
            continue
        alerts.append(
            AbsenceAlert(site_id, beneficiary_id, f"{last} {first}", Meal(meal), min(window), n)
        )
    return alerts
