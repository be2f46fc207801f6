"""Who was served where in which month: one pass over the attendance marks.

Every other figure about meals and people reads this small table (one row per person,
site and month) instead of the marks, so the marks are scanned once, not eight times.
"""

from contextlib import contextmanager
from datetime import date

from sqlalchemy import (
    Column,
    Integer,
    MetaData,
    Table,
    and_,
    case,
    extract,
    func,
    insert,
    literal,
    select,
)

from app.attendance.models import SERVED_MARKS, AttendanceMark, Mark, Meal
from app.extensions import db
from app.places.models import Locality, Site

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
def served_table(scope, start: date, end: date):
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
        month_group = ()
    else:
        year, month = month_keys(AttendanceMark.day)
        month_group = (year, month)
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
        .group_by(AttendanceMark.beneficiary_id, AttendanceMark.site_id, *month_group)
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


def meals_by(served, keys):
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


def month_keys(column):
    return (extract("year", column), extract("month", column))
