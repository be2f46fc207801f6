"""The one lookup of a site named in a URL, for pages and the API of every domain."""

from flask_babel import gettext as _

from app.auth.permissions import require_site
from app.core.errors import NotFoundError
from app.extensions import db
from app.places.models import Site


def site_or_404(site_id: int) -> Site:
    """The site, for a user who works there or oversees it.

    An unknown site answers 404; a site of others 403, which names nothing of it.
    """
    site = db.session.get(Site, site_id)
    if site is None:
        raise NotFoundError(_("Centrul nu a fost găsit."))
    require_site(site.id)
    return site
