"""The programme summary's figures equal what the database holds for a hand-built world."""

from datetime import date
from decimal import Decimal

import pytest

from app.core.errors import InvalidInputError, PermissionDeniedError
from app.reports.summary import (
    DISTRICT,
    LOCALITY,
    SITE,
    TOTAL,
    UNKNOWN,
    age_group_labels,
    programme_summary,
    resolve_filters,
)
from tests.reports.conftest import NOVEMBER


def _summary(visible=None, **filters):
    return programme_summary(
        resolve_filters(*NOVEMBER, visible=visible, **filters), visible=visible
    )


def _line(summary, level, name=""):
    matches = [
        line
        for line in summary.lines
        if line.level == level
        and (not name or any(name in part for part in (line.site, line.locality, line.district)))
    ]
    assert len(matches) == 1, (level, name, matches)
    return matches[0]


def test_site_rows_count_meals_people_days_and_cost(ctx, world):
    summary = _summary()
    assert [
        (line.level, line.site or line.locality or line.district) for line in summary.lines
    ] == [
        (SITE, "Cantina Doi"),
        (SITE, "Cantina Unu"),
        (LOCALITY, "Satul Unu"),
        (DISTRICT, "Alfa"),
        (SITE, '=HYPERLINK("http://x")'),
        (LOCALITY, "Satul Doi"),
        (DISTRICT, "Beta"),
        (TOTAL, ""),
    ]
    s1 = _line(summary, SITE, "Cantina Unu").figures
    assert (s1.meals_canteen, s1.meals_delivered, s1.meals_total) == (3, 2, 5)
    assert s1.unique_people == 2  # Costel was only absent
    assert s1.service_days == 21  # November 2026 has 21 weekdays and no holiday
    assert s1.capacity == 40
    assert s1.average_daily == pytest.approx(5 / 21)
    assert s1.cost == Decimal("127.50")
    assert s1.failed == {"not_home": 1, "refused": 1, "in_hospital": 0, "other": 0}
    assert (s1.new_enrolments, s1.exits) == (0, 1)
    s2 = _line(summary, SITE, "Cantina Doi").figures
    assert s2.service_days == 20  # closed one day
    assert (s2.meals_canteen, s2.unique_people, s2.cost) == (1, 1, None)
    s3 = _line(summary, SITE, "HYPERLINK").figures
    assert (s3.meals_canteen, s3.unique_people, s3.new_enrolments) == (5, 2, 1)


def test_subtotals_add_up_and_people_count_once_per_level(ctx, world):
    summary = _summary()
    alfa = _line(summary, DISTRICT, "Alfa")
    locality = _line(summary, LOCALITY, "Satul Unu").figures
    assert (locality.meals_total, locality.service_days, locality.unique_people) == (6, 41, 3)
    assert locality.cost == Decimal("127.50")
    assert alfa.figures.meals_total == 6
    assert alfa.average_daily == pytest.approx(5 / 21 + 1 / 20)
    total = summary.total.figures
    sites = [line.figures for line in summary.site_lines]
    assert total.meals_canteen == sum(f.meals_canteen for f in sites) == 9
    assert total.meals_delivered == sum(f.meals_delivered for f in sites) == 2
    assert total.service_days == 62
    # Dana ate at a site of each district: one person in the grand total
    assert sum(f.unique_people for f in sites) == 5
    assert total.unique_people == 4
    assert total.failed_total == 2
    assert total.capacity == 120


def test_people_by_category_sex_and_age_group(ctx, world):
    summary = _summary()
    assert summary.age_groups == ["0-17", "18-62", "63+"]
    by_key = {(line.district, line.category): line for line in summary.people}
    alfa = by_key[("Alfa", None)]
    assert alfa.total == 3
    assert alfa.by_sex == {"F": 1, "M": 1, UNKNOWN: 1}
    assert alfa.by_age == {"0-17": 1, "18-62": 0, "63+": 1, UNKNOWN: 1}
    assert by_key[("Alfa", "solitary_elderly")].total == 2  # Ana and Barbu
    assert by_key[("Alfa", "disability")].total == 1
    beta = by_key[("Beta", None)]
    assert (beta.total, beta.by_sex["F"], beta.by_age["18-62"]) == (2, 2, 1)
    everyone = by_key[(None, None)]
    assert everyone.total == 4
    assert everyone.by_sex == {"F": 2, "M": 1, UNKNOWN: 1}


def test_age_groups_are_configurable(ctx, world):
    summary = programme_summary(
        resolve_filters(*NOVEMBER, visible=None), visible=None, age_bounds=(12, 60, 75)
    )
    assert age_group_labels((12, 60, 75)) == ["0-11", "12-59", "60-74", "75+"]
    everyone = next(line for line in summary.people if line.district is None and not line.category)
    assert everyone.by_age == {"0-11": 1, "12-59": 1, "60-74": 0, "75+": 1, UNKNOWN: 1}


def test_months_of_the_period(ctx, world):
    summary = programme_summary(
        resolve_filters(date(2026, 10, 1), date(2026, 11, 30), visible=None), visible=None
    )
    assert [(m.year, m.month) for m in summary.months] == [(2026, 10), (2026, 11)]
    october, november = (m.figures for m in summary.months)
    assert (october.meals_canteen, october.unique_people) == (1, 1)
    assert (november.meals_total, november.unique_people) == (11, 4)
    assert november.cost == Decimal("127.50")
    assert november.failed_total == 2
    assert november.new_enrolments == 1


def test_filters_by_district_and_site(ctx, world):
    beta = _summary(district_id=world.beta.id)
    assert [line.site for line in beta.site_lines] == ['=HYPERLINK("http://x")']
    assert beta.total.figures.meals_total == 5
    one = _summary(site_id=world.s2.id)
    assert [line.site for line in one.site_lines] == ["Cantina Doi"]
    assert one.total.figures.unique_people == 1


def test_staff_see_only_their_sites(ctx, world):
    mine = _summary(visible={world.s1.id})
    assert [line.site for line in mine.site_lines] == ["Cantina Unu"]
    assert mine.total.figures.unique_people == 2
    assert {line.district for line in mine.people} == {"Alfa", None}
    with pytest.raises(PermissionDeniedError):
        _summary(visible={world.s1.id}, site_id=world.s3.id)
    # a district they have no site in gives an empty summary, not the district's figures
    other = _summary(visible={world.s1.id}, district_id=world.beta.id)
    assert other.site_lines == []
    assert other.total.figures.meals_total == 0


def test_a_period_must_run_forwards_and_not_too_long(ctx):
    with pytest.raises(InvalidInputError):
        resolve_filters(date(2026, 11, 30), date(2026, 11, 1), visible=None)
    with pytest.raises(InvalidInputError):
        resolve_filters(date(2025, 1, 1), date(2026, 11, 1), visible=None)
