"""Pages of the delivery domain, one module per use case: routes and their stops, the
day's lists and concerns, the driver's phone view. They share this blueprint."""

from urllib.parse import urlencode

from flask import Blueprint, url_for
from flask_babel import gettext as _
from flask_login import current_user

from app.auth.models import Role
from app.auth.permissions import SITE_ROLES
from app.core.pages import section
from app.delivery import labels as delivery_labels
from app.delivery.services import pages

bp = Blueprint("delivery", __name__)


@bp.app_context_processor
def delivery_context():
    links = []
    if current_user.is_authenticated:
        if current_user.role == Role.DRIVER:
            links = [{"url": url_for("delivery.driver"), "text": _("Listele mele")}]
        elif current_user.role in SITE_ROLES:
            links = [{"url": url_for("delivery.concerns"), "text": _("Semnalări șoferi")}]
    return {
        "delivery_nav_links": links,
        "reason_label": lambda value: str(
            delivery_labels.REASON_LABELS.get(getattr(value, "value", value), value or "")
        ),
        "weekday_names": delivery_labels.WEEKDAY_NAMES,
    }


@bp.app_template_filter()
def tel_href(number: str | None) -> str:
    """A phone number as a tel: link wants it: digits and a leading +."""
    number = (number or "").strip()
    digits = "".join(ch for ch in number if ch.isdigit())
    return ("+" + digits) if number.startswith("+") else digits


@bp.app_template_global()
def web_map_url(stop) -> str:
    """A web map for the stop: the point when known, else a search by address and locality.

    geo: links open a map app on Android only; a web map opens on every phone.
    """
    if stop.latitude is not None and stop.longitude is not None:
        lat, lon = f"{stop.latitude:.6f}", f"{stop.longitude:.6f}"
        return f"https://www.openstreetmap.org/?mlat={lat}&mlon={lon}#map=17/{lat}/{lon}"
    return "https://www.openstreetmap.org/search?" + urlencode(
        {"query": f"{stop.address}, Moldova"}
    )


@bp.app_template_filter()
def delivery_options(items) -> list[tuple[int, str]]:
    """(id, full name) pairs for a select of people or drivers."""
    return [(item.id, item.full_name) for item in items]


@section("site")
def delivery_site_section(site) -> dict:
    return {"delivery": pages.site_day_page(site.id)}


@section("home")
def driver_home_section(user, sites) -> dict:
    return pages.driver_home(user) if user.role == Role.DRIVER else {}


# the pages register on the blueprint above
from app.delivery.views import driver, lists, routes  # noqa: E402, F401
