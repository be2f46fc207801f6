"""The sites the current user may read attendance of."""

from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import select

from app.auth.permissions import require_site, visible_site_ids
from app.core.errors import NotFoundError
from app.extensions import db
from app.places.models import Site, by_name


def visible_site(site_id: int):
    """The site, if the current user works at or oversees it (404 / 403 otherwise)."""
    if not current_user.sees_all_sites and site_id in current_user.site_ids:
        # one of the user's own sites: loaded with them, no second query
        return db.session.get(Site, site_id)
    site = db.session.get(Site, site_id)
    if site is None:
        raise NotFoundError(_("Centrul nu a fost găsit."))
    require_site(site.id, current_user)
    return site


def alert_site_ids(site_id: int | None) -> list[int]:
    """The sites whose alerts the current user may read (one, or all they see)."""
    if site_id is not None:
        return [visible_site(site_id).id]
    query = select(Site.id).where(Site.active.is_(True)).order_by(*by_name(Site))
    ids = visible_site_ids(current_user)
    if ids is not None:
        query = query.where(Site.id.in_(ids))
    return list(db.session.scalars(query))
