"""Unique people served, by category, sex and age group, per district and overall.

A person is counted once per district (SELECT DISTINCT in SQL), then grouped by sex
and age group in the same query; a person with several categories is in each.
"""

from datetime import date

from sqlalchemy import String, case, func, literal, select, type_coerce

from app.beneficiaries.models import Beneficiary, BeneficiaryCategory, Category
from app.core.text import collation_key
from app.extensions import db
from app.places.models import District, Locality, Site
from app.reports.summary.figures import UNKNOWN, PeopleLine

DEFAULT_AGE_BOUNDS = (18, 63)  # children 0-17, adults 18-62, older people 63+
CATEGORY_ORDER = {category.value: index for index, category in enumerate(Category)}


def _age_group_case(end: date, bounds: tuple[int, ...], labels: list[str]):
    """The person's age group at the end of the period, worked out in SQL."""
    whens = []
    for bound, label in zip(bounds, labels, strict=False):
        cutoff = _years_before(end, bound)
        whens.append((Beneficiary.birth_date > cutoff, literal(label)))
    return case(
        (Beneficiary.birth_date.is_(None), literal(UNKNOWN)),
        *whens,
        else_=literal(labels[-1]),
    )


def _years_before(day: date, years: int) -> date:
    try:
        return day.replace(year=day.year - years)
    except ValueError:  # 29 February
        return day.replace(year=day.year - years, day=28)


def age_bounds() -> tuple[int, ...]:
    """The configured age group bounds (CANTINA_REPORT_AGE_BOUNDS, e.g. "18,63")."""
    from flask import current_app

    configured = current_app.config.get("REPORT_AGE_BOUNDS") or DEFAULT_AGE_BOUNDS
    try:
        if isinstance(configured, str):
            configured = [int(part) for part in configured.split(",") if part.strip()]
        bounds = tuple(int(bound) for bound in configured)
    except ValueError:
        return DEFAULT_AGE_BOUNDS
    if not bounds or list(bounds) != sorted(set(bounds)) or bounds[0] <= 0:
        return DEFAULT_AGE_BOUNDS
    return bounds


def age_group_labels(bounds: tuple[int, ...]) -> list[str]:
    labels, low = [], 0
    for bound in bounds:
        labels.append(f"{low}-{bound - 1}")
        low = bound
    labels.append(f"{low}+")
    return labels


def people_lines(served, filters, bounds, labels, district_names) -> list[PeopleLine]:
    """Unique people served, by category, sex and age group, per district and overall."""
    age = _age_group_case(filters.end, bounds, labels)
    sex = func.coalesce(type_coerce(Beneficiary.sex, String), UNKNOWN)
    lines: list[PeopleLine] = []
    for per_district in (True, False):
        people = (
            select(*((served.c.district_id,) if per_district else ()), served.c.beneficiary_id)
            .distinct()
            .subquery()
        )
        district_key = (people.c.district_id,) if per_district else ()
        grouped: dict[tuple, PeopleLine] = {}
        for by_category in (False, True):
            category_key = (BeneficiaryCategory.category,) if by_category else ()
            query = (
                select(*district_key, *category_key, sex, age, func.count())
                .select_from(people)
                .join(Beneficiary, Beneficiary.id == people.c.beneficiary_id)
            )
            if by_category:
                query = query.join(
                    BeneficiaryCategory, BeneficiaryCategory.beneficiary_id == Beneficiary.id
                )
            query = query.group_by(*district_key, *category_key, sex, age)
            for row in db.session.execute(query):
                values = list(row)
                district_id = values.pop(0) if per_district else None
                category = str(values.pop(0)) if by_category else None
                sex_value, age_value, count = values
                key = (district_id, category)
                line = grouped.get(key)
                if line is None:
                    line = grouped[key] = PeopleLine(
                        district=district_names.get(district_id) if per_district else None,
                        category=category,
                        by_sex={"F": 0, "M": 0, UNKNOWN: 0},
                        by_age={**{label: 0 for label in labels}, UNKNOWN: 0},
                        total=0,
                    )
                line.by_sex[str(sex_value)] += count
                line.by_age[str(age_value)] += count
                line.total += count
        lines.extend(
            sorted(
                grouped.values(),
                key=lambda line: (
                    collation_key(line.district),
                    line.category is not None,
                    CATEGORY_ORDER.get(line.category, len(CATEGORY_ORDER)),
                ),
            )
        )
    return lines


def district_names_of(scope) -> dict[int, str]:
    return dict(
        db.session.execute(
            select(District.id, District.name)
            .join(Locality, Locality.district_id == District.id)
            .join(Site, Site.locality_id == Locality.id)
            .where(Site.id.in_(scope))
            .distinct()
        ).all()
    )
