"""Fixtures for the attendance tests: a fixed 'today' and a site with people."""

from datetime import date

import pytest

from app.core import clock


@pytest.fixture
def set_today(monkeypatch):
    """Fix clock.today() (services, pages and templates all ask it)."""

    def fix(day: date) -> date:
        monkeypatch.setattr(clock, "today", lambda: day)
        return day

    return fix


@pytest.fixture
def today(set_today, a_weekday):
    """Monday 2026-11-16 is today."""
    return set_today(a_weekday)


@pytest.fixture
def canteen(make_site):
    return make_site()


@pytest.fixture
def staff(make_user, canteen):
    return make_user("staff", [canteen])


@pytest.fixture
def manager(make_user):
    return make_user("manager")
