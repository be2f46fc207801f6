"""Campaigns: who qualifies against stock, the saved list, ticking people off."""

from flask import flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from app.auth.permissions import SITE_ROLES, roles_required
from app.beneficiaries.models import Category
from app.core import clock
from app.core.forms import submit
from app.core.labels import label
from app.core.schemas import form_data
from app.parcels import services
from app.parcels.access import campaign_for_user, may_override, site_for_user
from app.parcels.schemas import CampaignLoadSchema, CampaignPlanLoadSchema, TickLoadSchema
from app.parcels.services.pages import campaign_page, campaign_print_page, campaigns_page
from app.parcels.views import bp
from app.places.models import Service


def _render_campaigns(site, errors=None, values=None, plan=None, status=200):
    return render_template(
        "parcels/campaigns.html",
        site=site,
        **campaigns_page(site.id),
        plan=plan,
        errors=errors or {},
        values=values or {"day": clock.today().isoformat(), "quantity": "1"},
        category_options=[(c.value, label(c)) for c in Category],
        service_options=[(s.value, label(s)) for s in Service],
    ), status


@bp.get("/sites/<int:site_id>/parcels/campaigns")
@roles_required(*SITE_ROLES)
def campaigns(site_id: int):
    return _render_campaigns(site_for_user(site_id))


@bp.post("/sites/<int:site_id>/parcels/campaigns")
@roles_required(*SITE_ROLES)
def campaign_create(site_id: int):
    """'Vezi necesarul' shows who qualifies against stock; 'Creează' saves the list."""
    site = site_for_user(site_id)
    values = form_data(request.form)
    if values.pop("action", "") == "plan":
        outcome = submit(
            lambda: services.plan_campaign(site.id, **CampaignPlanLoadSchema().load(values))
        )
        if not outcome.ok:
            return _render_campaigns(site, outcome.errors, values, None, outcome.status)
        return _render_campaigns(site, {}, values, outcome.result)
    outcome = submit(
        lambda: services.create_campaign(
            site.id, **CampaignLoadSchema().load(values), user_id=current_user.id
        )
    )
    if outcome.ok:
        flash(_("Campania a fost creată."), "ok")
        return redirect(url_for("parcels.campaign", campaign_id=outcome.result.id))
    plan = None
    if "accept_shortage" in outcome.errors:
        plan = services.plan_campaign(site.id, **CampaignPlanLoadSchema().load(values))
    return _render_campaigns(site, outcome.errors, values, plan, outcome.status)


def _render_campaign(campaign, errors=None, entry_error=None, status=200):
    return render_template(
        "parcels/campaign.html",
        **campaign_page(campaign),
        may_override=may_override(),
        errors=errors or {},
        entry_error=entry_error,
    ), status


@bp.get("/parcel-campaigns/<int:campaign_id>")
@roles_required(*SITE_ROLES)
def campaign(campaign_id: int):
    return _render_campaign(campaign_for_user(campaign_id))


@bp.post("/parcel-campaigns/<int:campaign_id>/entries/<int:entry_id>")
@roles_required(*SITE_ROLES)
def campaign_tick(campaign_id: int, entry_id: int):
    campaign = campaign_for_user(campaign_id)
    values = form_data(request.form)
    outcome = submit(
        lambda: services.tick_entry(
            campaign.id,
            entry_id,
            **TickLoadSchema().load(values),
            may_override=may_override(),
            user_id=current_user.id,
        )
    )
    if outcome.ok:
        return redirect(url_for("parcels.campaign", campaign_id=campaign.id) + f"#e{entry_id}")
    return _render_campaign(campaign, outcome.errors, entry_id, outcome.status)


@bp.get("/parcel-campaigns/<int:campaign_id>/print")
@roles_required(*SITE_ROLES)
def campaign_print(campaign_id: int):
    return render_template(
        "parcels/campaign_print.html", **campaign_print_page(campaign_for_user(campaign_id))
    )
