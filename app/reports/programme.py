"""The programme at a glance for the home page: people served, meals today, sites behind."""

from dataclasses import dataclass, field
from datetime import date

from sqlalchemy import func, select

from app.attendance.models import SERVED_MARKS, AttendanceMark
from app.beneficiaries.models import Enrolment
from app.core import calendar
from app.core.text import collation_key
from app.extensions import db
from app.places.models import Site


@dataclass
class ProgrammeDay:
    day: date
    people_active: int
    meals_today: int
    sites_serving: int
    unmarked_sites: list[Site] = field(default_factory=list)


def programme_day(day: date, site_ids: set[int] | None = None) -> ProgrammeDay:
    """Totals over the sites (all when site_ids is None): people holding a place today,
    meals served today (present at the table or delivered), and the serving sites with
    no mark at all today yet."""
    sites_query = select(Site).where(Site.active.is_(True))
    if site_ids is not None:
        sites_query = sites_query.where(Site.id.in_(site_ids))
    sites = list(db.session.scalars(sites_query))
    ids = [s.id for s in sites]
    people = db.session.scalar(
        select(func.count(func.distinct(Enrolment.beneficiary_id))).where(
            Enrolment.site_id.in_(ids),
            Enrolment.holds_place_on(day),
        )
    )
    meals = db.session.scalar(
        select(func.count(AttendanceMark.id)).where(
            AttendanceMark.site_id.in_(ids),
            AttendanceMark.day == day,
            AttendanceMark.mark.in_(SERVED_MARKS),
        )
    )
    marked = set(
        db.session.scalars(
            select(AttendanceMark.site_id)
            .where(AttendanceMark.site_id.in_(ids), AttendanceMark.day == day)
            .distinct()
        )
    )
    serving = [s for s in sites if calendar.serves_on(s.id, day)]
    return ProgrammeDay(
        day=day,
        people_active=people or 0,
        meals_today=meals or 0,
        sites_serving=len(serving),
        unmarked_sites=sorted(
            (s for s in serving if s.id not in marked), key=lambda s: collation_key(s.name)
        ),
    )
