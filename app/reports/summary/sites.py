"""The programme summary: one row per site, subtotals per locality and district, a total.

Every count comes from a GROUP BY query; Python only adds up the site rows into
subtotals (except unique people, which are counted again, distinct, at each level: a
person served at two sites is one person in their district).
"""

from decimal import Decimal

from sqlalchemy import select

from app.core import calendar
from app.extensions import db
from app.places.models import District, Locality, Site, by_name
from app.reports.summary.counts import (
    capacities_of,
    enrolment_counts,
    failed_deliveries,
    parcels_handed_out,
)
from app.reports.summary.figures import (
    DISTRICT,
    LOCALITY,
    SITE,
    TOTAL,
    Figures,
    Summary,
    SummaryLine,
)
from app.reports.summary.filters import SummaryFilters, site_scope
from app.reports.summary.months import month_lines
from app.reports.summary.people_groups import (
    DEFAULT_AGE_BOUNDS,
    age_group_labels,
    district_names_of,
    people_lines,
)
from app.reports.summary.served import meals_by, served_table


def programme_summary(
    filters: SummaryFilters,
    *,
    visible: set[int] | None,
    age_bounds: tuple[int, ...] = DEFAULT_AGE_BOUNDS,
) -> Summary:
    """The programme summary for the period and filters, over the sites `visible`
    (None: every site). Check the filters first with resolve_filters."""
    start, end = filters.start, filters.end
    scope = site_scope(filters, visible)
    sites = db.session.execute(
        select(
            Site.id,
            Site.name,
            Site.cost_norm_lei,
            Site.active,
            Locality.id,
            Locality.name,
            District.id,
            District.name,
        )
        .join(Locality, Locality.id == Site.locality_id)
        .join(District, District.id == Locality.district_id)
        .where(Site.id.in_(scope))
        .order_by(*by_name(District, Locality, Site))
    ).all()
    site_ids = [row[0] for row in sites]
    days = calendar.service_days_of_sites(site_ids, start, end)
    with served_table(scope, start, end) as served:
        meals = {row[0]: row[1:] for row in meals_by(served, (served.c.site_id,))}
        unique_by_locality = {row[0]: row[3] for row in meals_by(served, (served.c.locality_id,))}
        unique_by_district = {row[0]: row[3] for row in meals_by(served, (served.c.district_id,))}
        unique_total = meals_by(served, ())[0][2]
        labels = age_group_labels(age_bounds)
        people = people_lines(served, filters, age_bounds, labels, district_names_of(scope))
        months = month_lines(served, scope, start, end, days)
    enrolments = enrolment_counts(scope, start, end, by_month=False)
    failed = failed_deliveries(scope, start, end, by_month=False)
    capacities = capacities_of(scope)
    parcels = parcels_handed_out(scope, start, end)

    lines: list[SummaryLine] = []
    total = SummaryLine(TOTAL, "", "", "", None, Figures(unique_people=unique_total), 0.0)
    locality_line: SummaryLine | None = None
    district_line: SummaryLine | None = None
    current = (None, None)  # (district id, locality id) of the open subtotals
    for site_id, name, norm, active, loc_id, loc_name, dist_id, dist_name in sites:
        figures = _site_figures(site_id, norm, meals, days, capacities, enrolments, failed, parcels)
        if not active and not figures.has_any:
            continue  # a closed site with nothing in the period
        if current[1] != loc_id and locality_line is not None:
            lines.append(locality_line)
            locality_line = None
        if current[0] != dist_id and district_line is not None:
            lines.append(district_line)
            district_line = None
        if district_line is None:
            district_line = SummaryLine(
                DISTRICT, dist_name, "", "", None, _empty(unique_by_district.get(dist_id)), 0.0
            )
        if locality_line is None:
            locality_line = SummaryLine(
                LOCALITY, dist_name, loc_name, "", None, _empty(unique_by_locality.get(loc_id)), 0.0
            )
        current = (dist_id, loc_id)
        line = SummaryLine(SITE, dist_name, loc_name, name, norm, figures, figures.average_daily)
        lines.append(line)
        for group in (locality_line, district_line, total):
            group.figures.add(figures)
            group.figures.service_days += figures.service_days
            group.average_daily += line.average_daily or 0.0
    for group in (locality_line, district_line):
        if group is not None:
            lines.append(group)
    if parcels is not None:
        total.figures.parcels = total.figures.parcels or 0
    lines.append(total)

    return Summary(
        filters=filters,
        lines=lines,
        people=people,
        months=months,
        age_groups=labels,
        with_parcels=parcels is not None,
    )


def _empty(unique: int | None) -> Figures:
    return Figures(unique_people=unique or 0)


def _site_figures(site_id, norm, meals, days, capacities, enrolments, failed, parcels):
    canteen, delivered, unique = meals.get(site_id, (0, 0, 0))
    figures = Figures(
        service_days=len(days.get(site_id, ())),
        meals_canteen=canteen,
        meals_delivered=delivered,
        capacity=capacities.get(site_id),
        unique_people=unique,
        new_enrolments=enrolments["new"].get((site_id,), 0),
        exits=enrolments["exits"].get((site_id,), 0),
        parcels=parcels.get(site_id, 0) if parcels is not None else None,
    )
    figures.failed.update(failed.get((site_id,), {}))
    if norm is not None:
        figures.cost = Decimal(norm) * figures.meals_total
    return figures
