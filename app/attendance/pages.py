"""The attendance parts of the site page and the home page, read before they render."""

from app.attendance import services
from app.auth.models import Role
from app.core import clock
from app.core.pages import section


def _cooks(site) -> bool:
    return site.offers("lunch") or site.offers("delivery")


@section("site")
def attendance_site_section(site) -> dict:
    """Today's kitchen count and the people absent several service days running."""
    return {
        "kitchen_count": services.kitchen_count(site.id, clock.today()) if _cooks(site) else None,
        "absence_alerts": services.absence_alerts([site.id]),
    }


@section("home")
def attendance_home_section(user, sites) -> dict:
    """Today's kitchen count of each site on the home page (drivers see their lists)."""
    if user.role == Role.DRIVER:
        return {}
    cooking = [site.id for site in sites if _cooks(site)]
    return {"kitchen_counts": services.kitchen_counts(cooking, clock.today(), by_diet=True)}
