"""The months of the period side by side: meals, people, enrolments, failures, cost."""

from collections import defaultdict
from datetime import date, timedelta
from decimal import Decimal

from sqlalchemy import func, select

from app.extensions import db
from app.places.models import Site
from app.reports.summary.counts import enrolment_counts, failed_deliveries
from app.reports.summary.figures import Figures, MonthLine

CENT = Decimal("0.01")


def months_of(start: date, end: date) -> list[tuple[int, int]]:
    months, current = [], date(start.year, start.month, 1)
    while current <= end:
        months.append((current.year, current.month))
        current = (current.replace(day=28) + timedelta(days=4)).replace(day=1)
    return months


def month_lines(served, scope, start, end, days: dict[int, list[date]]) -> list[MonthLine]:
    meals = {
        (int(y), int(m)): (canteen, delivered, unique, cost)
        for y, m, canteen, delivered, unique, cost in db.session.execute(
            select(
                served.c.year,
                served.c.month,
                func.sum(served.c.canteen),
                func.sum(served.c.delivered),
                func.count(served.c.beneficiary_id.distinct()),
                func.sum((served.c.canteen + served.c.delivered) * Site.cost_norm_lei),
            )
            .join(Site, Site.id == served.c.site_id)
            .group_by(served.c.year, served.c.month)
        ).all()
    }
    enrolments = enrolment_counts(scope, start, end, by_month=True)
    failed = failed_deliveries(scope, start, end, by_month=True)
    site_days: dict[tuple[int, int], int] = defaultdict(int)
    for site_days_list in days.values():
        for day in site_days_list:
            site_days[(day.year, day.month)] += 1
    lines = []
    for year, month in months_of(start, end):
        canteen, delivered, unique, cost = meals.get((year, month), (0, 0, 0, None))
        figures = Figures(
            service_days=site_days.get((year, month), 0),
            meals_canteen=canteen,
            meals_delivered=delivered,
            unique_people=unique,
            new_enrolments=enrolments["new"].get((year, month), 0),
            exits=enrolments["exits"].get((year, month), 0),
            cost=Decimal(str(cost)).quantize(CENT) if cost is not None else None,
        )
        figures.failed.update(failed.get((year, month), {}))
        lines.append(MonthLine(year, month, figures))
    return lines
