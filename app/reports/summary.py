"""The programme summary for a period: read-only figures aggregated in SQL.

Per site (with its locality and district), subtotals per locality and district, a grand
total, unique people by category, sex and age group per district, and the months of the
period. Every count comes from a GROUP BY query; Python only adds up the site rows into
subtotals (except unique people, which are counted again, distinct, at each level: a
person served at two sites is one person in their district).
"""

from collections import defaultdict
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal

from flask_babel import gettext as _
from sqlalchemy import (
    Column,
    Integer,
    MetaData,
    String,
    Table,
    and_,
    case,
    extract,
    func,
    insert,
    literal,
    select,
    type_coerce,
)

from app.attendance.models import SERVED_MARKS, AttendanceMark, Mark, Meal
from app.beneficiaries.models import (
    Beneficiary,
    BeneficiaryCategory,
    Category,
    Enrolment,
    EnrolmentStatus,
)
from app.core import calendar
from app.core.errors import InvalidInputError, NotFoundError, PermissionDeniedError
from app.delivery.models import DeliveryList, DeliveryStop, FailureReason, Outcome
from app.extensions import db
from app.places.models import District, Locality, Service, Site, SiteService

DEFAULT_AGE_BOUNDS = (18, 63)  # children 0-17, adults 18-62, older people 63+
MAX_PERIOD_DAYS = 366
ATTENDED_SERVICES = (Service.LUNCH, Service.DELIVERY, Service.DAY_CARE)
FAILURE_REASONS = tuple(FailureReason)
UNKNOWN = "unknown"
CENT = Decimal("0.01")
CATEGORY_ORDER = {category.value: index for index, category in enumerate(Category)}

SITE, LOCALITY, DISTRICT, TOTAL = "site", "locality", "district", "total"


# --- what comes out ------------------------------------------------------------------


@dataclass
class Figures:
    """The figures of one row: a site, a subtotal or the grand total."""

    service_days: int = 0
    meals_canteen: int = 0
    meals_delivered: int = 0
    capacity: int | None = None
    unique_people: int = 0
    new_enrolments: int = 0
    exits: int = 0
    failed: dict[str, int] = field(default_factory=lambda: {r.value: 0 for r in FAILURE_REASONS})
    cost: Decimal | None = None
    parcels: int | None = None

    @property
    def meals_total(self) -> int:
        return self.meals_canteen + self.meals_delivered

    @property
    def failed_total(self) -> int:
        return sum(self.failed.values())

    @property
    def has_any(self) -> bool:
        return bool(
            self.meals_total
            or self.unique_people
            or self.new_enrolments
            or self.exits
            or self.failed_total
        )

    @property
    def average_daily(self) -> float | None:
        """Meals per service day (for a subtotal: the sites' averages added up)."""
        if not self.service_days:
            return None
        return self.meals_total / self.service_days

    @property
    def capacity_used(self) -> float | None:
        """Average daily attendance as a share of the places (0.85 = 85 %)."""
        average = self.average_daily
        if average is None or not self.capacity:
            return None
        return average / self.capacity

    def add(self, other: "Figures") -> None:
        """Add a row's additive figures (not unique people: they are counted distinct)."""
        self.meals_canteen += other.meals_canteen
        self.meals_delivered += other.meals_delivered
        self.new_enrolments += other.new_enrolments
        self.exits += other.exits
        for reason, n in other.failed.items():
            self.failed[reason] += n
        if other.capacity is not None:
            self.capacity = (self.capacity or 0) + other.capacity
        if other.cost is not None:
            self.cost = (self.cost or Decimal(0)) + other.cost
        if other.parcels is not None:
            self.parcels = (self.parcels or 0) + other.parcels


@dataclass
class SummaryLine:
    level: str  # SITE, LOCALITY, DISTRICT or TOTAL
    district: str
    locality: str
    site: str
    norm: Decimal | None
    figures: Figures
    # a subtotal's average daily attendance is the sum of its sites' averages
    average_daily: float | None = None

    @property
    def capacity_used(self) -> float | None:
        if self.average_daily is None or not self.figures.capacity:
            return None
        return self.average_daily / self.figures.capacity


