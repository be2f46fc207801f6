"""The programme summary for a period: read-only figures aggregated in SQL.

Per site (with its locality and district), subtotals per locality and district, a grand
total (sites.py), unique people by category, sex and age group per district
(people_groups.py), and the months of the period (months.py), read from one pass over
the marks (served.py) and a few other GROUP BY queries (counts.py). The period and the
sites come from filters.py, which the other reports share.
"""

from app.reports.summary.counts import parcels_handed_out
from app.reports.summary.figures import (
    DISTRICT,
    FAILURE_REASONS,
    LOCALITY,
    SITE,
    TOTAL,
    UNKNOWN,
    Figures,
    MonthLine,
    PeopleLine,
    Summary,
    SummaryLine,
)
from app.reports.summary.filters import (
    MAX_PERIOD_DAYS,
    SummaryFilters,
    filters_from_form,
    last_month,
    resolve_filters,
    site_scope,
    visible_districts,
    visible_sites,
)
from app.reports.summary.people_groups import DEFAULT_AGE_BOUNDS, age_bounds, age_group_labels
from app.reports.summary.sites import programme_summary

__all__ = [
    "DEFAULT_AGE_BOUNDS",
    "DISTRICT",
    "FAILURE_REASONS",
    "LOCALITY",
    "MAX_PERIOD_DAYS",
    "SITE",
    "TOTAL",
    "UNKNOWN",
    "Figures",
    "MonthLine",
    "PeopleLine",
    "Summary",
    "SummaryFilters",
    "SummaryLine",
    "age_bounds",
    "age_group_labels",
    "filters_from_form",
    "last_month",
    "parcels_handed_out",
    "programme_summary",
    "resolve_filters",
    "site_scope",
    "visible_districts",
    "visible_sites",
]
