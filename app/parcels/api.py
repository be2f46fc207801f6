"""/api/v1 endpoints of the parcels domain: types, stock ledger, distributions."""

from flask import jsonify
from flask_login import current_user
from flask_smorest import Blueprint

from app.auth.permissions import (
    OFFICE_ROLES,
    SITE_ROLES,
    roles_required,
)
from app.beneficiaries.access import visible_person
from app.core.schemas import PageArgsSchema, paginate
from app.parcels import services
from app.parcels.access import (
    campaign_for_user,
    destination_site,
    distribution_at,
    give_parcel,
    may_override,
    site_for_user,
)
from app.parcels.models import MovementKind
from app.parcels.schemas import (
    AdjustmentLoadSchema,
    CampaignDetailSchema,
    CampaignEntrySchema,
    CampaignLoadSchema,
    CampaignPageSchema,
    CampaignPlanLoadSchema,
    CampaignPlanSchema,
    CancelLoadSchema,
    DistributionArgsSchema,
    DistributionLoadSchema,
    DistributionPageSchema,
    DistributionSchema,
    MovementArgsSchema,
    MovementPageSchema,
    MovementSchema,
    ParcelTypeArgsSchema,
    ParcelTypeLoadSchema,
    ParcelTypeSchema,
    ParcelTypeUpdateSchema,
    ReceiptLoadSchema,
    StockRowSchema,
    TickLoadSchema,
    TransferLoadSchema,
    TransferSchema,
)

blp = Blueprint("parcels_api", __name__, url_prefix="/api/v1", description="Food parcels")


@blp.errorhandler(services.InsufficientStock)
def insufficient_stock(exc: services.InsufficientStock):
    """The refusal carries the quantity available, for scripts to read."""
    body = {"message": exc.message, "errors": {"quantity": [exc.message]}}
    return jsonify({**body, "available": exc.available}), 409


# ------------------------------------------------------------------------- parcel types


@blp.get("/parcel-types")
@roles_required(*SITE_ROLES)
@blp.arguments(ParcelTypeArgsSchema, location="query")
@blp.response(200, ParcelTypeSchema(many=True))
def list_parcel_types(args):
    types = services.parcel_types()
    if args["active"] is not None:
        types = [t for t in types if t.active == args["active"]]
    return types


@blp.post("/parcel-types")
@roles_required(*OFFICE_ROLES)
@blp.arguments(ParcelTypeLoadSchema)
@blp.response(201, ParcelTypeSchema)
def create_parcel_type(data):
    return services.create_parcel_type(data, user_id=current_user.id)


@blp.get("/parcel-types/<int:parcel_type_id>")
@roles_required(*SITE_ROLES)
@blp.response(200, ParcelTypeSchema)
def get_parcel_type(parcel_type_id):
    return services.get_parcel_type(parcel_type_id)


@blp.patch("/parcel-types/<int:parcel_type_id>")
@roles_required(*OFFICE_ROLES)
@blp.arguments(ParcelTypeUpdateSchema)
@blp.response(200, ParcelTypeSchema)
def update_parcel_type(data, parcel_type_id):
    return services.update_parcel_type(parcel_type_id, data, user_id=current_user.id)


# ------------------------------------------------------------------------------- stock


@blp.get("/sites/<int:site_id>/parcels/stock")
@roles_required(*SITE_ROLES)
@blp.response(200, StockRowSchema(many=True))
def stock(site_id):
    return services.site_stock(site_for_user(site_id).id)


@blp.get("/sites/<int:site_id>/parcels/movements")
@roles_required(*SITE_ROLES)
@blp.arguments(MovementArgsSchema, location="query")
@blp.response(200, MovementPageSchema)
def list_movements(args, site_id):
    query = services.movements_query(site_for_user(site_id).id, args["kind"])
    return paginate(query, args["page"], args["per_page"])


@blp.get("/sites/<int:site_id>/parcels/receipts")
@roles_required(*SITE_ROLES)
@blp.arguments(MovementArgsSchema, location="query")
@blp.response(200, MovementPageSchema)
def list_receipts(args, site_id):
    query = services.movements_query(site_for_user(site_id).id, MovementKind.RECEIPT)
    return paginate(query, args["page"], args["per_page"])


