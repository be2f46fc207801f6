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
