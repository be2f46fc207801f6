"""The demo's history gives the dashboard and last month's summary real figures."""

from datetime import timedelta

from sqlalchemy import func, select

from app.attendance.models import AttendanceMark
from app.core import clock
from app.delivery.models import DeliveryList, DeliveryStop
from app.extensions import db
from app.reports.dashboard import dashboard
from app.reports.summary import last_month, programme_summary, resolve_filters


def test_demo_has_three_months_behind_today(ctx):
    from app import demo

    today = clock.today()
    demo.load()
    first_mark, last_mark = db.session.execute(
        select(func.min(AttendanceMark.day), func.max(AttendanceMark.day))
    ).one()
    assert first_mark <= today - timedelta(days=85)
    assert today - timedelta(days=10) <= last_mark < today
    # past lists all have their outcomes; today's lists wait for the drivers
    past_open = (
        select(func.count())
        .select_from(DeliveryStop)
        .join(DeliveryList, DeliveryList.id == DeliveryStop.delivery_list_id)
        .where(DeliveryStop.outcome.is_(None), DeliveryList.day < today)
    )
    assert db.session.scalar(past_open) == 0
    past_days = select(func.max(DeliveryList.day)).where(DeliveryList.day < today)
    assert db.session.scalar(past_days) == last_mark
    summary = programme_summary(resolve_filters(*last_month(today), visible=None), visible=None)
    total = summary.total.figures
    assert 420 <= total.unique_people <= 700
    assert total.meals_canteen > 5000 and total.meals_delivered > 500
    assert total.failed_total > 0 and total.cost > 0
    board = dashboard(None, today)
    assert len(board.history) == 30 and all(d.total > 0 for d in board.history[:-1])
    assert board.absences, "someone is absent lately at each site"
    assert sum(s.expected_total for s in board.sites) > 400