@blp.post("/sites/<int:site_id>/parcels/receipts")
@roles_required(*SITE_ROLES)
@blp.arguments(ReceiptLoadSchema)
@blp.response(201, MovementSchema)
def record_receipt(data, site_id):
    return services.record_receipt(site_for_user(site_id).id, **data, user_id=current_user.id)


@blp.post("/sites/<int:site_id>/parcels/adjustments")
@roles_required(*SITE_ROLES)
@blp.arguments(AdjustmentLoadSchema)
@blp.response(201, MovementSchema)
def record_adjustment(data, site_id):
    movement = services.record_adjustment(
        site_for_user(site_id).id, **data, user_id=current_user.id
    )
    return movement


@blp.post("/sites/<int:site_id>/parcels/transfers")
@roles_required(*SITE_ROLES)
@blp.arguments(TransferLoadSchema)
@blp.response(201, TransferSchema)
def record_transfer(data, site_id):
    site = site_for_user(site_id)
    data["to_site_id"] = destination_site(data["to_site_id"]).id
    out, into = services.record_transfer(site.id, **data, user_id=current_user.id)
    return {"out": out, "into": into}


# ----------------------------------------------------------------------- distributions


@blp.get("/sites/<int:site_id>/parcels/distributions")
@roles_required(*SITE_ROLES)
@blp.arguments(DistributionArgsSchema, location="query")
@blp.response(200, DistributionPageSchema)
def list_distributions(args, site_id):
    query = services.distributions_query(
        site_for_user(site_id).id, args["beneficiary_id"], args["start"], args["end"]
    )
    return paginate(query, args["page"], args["per_page"])


@blp.post("/sites/<int:site_id>/parcels/distributions")
@roles_required(*SITE_ROLES)
@blp.arguments(DistributionLoadSchema)
@blp.response(201, DistributionSchema)
def record_distribution(data, site_id):
    site = site_for_user(site_id)
    visible_person(data["beneficiary_id"])
    distribution = give_parcel(site.id, data)
    return distribution


@blp.post("/sites/<int:site_id>/parcels/distributions/<int:distribution_id>/cancel")
@roles_required(*SITE_ROLES)
@blp.arguments(CancelLoadSchema)
@blp.response(200, DistributionSchema)
def cancel_distribution(data, site_id, distribution_id):
    distribution = distribution_at(site_for_user(site_id).id, distribution_id)
    distribution = services.cancel_distribution(
        distribution.id, data["reason"], user_id=current_user.id
    )
    return distribution


# --------------------------------------------------------------------------- campaigns


@blp.get("/sites/<int:site_id>/parcels/campaigns")
@roles_required(*SITE_ROLES)
@blp.arguments(PageArgsSchema, location="query")
@blp.response(200, CampaignPageSchema)
def list_campaigns(args, site_id):
    query = services.campaigns_query(site_for_user(site_id).id)
    return paginate(query, args["page"], args["per_page"])


@blp.post("/sites/<int:site_id>/parcels/campaigns/plan")
@roles_required(*SITE_ROLES)
@blp.arguments(CampaignPlanLoadSchema)
@blp.response(200, CampaignPlanSchema)
def plan_campaign(data, site_id):
    """Who qualifies and how many parcels are needed against stock; nothing is saved."""
    return services.plan_campaign(site_for_user(site_id).id, **data)


@blp.post("/sites/<int:site_id>/parcels/campaigns")
@roles_required(*SITE_ROLES)
@blp.arguments(CampaignLoadSchema)
@blp.response(201, CampaignDetailSchema)
def create_campaign(data, site_id):
    return services.create_campaign(site_for_user(site_id).id, **data, user_id=current_user.id)


@blp.get("/parcel-campaigns/<int:campaign_id>")
@roles_required(*SITE_ROLES)
@blp.response(200, CampaignDetailSchema)
def get_campaign(campaign_id):
    return campaign_for_user(campaign_id)


@blp.put("/parcel-campaigns/<int:campaign_id>/entries/<int:entry_id>")
@roles_required(*SITE_ROLES)
@blp.arguments(TickLoadSchema)
@blp.response(200, CampaignEntrySchema)
def tick_entry(data, campaign_id, entry_id):
    campaign = campaign_for_user(campaign_id)
    entry = services.tick_entry(
        campaign.id,
        entry_id,
        data["handed_out"],
        override_reason=data["override_reason"],
        may_override=may_override(),
        user_id=current_user.id,
    )
    return entry
