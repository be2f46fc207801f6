"""What the programme summary is made of: the figures of a row, the rows, the whole."""

from dataclasses import dataclass, field
from decimal import Decimal

from app.delivery.models import FailureReason
from app.reports.summary.filters import SummaryFilters

FAILURE_REASONS = tuple(FailureReason)
UNKNOWN = "unknown"

SITE, LOCALITY, DISTRICT, TOTAL = "site", "locality", "district", "total"


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
            or self.parcels
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
