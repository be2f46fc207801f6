"""Pages of the parcels domain, one module per use case: parcel types, a site's stock,
handing parcels to people, campaigns. They share this blueprint."""

from flask import Blueprint, url_for
from flask_babel import gettext as _
from flask_login import current_user

from app.auth.permissions import SITE_ROLES
from app.parcels.labels import parcel_label

bp = Blueprint("parcels", __name__)


@bp.app_context_processor
def parcels_context():
    links = []
    if current_user.is_authenticated and current_user.role in SITE_ROLES:
        links = [{"url": url_for("parcels.index"), "text": _("Pachete")}]
    return {"parcels_nav_links": links, "parcel_label": parcel_label}


# the pages register on the blueprint above
from app.parcels.views import campaigns, distributions, stock, types  # noqa: E402, F401
