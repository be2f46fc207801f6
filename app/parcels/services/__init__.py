"""The parcels domain's use cases; views, the API and the demo call them from here."""

from app.delivery.services import DROP_LISTENERS, OUTCOME_LISTENERS
from app.parcels.services.campaigns import (
    CampaignPlan,
    CampaignShortage,
    campaign_progress,
    campaigns_query,
    create_campaign,
    get_campaign,
    plan_campaign,
    qualifying_people,
    tick_entry,
)
from app.parcels.services.delivery_parcels import (
    delivery_stop_for,
    put_on_delivery_list,
    release_dropped_parcels,
    settle_delivered_parcels,
)
from app.parcels.services.distributions import (
    TooSoon,
    cancel_distribution,
    distributions_query,
    get_distribution,
    is_site_person,
    last_distribution_near,
    record_distribution,
    site_people,
)
from app.parcels.services.parcel_types import (
    create_parcel_type,
    get_parcel_type,
    parcel_types,
    update_parcel_type,
)
from app.parcels.services.stock import (
    InsufficientStock,
    get_site,
    ledger_total,
    movements_query,
    on_hand,
    record_adjustment,
    record_receipt,
    record_transfer,
    site_stock,
)

if settle_delivered_parcels not in OUTCOME_LISTENERS:
    OUTCOME_LISTENERS.append(settle_delivered_parcels)
if release_dropped_parcels not in DROP_LISTENERS:
    DROP_LISTENERS.append(release_dropped_parcels)

__all__ = [
    "CampaignPlan",
    "CampaignShortage",
    "campaign_progress",
    "campaigns_query",
    "create_campaign",
    "get_campaign",
    "plan_campaign",
    "qualifying_people",
    "tick_entry",
    "delivery_stop_for",
    "put_on_delivery_list",
    "settle_delivered_parcels",
    "release_dropped_parcels",
    "InsufficientStock",
    "TooSoon",
    "cancel_distribution",
    "create_parcel_type",
    "distributions_query",
    "get_distribution",
    "get_parcel_type",
    "get_site",
    "is_site_person",
    "last_distribution_near",
    "ledger_total",
    "movements_query",
    "on_hand",
    "parcel_types",
    "record_adjustment",
    "record_distribution",
    "record_receipt",
    "record_transfer",
    "site_people",
    "site_stock",
    "update_parcel_type",
]
