"""The service calendar as attendance uses it: holidays, closures, exceptional openings."""

from datetime import date

import pytest

from app.attendance import services
from app.core import calendar
from app.core.errors import DomainError, InvalidInputError
from app.core.models import AuditEntry
from app.extensions import db

# Moldovan public holidays falling on weekdays (the weekend ones are closed anyway).
HOLIDAYS_2026 = [
    date(2026, 1, 1),  # Anul Nou
    date(2026, 1, 7),  # Crăciunul pe stil vechi
    date(2026, 1, 8),
    date(2026, 4, 13),  # Paștele (luni)
    date(2026, 4, 20),  # Paștele blajinilor
    date(2026, 5, 1),
    date(2026, 6, 1),
    date(2026, 8, 27),
    date(2026, 8, 31),
    date(2026, 12, 25),
]
HOLIDAYS_2027 = [
    date(2027, 1, 1),
    date(2027, 1, 7),
    date(2027, 1, 8),
    date(2027, 3, 8),
    date(2027, 5, 3),  # Paștele (luni): Easter is 2 May 2027
    date(2027, 5, 10),  # Paștele blajinilor
    date(2027, 6, 1),
    date(2027, 8, 27),
    date(2027, 8, 31),
]


@pytest.mark.parametrize("day", HOLIDAYS_2026 + HOLIDAYS_2027, ids=str)
def test_moldovan_holidays_are_closed_days(ctx, canteen, day):
    assert day.weekday() < 5
    assert not calendar.serves_on(canteen.id, day)
    with pytest.raises(DomainError, match="Sărbătoare legală"):
        services.require_service_day(canteen.id, day)


def test_easter_dates_come_from_the_holiday_calendar(ctx):
    assert "Paștele" in calendar.public_holiday(date(2027, 5, 2))
    assert "blajinilor" in calendar.public_holiday(date(2026, 4, 20)).lower()
    assert "blajinilor" in calendar.public_holiday(date(2027, 5, 10)).lower()
    # the days around them are ordinary service days
    assert calendar.is_default_service_day(date(2026, 4, 14))
    assert calendar.is_default_service_day(date(2027, 5, 4))


def test_a_closure_closes_only_that_site_and_is_audited(ctx, make_site, manager, a_weekday):
    site, other = make_site(), make_site()
    services.set_day_override(
        site.id, a_weekday, is_open=False, reason="no_water", note=None, user_id=manager.id
    )
    assert not calendar.serves_on(site.id, a_weekday)
    assert calendar.serves_on(other.id, a_weekday)
    with pytest.raises(DomainError, match="închis.*lipsă apă"):
        services.require_service_day(site.id, a_weekday)
    entry = db.session.scalar(
        db.select(AuditEntry).where(
            AuditEntry.entity == "site_day_override", AuditEntry.site_id == site.id
        )
    )
    assert entry.action == "create" and entry.user_id == manager.id and entry.site_id == site.id

    services.remove_day_override(site.id, a_weekday, user_id=manager.id)
    assert calendar.serves_on(site.id, a_weekday)


def test_an_exceptional_opening_makes_a_saturday_a_service_day(ctx, canteen, manager):
    saturday = date(2026, 11, 21)
    assert not calendar.serves_on(canteen.id, saturday)
    services.set_day_override(
        canteen.id, saturday, is_open=True, reason=None, note="recuperare", user_id=manager.id
    )
    assert calendar.serves_on(canteen.id, saturday)
    services.require_service_day(canteen.id, saturday)


def test_closure_needs_a_reason_and_other_needs_words(ctx, canteen, a_weekday):
    with pytest.raises(InvalidInputError) as missing:
        services.set_day_override(canteen.id, a_weekday, is_open=False, reason=None, note=None)
    assert missing.value.field == "reason"
    with pytest.raises(InvalidInputError) as other:
        services.set_day_override(canteen.id, a_weekday, is_open=False, reason="other", note=" ")
    assert other.value.field == "note"
    services.set_day_override(
        canteen.id, a_weekday, is_open=False, reason="other", note="reparație"
    )
    assert calendar.day_status(canteen.id, a_weekday).reason == "reparație"