@dataclass
class PeopleLine:
    """Unique people of a district (or of all districts) in one category (None: all)."""

    district: str | None  # None: all districts
    category: str | None
    by_sex: dict[str, int]  # "F", "M", UNKNOWN
    by_age: dict[str, int]  # age group label or UNKNOWN
    total: int


@dataclass
class MonthLine:
    year: int
    month: int
    figures: Figures


@dataclass
class SummaryFilters:
    start: date
    end: date
    district_id: int | None = None
    site_id: int | None = None
    district_name: str | None = None
    site_name: str | None = None


@dataclass
class Summary:
    filters: SummaryFilters
    lines: list[SummaryLine]
    people: list[PeopleLine]
    months: list[MonthLine]
    age_groups: list[str]
    with_parcels: bool

    @property
    def total(self) -> SummaryLine:
        return self.lines[-1]

    @property
    def site_lines(self) -> list[SummaryLine]:
        return [line for line in self.lines if line.level == SITE]


# --- the hook for parcels ------------------------------------------------------------


def parcels_handed_out(scope, start: date, end: date) -> dict[int, int] | None:
    """Parcels handed out per site id in the period, or None when not counted.

    This is where the parcels domain's report function is called once it offers one;
    until then the summary has no parcels column at all (never a column of zeros).
    """
    return None


# --- the scope: which sites -----------------------------------------------------------


def resolve_filters(
    start: date,
    end: date,
    *,
    visible: set[int] | None,
    district_id: int | None = None,
    site_id: int | None = None,
) -> SummaryFilters:
    """Check the period and the filters against what the user may see.

    A site the user does not work at is refused (403) before it is even looked up, so
    the refusal says nothing about it; a district only narrows the user's own sites.
    """
    if end < start:
        raise InvalidInputError(_("Data de sfârșit este înaintea datei de început."), field="end")
    if (end - start).days >= MAX_PERIOD_DAYS:
        raise InvalidInputError(
            _("Perioada poate avea cel mult %(days)s zile.", days=MAX_PERIOD_DAYS), field="end"
        )
    filters = SummaryFilters(start, end, district_id, site_id)
    if site_id is not None:
        if visible is not None and site_id not in visible:
            raise PermissionDeniedError(_("Nu aveți acces la datele acestui centru."))
        row = db.session.execute(
            select(Site.name, Locality.district_id)
            .join(Locality, Locality.id == Site.locality_id)
            .where(Site.id == site_id)
        ).first()
        if row is None:
            raise NotFoundError(_("Centrul nu a fost găsit."), field="site_id")
        filters.site_name = row.name
    if district_id is not None:
        name = db.session.scalar(select(District.name).where(District.id == district_id))
        if name is None:
            raise NotFoundError(_("Raionul nu a fost găsit."), field="district_id")
        filters.district_name = name
    return filters


def site_scope(filters: SummaryFilters, visible: set[int] | None):
    """A select of the ids of the sites the summary covers."""
    query = select(Site.id).join(Locality, Locality.id == Site.locality_id)
    if visible is not None:
        query = query.where(Site.id.in_(sorted(visible) or [-1]))
    if filters.district_id is not None:
        query = query.where(Locality.district_id == filters.district_id)
    if filters.site_id is not None:
        query = query.where(Site.id == filters.site_id)
    return query


# --- the queries ---------------------------------------------------------------------


# One pass over the marks: who was served where in which month, and how many lunches.
# Every other figure about meals and people reads this small table (one row per person,
# site and month) instead of the marks, so the marks are scanned once, not eight times.
_SERVED = Table(
    "report_served",
    MetaData(),
    Column("site_id", Integer),
    Column("locality_id", Integer),
    Column("district_id", Integer),
    Column("beneficiary_id", Integer),
    Column("year", Integer),
    Column("month", Integer),
    Column("canteen", Integer),
    Column("delivered", Integer),
    prefixes=["TEMPORARY"],
)


