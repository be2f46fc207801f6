"""The programme's totals of today on the office's home page, read before it renders."""

from app.auth.permissions import OFFICE_ROLES
from app.core import clock
from app.core.pages import section
from app.reports.programme import programme_day


@section("home")
def programme_home_section(user, sites) -> dict:
    return {"programme": programme_day(clock.today())} if user.role in OFFICE_ROLES else {}