def test_overrides_that_change_nothing_are_refused(ctx, canteen, a_weekday):
    with pytest.raises(DomainError, match="lucrează oricum"):
        services.set_day_override(canteen.id, a_weekday, is_open=True, reason=None, note=None)
    with pytest.raises(DomainError, match="nu lucrează oricum"):
        services.set_day_override(
            canteen.id, date(2026, 11, 22), is_open=False, reason="no_gas", note=None
        )
    with pytest.raises(DomainError):
        services.remove_day_override(canteen.id, a_weekday)


# --- closing a day that already has marks ------------------------------------------


def _mark(site_id, beneficiary_id, day, mark, source):
    from app.attendance.models import Meal

    services.upsert_mark(
        site_id=site_id,
        beneficiary_id=beneficiary_id,
        day=day,
        meal=Meal.LUNCH,
        mark=mark,
        source=source,
        reason="not_home" if mark.value == "not_delivered" else None,
    )


@pytest.fixture
def marked_day(ctx, canteen, make_enrolment, a_weekday):
    """Two people marked present by staff and one delivery outcome on a weekday."""
    from app.attendance.models import Mark, MarkSource
    from app.places.models import Service

    for _ in range(2):
        _mark(canteen.id, make_enrolment(canteen).beneficiary_id, a_weekday, Mark.PRESENT,
              MarkSource.STAFF)  # fmt: skip
    delivered = make_enrolment(canteen, service=Service.DELIVERY).beneficiary_id
    _mark(canteen.id, delivered, a_weekday, Mark.DELIVERED, MarkSource.DRIVER)
    return a_weekday


def _served_on(site_id, day):
    from app.attendance.models import Meal
    from app.reports.attendance import monthly_register

    register = monthly_register(site_id, day.year, day.month, Meal.LUNCH)
    return register.served_by_day.get(day)


def test_closing_a_day_with_marks_says_how_many_and_changes_nothing(ctx, canteen, marked_day):
    with pytest.raises(services.DayHasMarks) as refused:
        services.set_day_override(
            canteen.id, marked_day, is_open=False, reason="no_water", note=None
        )
    assert refused.value.marks.at_table == 2 and refused.value.marks.deliveries == 1
    assert "2 marcaje, 1 rezultat de livrare" in refused.value.message
    assert refused.value.field == "keep_marks"
    assert calendar.serves_on(canteen.id, marked_day)
    assert _served_on(canteen.id, marked_day) == 3


def test_a_closure_that_keeps_the_marks_counts_them_as_served(ctx, canteen, marked_day):
    services.set_day_override(
        canteen.id, marked_day, is_open=False, reason="no_water", note=None, keep_marks=True
    )
    status = calendar.day_status(canteen.id, marked_day)
    assert not status.serves and status.keeps_marks and status.counts_marks
    with pytest.raises(DomainError, match="închis"):
        services.require_service_day(canteen.id, marked_day)  # no new marks
    assert _served_on(canteen.id, marked_day) == 3
    # changing the reason later keeps the earlier answer
    services.set_day_override(canteen.id, marked_day, is_open=False, reason="no_gas", note=None)
    assert calendar.day_status(canteen.id, marked_day).keeps_marks


def test_a_closed_day_whose_marks_were_not_kept_counts_no_meal(ctx, canteen, marked_day):
    from app.core.models import SiteDayOverride

    # a closure stored without the question (before it was asked)
    db.session.add(
        SiteDayOverride(site_id=canteen.id, day=marked_day, is_open=False, reason="no_gas")
    )
    db.session.flush()
    assert _served_on(canteen.id, marked_day) is None


@pytest.mark.parametrize("day", [date(1900, 1, 1), date(1999, 12, 31), date(2999, 12, 31)])
def test_calendar_dates_outside_the_window_are_refused(ctx, canteen, day):
    with pytest.raises(InvalidInputError) as refused:
        services.set_day_override(canteen.id, day, is_open=True, reason=None, note="x")
    assert refused.value.field == "day" and "01.01.2000" in refused.value.message
    with pytest.raises(InvalidInputError):
        services.remove_day_override(canteen.id, day)


def test_the_window_ends_two_years_after_today(ctx, canteen, set_today):
    set_today(date(2028, 2, 29))
    assert calendar.latest_day(date(2028, 2, 29)) == date(2030, 2, 28)
    saturday = date(2030, 2, 23)
    services.set_day_override(canteen.id, saturday, is_open=True, reason=None, note=None)
    with pytest.raises(InvalidInputError):
        services.set_day_override(canteen.id, date(2030, 3, 2), is_open=True, reason=None,
                                  note=None)  # fmt: skip
