"""What the current user may reach in the parcels domain, and as whom they act.

Pages and the API share these: a site the user works at (403 otherwise), records of
such a site (404 otherwise, saying nothing of the other site), the manager's override.
"""

from flask_babel import gettext as _
from flask_login import current_user

from app.auth.permissions import OFFICE_ROLES, can_see_site, require_site
from app.core.errors import NotFoundError
from app.parcels import services
from app.parcels.models import DistributionMethod


def site_for_user(site_id: int):
    """The site, for a user who works there or oversees it (others: 403, unknown: 404)."""
    require_site(site_id)
    return services.get_site(site_id)


def destination_site(site_id: int):
    """A transfer's other end: a site the user sees; any other answers as unknown."""
    if not can_see_site(current_user, site_id):
        raise NotFoundError(_("Centrul nu a fost găsit."), "to_site_id")
    return services.get_site(site_id)


def distribution_at(site_id: int, distribution_id: int):
    distribution = services.get_distribution(distribution_id)
    if distribution.site_id != site_id:
        raise NotFoundError(_("Înregistrarea nu a fost găsită."))
    return distribution


def may_override() -> bool:
    return current_user.role in OFFICE_ROLES


def give_parcel(site_id: int, data: dict):
    """At the site now, or with the driver on the day's delivery list."""
    data = dict(data)
    method = data.pop("method", DistributionMethod.AT_SITE)
    if method == DistributionMethod.DELIVERY:
        give = services.put_on_delivery_list
    else:
        give = services.record_distribution
    return give(site_id, **data, may_override=may_override(), user_id=current_user.id)


def campaign_for_user(campaign_id: int):
    """A campaign of a site the user works at; others answer as unknown."""
    campaign = services.get_campaign(campaign_id)
    if not can_see_site(current_user, campaign.site_id):
        raise NotFoundError(_("Campania nu a fost găsită."))
    return campaign