@contextmanager
def _served_table(scope, start: date, end: date):
    """The served-people table for the period, in the transaction's connection.

    A temporary table is private to the connection, so two reports at once do not
    meet; it is dropped at the end (a failure rolls its creation back with the rest).
    """
    connection = db.session.connection()
    postgres = connection.dialect.name == "postgresql"
    if postgres:
        # the grouping of a month of marks fits in memory instead of spilling to disk
        connection.exec_driver_sql("SET LOCAL work_mem = '64MB'")
    _SERVED.drop(connection, checkfirst=True)
    _SERVED.create(connection)
    lunch = AttendanceMark.meal == Meal.LUNCH
    if (start.year, start.month) == (end.year, end.month):
        # one month (the usual case): no date functions per mark, fewer keys to group by
        year, month = literal(start.year, Integer), literal(start.month, Integer)
        month_keys = ()
    else:
        year, month = _month_keys(AttendanceMark.day)
        month_keys = (year, month)
    grouped = (
        select(
            AttendanceMark.site_id,
            AttendanceMark.beneficiary_id,
            year.label("year"),
            month.label("month"),
            func.count(case((and_(lunch, AttendanceMark.mark == Mark.PRESENT), 1))).label("c"),
            func.count(case((and_(lunch, AttendanceMark.mark == Mark.DELIVERED), 1))).label("d"),
        )
        .where(
            AttendanceMark.site_id.in_(scope),
            AttendanceMark.day >= start,
            AttendanceMark.day <= end,
            AttendanceMark.mark.in_(SERVED_MARKS),
        )
        # person first: the marks' unique index on (person, day, meal) is read in order
        .group_by(AttendanceMark.beneficiary_id, AttendanceMark.site_id, *month_keys)
        .subquery()
    )
    connection.execute(
        insert(_SERVED).from_select(
            [c.name for c in _SERVED.columns],
            select(
                grouped.c.site_id,
                Site.locality_id,
                Locality.district_id,
                grouped.c.beneficiary_id,
                grouped.c.year,
                grouped.c.month,
                grouped.c.c,
                grouped.c.d,
            )
            .join(Site, Site.id == grouped.c.site_id)
            .join(Locality, Locality.id == Site.locality_id),
        )
    )
    if postgres:
        # a new table has no statistics: without them the planner guesses its joins badly
        connection.exec_driver_sql("ANALYZE report_served")
    yield _SERVED
    _SERVED.drop(connection)


def _meals_by(served, keys):
    """Lunches at the canteen, lunches delivered and unique people served, grouped."""
    query = select(
        *keys,
        func.coalesce(func.sum(served.c.canteen), 0),
        func.coalesce(func.sum(served.c.delivered), 0),
        func.count(served.c.beneficiary_id.distinct()),
    )
    if keys:
        query = query.group_by(*keys)
    return db.session.execute(query).all()


def _month_keys(column):
    return (extract("year", column), extract("month", column))


def _enrolment_counts(scope, start, end, by_month: bool):
    """New enrolments (people starting) and exits (people leaving) per site or month."""
    results = {}
    for what, column, condition in (
        ("new", Enrolment.start_date, Enrolment.status != EnrolmentStatus.WAITING),
        ("exits", Enrolment.end_date, Enrolment.status == EnrolmentStatus.EXITED),
    ):
        keys = _month_keys(column) if by_month else (Enrolment.site_id,)
        rows = db.session.execute(
            select(*keys, func.count(func.distinct(Enrolment.beneficiary_id)))
            .where(
                Enrolment.site_id.in_(scope),
                Enrolment.service.in_(ATTENDED_SERVICES),
                condition,
                column >= start,
                column <= end,
            )
            .group_by(*keys)
        ).all()
        results[what] = {tuple(int(k) for k in row[:-1]): row[-1] for row in rows}
    return results


def _failed_deliveries(scope, start, end, by_month: bool):
    reason = func.coalesce(
        type_coerce(DeliveryStop.failure_reason, String), FailureReason.OTHER.value
    )
    keys = _month_keys(DeliveryList.day) if by_month else (DeliveryList.site_id,)
    rows = db.session.execute(
        select(*keys, reason, func.count())
        .join(DeliveryList, DeliveryList.id == DeliveryStop.delivery_list_id)
        .where(
            DeliveryList.site_id.in_(scope),
            DeliveryList.day >= start,
            DeliveryList.day <= end,
            DeliveryStop.outcome == Outcome.NOT_DELIVERED,
        )
        .group_by(*keys, reason)
    ).all()
    found: dict[tuple, dict[str, int]] = defaultdict(dict)
    for row in rows:
        found[tuple(int(k) for k in row[:-2])][str(row[-2])] = row[-1]
    return found


