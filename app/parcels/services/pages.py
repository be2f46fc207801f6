"""What each parcels page shows, gathered in one call per page."""

from sqlalchemy import select
from sqlalchemy.orm import joinedload, selectinload

from app.auth.services import sites_seen
from app.extensions import db
from app.parcels.models import Campaign, CampaignEntry, ParcelType, StockMovement
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
    movements = (
        movements_query(site_id)
        .options(joinedload(StockMovement.parcel_type))
        .limit(RECENT_MOVEMENTS)
    )
    return {
        "stock": site_stock(site_id),
        "type_options": _type_options(),
        "movements": list(db.session.scalars(movements)),
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
    """A site's latest campaigns with their parcel type and progress, the types to choose."""
    query = (
        campaigns_query(site_id)
        .options(joinedload(Campaign.parcel_type), selectinload(Campaign.entries))
        .limit(RECENT_CAMPAIGNS)
    )
    return {"campaigns": list(db.session.scalars(query)), "type_options": _type_options()}


def _with_list(campaign: Campaign) -> Campaign:
    """The campaign with its site, parcel (its contents) and list of people, read now."""
    return db.session.scalars(
        select(Campaign)
        .where(Campaign.id == campaign.id)
        .options(
            joinedload(Campaign.site),
            joinedload(Campaign.parcel_type).selectinload(ParcelType.items),
            selectinload(Campaign.entries).joinedload(CampaignEntry.beneficiary),
        )
    ).one()


def campaign_print_page(campaign: Campaign) -> dict:
    """The campaign's list to print."""
    return {"campaign": _with_list(campaign)}


def campaign_page(campaign: Campaign) -> dict:
    """The campaign's list to tick off, its progress and what is on the shelf."""
    campaign = _with_list(campaign)
    return {
        "campaign": campaign,
        "progress": campaign_progress(campaign),
        "on_hand": on_hand(campaign.site_id, campaign.parcel_type_id),
    }
