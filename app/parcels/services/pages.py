"""What each parcels page shows, gathered in one call per page."""

from app.auth.services import sites_seen
from app.extensions import db
from app.parcels.services.campaigns import campaign_progress, campaigns_query
from app.parcels.services.distributions import distributions_query, site_people
from app.parcels.services.parcel_types import parcel_types
from app.parcels.services.stock import movements_query, on_hand, site_stock

RECENT_MOVEMENTS = 30
RECENT_DISTRIBUTIONS = 20
RECENT_CAMPAIGNS = 50


def _type_options() -> list[tuple[int, str]]:
    return [(t.id, t.name) for t in parcel_types(active_only=True)]


def stock_page(site_id: int, seen_site_ids: set[int] | None) -> dict:
    """A site's shelf, its latest movements and the sites a transfer may go to."""
    other_sites = [s for s in sites_seen(seen_site_ids) if s.id != site_id]
    return {
        "stock": site_stock(site_id),
        "type_options": _type_options(),
        "movements": list(db.session.scalars(movements_query(site_id).limit(RECENT_MOVEMENTS))),
        "other_sites": other_sites,
        "other_site_ids": {s.id for s in other_sites},
        "site_options": [(s.id, s.name) for s in other_sites],
    }


def hand_out_page(site_id: int, q: str) -> dict:
    """The people found by name, what is on the shelf and the latest hand-outs."""
    types = parcel_types(active_only=True)
    recent = distributions_query(site_id).limit(RECENT_DISTRIBUTIONS)
    return {
        "people": site_people(site_id, q) if q else [],
        "stock": {row["parcel_type_id"]: row["on_hand"] for row in site_stock(site_id)},
        "types": types,
        "type_options": [(t.id, t.name) for t in types],
        "recent": list(db.session.scalars(recent)),
    }


def campaigns_page(site_id: int) -> dict:
    return {
        "campaigns": list(db.session.scalars(campaigns_query(site_id).limit(RECENT_CAMPAIGNS))),
        "type_options": _type_options(),
    }


def campaign_page(campaign) -> dict:
    return {
        "progress": campaign_progress(campaign),
        "on_hand": on_hand(campaign.site_id, campaign.parcel_type_id),
    }