def _capacities(scope) -> dict[int, int]:
    rows = db.session.execute(
        select(SiteService.site_id, func.sum(SiteService.capacity))
        .where(
            SiteService.site_id.in_(scope),
            SiteService.service.in_((Service.LUNCH, Service.DELIVERY)),
            SiteService.capacity.is_not(None),
        )
        .group_by(SiteService.site_id)
    ).all()
    return {site_id: int(total) for site_id, total in rows}


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


def _people_lines(served, filters, bounds, labels, district_names) -> list[PeopleLine]:
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
                    line.district or "",
                    line.category is not None,
                    CATEGORY_ORDER.get(line.category, len(CATEGORY_ORDER)),
                ),
            )
        )
    return lines


def last_month(today: date) -> tuple[date, date]:
    """The first and last day of the month before today's (the default period)."""
    end = today.replace(day=1) - timedelta(days=1)
    return end.replace(day=1), end


def _months_of(start: date, end: date) -> list[tuple[int, int]]:
    months, current = [], date(start.year, start.month, 1)
    while current <= end:
        months.append((current.year, current.month))
        current = (current.replace(day=28) + timedelta(days=4)).replace(day=1)
    return months


# --- the summary ---------------------------------------------------------------------


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
        .order_by(District.name, Locality.name, Site.name)
    ).all()
    site_ids = [row[0] for row in sites]
    days = calendar.service_days_of_sites(site_ids, start, end)
    with _served_table(scope, start, end) as served:
        meals = {row[0]: row[1:] for row in _meals_by(served, (served.c.site_id,))}
        unique_by_locality = {row[0]: row[3] for row in _meals_by(served, (served.c.locality_id,))}
        unique_by_district = {row[0]: row[3] for row in _meals_by(served, (served.c.district_id,))}
        unique_total = _meals_by(served, ())[0][2]
        labels = age_group_labels(age_bounds)
        people = _people_lines(served, filters, age_bounds, labels, _district_names(scope))
        months = _month_lines(served, scope, start, end, days)
    enrolments = _enrolment_counts(scope, start, end, by_month=False)
    failed = _failed_deliveries(scope, start, end, by_month=False)
    capacities = _capacities(scope)
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


def _district_names(scope) -> dict[int, str]:
    return dict(
        db.session.execute(
            select(District.id, District.name)
            .join(Locality, Locality.district_id == District.id)
            .join(Site, Site.locality_id == Locality.id)
            .where(Site.id.in_(scope))
            .distinct()
        ).all()
    )


def _month_lines(served, scope, start, end, days: dict[int, list[date]]) -> list[MonthLine]:
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
    enrolments = _enrolment_counts(scope, start, end, by_month=True)
    failed = _failed_deliveries(scope, start, end, by_month=True)
    site_days: dict[tuple[int, int], int] = defaultdict(int)
    for site_days_list in days.values():
        for day in site_days_list:
            site_days[(day.year, day.month)] += 1
    lines = []
    for year, month in _months_of(start, end):
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


def visible_districts(visible: set[int] | None) -> list[tuple[int, str]]:
    """Districts with at least one site the user sees, by name (for the filters)."""
    query = (
        select(District.id, District.name)
        .join(Locality, Locality.district_id == District.id)
        .join(Site, Site.locality_id == Locality.id)
        .distinct()
        .order_by(District.name)
    )
    if visible is not None:
        query = query.where(Site.id.in_(sorted(visible) or [-1]))
    return [(row[0], row[1]) for row in db.session.execute(query)]


def visible_sites(visible: set[int] | None) -> list[tuple[int, str]]:
    query = select(Site.id, Site.name).order_by(Site.name)
    if visible is not None:
        query = query.where(Site.id.in_(sorted(visible) or [-1]))
    return [(row[0], row[1]) for row in db.session.execute(query)]
