"""Pages of the parcels domain: parcel types, a site's stock, handing parcels to people."""

from flask import Blueprint, flash, jsonify, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from marshmallow import ValidationError

from app.auth.permissions import (
    OFFICE_ROLES,
    SITE_ROLES,
    roles_required,
    visible_site_ids,
    wants_json,
)
from app.beneficiaries.access import visible_person
from app.beneficiaries.models import Category
from app.core import clock
from app.core.forms import submit
from app.core.labels import label
from app.core.schemas import first_errors, form_data
from app.errors import error_response
from app.extensions import db
from app.parcels import services
from app.parcels.access import (
    campaign_for_user,
    destination_site,
    distribution_at,
    give_parcel,
    may_override,
    site_for_user,
)
from app.parcels.labels import parcel_label
from app.parcels.models import AdjustmentReason, DistributionMethod, SourceKind
from app.parcels.schemas import (
    AdjustmentLoadSchema,
    CampaignLoadSchema,
    CampaignPlanLoadSchema,
    CancelLoadSchema,
    DistributionLoadSchema,
    ParcelTypeLoadSchema,
    ReceiptLoadSchema,
    TickLoadSchema,
    TransferLoadSchema,
)
from app.places.models import Service
from app.places.services import sites_query

bp = Blueprint("parcels", __name__)

BLANK_ITEM_ROWS = 3


@bp.app_context_processor
def parcels_context():
    links = []
    if current_user.is_authenticated and current_user.role in SITE_ROLES:
        links = [{"url": url_for("parcels.index"), "text": _("Pachete")}]
    return {"parcels_nav_links": links, "parcel_label": parcel_label}


@bp.app_errorhandler(services.InsufficientStock)
def insufficient_stock(exc: services.InsufficientStock):
    """The refusal carries the quantity available, for scripts as well as people."""
    if wants_json():
        body = {"message": exc.message, "errors": {"quantity": [exc.message]}}
        body["available"] = exc.available
        return jsonify(body), 409
    return error_response(409, exc.message)


# ------------------------------------------------------------------------ parcel types


def _items_from_form(form) -> list[dict]:
    rows = zip(
        form.getlist("item_name"),
        form.getlist("item_quantity"),
        form.getlist("item_unit"),
        strict=False,
    )
    items = []
    for name, quantity, unit in rows:
        name, quantity, unit = name.strip(), quantity.strip().replace(",", "."), unit.strip()
        if name or quantity or unit:
            items.append({"name": name, "quantity": quantity, "unit": unit})
    return items


def _type_values(form) -> dict:
    values = form_data(form)
    for key in ("item_name", "item_quantity", "item_unit"):
        values.pop(key, None)
    values["items"] = _items_from_form(form)
    values.setdefault("active", "false")
    return values


def _render_types(errors=None, values=None, status=200):
    return render_template(
        "parcels/types.html",
        types=services.parcel_types(),
        errors=errors or {},
        values=values or {"active": True, "items": []},
        blank_rows=BLANK_ITEM_ROWS,
    ), status


@bp.get("/parcel-types")
@roles_required(*SITE_ROLES)
def parcel_types():
    return _render_types()


@bp.post("/parcel-types")
@roles_required(*OFFICE_ROLES)
def parcel_type_create():
    values = _type_values(request.form)
    outcome = submit(
        lambda: services.create_parcel_type(
            ParcelTypeLoadSchema().load(values), user_id=current_user.id
        )
    )
    if outcome.ok:
        flash(_("Tipul de pachet a fost creat."), "ok")
        return redirect(url_for("parcels.parcel_types"))
    return _render_types(outcome.errors, values, outcome.status)


@bp.get("/parcel-types/<int:parcel_type_id>")
@roles_required(*OFFICE_ROLES)
def parcel_type(parcel_type_id: int):
    parcel_type = services.get_parcel_type(parcel_type_id)
    values = {
        "name": parcel_type.name,
        "active": parcel_type.active,
        "min_days_between": parcel_type.min_days_between,
        "items": [
            {"name": i.name, "quantity": format(i.quantity.normalize(), "f"), "unit": i.unit}
            for i in parcel_type.items
        ],
    }
    return render_template(
        "parcels/type_form.html",
        parcel_type=parcel_type,
        values=values,
        errors={},
        blank_rows=BLANK_ITEM_ROWS,
    )


@bp.post("/parcel-types/<int:parcel_type_id>")
@roles_required(*OFFICE_ROLES)
def parcel_type_update(parcel_type_id: int):
    parcel_type = services.get_parcel_type(parcel_type_id)
    values = _type_values(request.form)
    outcome = submit(
        lambda: services.update_parcel_type(
            parcel_type.id, ParcelTypeLoadSchema().load(values), user_id=current_user.id
        )
    )
    if outcome.ok:
        flash(_("Tipul de pachet a fost salvat."), "ok")
        return redirect(url_for("parcels.parcel_types"))
    return render_template(
        "parcels/type_form.html",
        parcel_type=parcel_type,
        values=values,
        errors=outcome.errors,
        blank_rows=BLANK_ITEM_ROWS,
    ), outcome.status


# ------------------------------------------------------------------------------ stock


@bp.get("/parcels")
@roles_required(*SITE_ROLES)
def index():
    sites = list(db.session.scalars(sites_query(visible_site_ids(current_user))))
    if len(sites) == 1:
        return redirect(url_for("parcels.site_stock", site_id=sites[0].id))
    return render_template("parcels/index.html", sites=sites)


def _other_sites(site_id: int) -> list:
    return [
        s
        for s in db.session.scalars(sites_query(visible_site_ids(current_user)))
        if s.id != site_id
    ]


def _render_stock(site, form: str | None = None, errors=None, values=None, status=200):
    other_sites = _other_sites(site.id)
    return render_template(
        "parcels/stock.html",
        site=site,
        stock=services.site_stock(site.id),
        type_options=[(t.id, t.name) for t in services.parcel_types(active_only=True)],
        movements=list(db.session.scalars(services.movements_query(site.id).limit(30))),
        other_sites=other_sites,
        other_site_ids={s.id for s in other_sites},
        site_options=[(s.id, s.name) for s in other_sites],
        source_options=[(s.value, parcel_label(s)) for s in SourceKind],
        reason_options=[(r.value, parcel_label(r)) for r in AdjustmentReason],
        form=form,
        errors=errors or {},
        values=values or {"day": clock.today().isoformat()},
    ), status


@bp.get("/sites/<int:site_id>/parcels")
@roles_required(*SITE_ROLES)
def site_stock(site_id: int):
    return _render_stock(site_for_user(site_id))


def _stock_form(site, form: str, action, message: str):
    values = form_data(request.form)
    outcome = submit(lambda: action(values))
    if outcome.ok:
        flash(message, "ok")
        return redirect(url_for("parcels.site_stock", site_id=site.id))
    return _render_stock(site, form, outcome.errors, values, outcome.status)


@bp.post("/sites/<int:site_id>/parcels/receipts")
@roles_required(*SITE_ROLES)
def receipt(site_id: int):
    site = site_for_user(site_id)
    return _stock_form(
        site,
        "receipt",
        lambda values: services.record_receipt(
            site.id, **ReceiptLoadSchema().load(values), user_id=current_user.id
        ),
        _("Intrarea a fost înregistrată."),
    )


@bp.post("/sites/<int:site_id>/parcels/adjustments")
@roles_required(*SITE_ROLES)
def adjustment(site_id: int):
    site = site_for_user(site_id)
    return _stock_form(
        site,
        "adjustment",
        lambda values: services.record_adjustment(
            site.id, **AdjustmentLoadSchema().load(values), user_id=current_user.id
        ),
        _("Corecția a fost înregistrată."),
    )


@bp.post("/sites/<int:site_id>/parcels/transfers")
@roles_required(*SITE_ROLES)
def transfer(site_id: int):
    site = site_for_user(site_id)

    def action(values):
        data = TransferLoadSchema().load(values)
        data["to_site_id"] = destination_site(data["to_site_id"]).id
        return services.record_transfer(site.id, **data, user_id=current_user.id)

    return _stock_form(site, "transfer", action, _("Transferul a fost înregistrat."))


# ---------------------------------------------------------------------- distributions


def _render_hand_out(site, errors=None, values=None, status=200):
    q = (request.args.get("q", "").strip() or (values or {}).get("q", ""))[:100]
    chosen = (values or {}).get("beneficiary_id")
    return render_template(
        "parcels/hand_out.html",
        site=site,
        q=q,
        people=services.site_people(site.id, q) if q else [],
        chosen=str(chosen) if chosen else None,
        stock={row["parcel_type_id"]: row["on_hand"] for row in services.site_stock(site.id)},
        types=services.parcel_types(active_only=True),
        type_options=[(t.id, t.name) for t in services.parcel_types(active_only=True)],
        method_options=[(m.value, parcel_label(m)) for m in DistributionMethod],
        recent=list(db.session.scalars(services.distributions_query(site.id).limit(20))),
        may_override=may_override(),
        errors=errors or {},
        values=values or {"day": clock.today().isoformat(), "quantity": "1"},
    ), status


@bp.get("/sites/<int:site_id>/parcels/hand-out")
@roles_required(*SITE_ROLES)
def hand_out(site_id: int):
    return _render_hand_out(site_for_user(site_id))


@bp.post("/sites/<int:site_id>/parcels/distributions")
@roles_required(*SITE_ROLES)
def distribute(site_id: int):
    site = site_for_user(site_id)
    values = form_data(request.form)

    def action():
        data = DistributionLoadSchema().load(values)
        person = visible_person(data["beneficiary_id"])
        return person, give_parcel(site.id, data)

    outcome = submit(action)
    if outcome.ok:
        person, distribution = outcome.result
        if distribution.method == DistributionMethod.DELIVERY:
            message = _(
                "%(name)s: %(n)s × %(type)s pleacă cu livrarea din %(day)s.",
                name=person.full_name,
                n=distribution.quantity,
                type=distribution.parcel_type.name,
                day=distribution.day.strftime("%d.%m.%Y"),
            )
            flash(message, "ok")
            return redirect(url_for("parcels.hand_out", site_id=site.id))
        flash(
            _(
                "%(name)s a primit %(n)s × %(type)s.",
                name=person.full_name,
                n=distribution.quantity,
                type=distribution.parcel_type.name,
            ),
            "ok",
        )
        return redirect(url_for("parcels.hand_out", site_id=site.id))
    return _render_hand_out(site, outcome.errors, values, outcome.status)


@bp.post("/sites/<int:site_id>/parcels/distributions/<int:distribution_id>/cancel")
@roles_required(*SITE_ROLES)
def cancel(site_id: int, distribution_id: int):
    site = site_for_user(site_id)
    distribution = distribution_at(site.id, distribution_id)
    values = form_data(request.form)
    outcome = submit(
        lambda: services.cancel_distribution(
            distribution.id, CancelLoadSchema().load(values)["reason"], user_id=current_user.id
        )
    )
    if outcome.ok:
        flash(_("Distribuirea a fost anulată; pachetul a revenit în stoc."), "ok")
        return redirect(url_for("parcels.hand_out", site_id=site.id))
    message = next(iter(outcome.errors.values()))
    return _render_hand_out(site, {"cancel": message}, None, outcome.status)


# -------------------------------------------------------------------------- campaigns


def _campaign_options() -> dict:
    return {
        "category_options": [(c.value, label(c)) for c in Category],
        "service_options": [(s.value, label(s)) for s in Service],
    }


def _render_campaigns(site, errors=None, values=None, plan=None, status=200):
    return render_template(
        "parcels/campaigns.html",
        site=site,
        campaigns=list(db.session.scalars(services.campaigns_query(site.id).limit(50))),
        type_options=[(t.id, t.name) for t in services.parcel_types(active_only=True)],
        plan=plan,
        errors=errors or {},
        values=values or {"day": clock.today().isoformat(), "quantity": "1"},
        **_campaign_options(),
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
        try:
            data = CampaignPlanLoadSchema().load(values)
            plan = services.plan_campaign(site.id, **data)
        except ValidationError as exc:
            return _render_campaigns(site, first_errors(exc.messages), values, None, 422)
        return _render_campaigns(site, {}, values, plan)
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
        data = CampaignPlanLoadSchema().load(values)
        plan = services.plan_campaign(site.id, **data)
    return _render_campaigns(site, outcome.errors, values, plan, outcome.status)


def _campaign(campaign_id: int):
    return campaign_for_user(campaign_id)


@bp.get("/parcel-campaigns/<int:campaign_id>")
@roles_required(*SITE_ROLES)
def campaign(campaign_id: int):
    campaign = _campaign(campaign_id)
    return render_template(
        "parcels/campaign.html",
        campaign=campaign,
        progress=services.campaign_progress(campaign),
        on_hand=services.on_hand(campaign.site_id, campaign.parcel_type_id),
        may_override=may_override(),
        errors={},
        entry_error=None,
    )


@bp.post("/parcel-campaigns/<int:campaign_id>/entries/<int:entry_id>")
@roles_required(*SITE_ROLES)
def campaign_tick(campaign_id: int, entry_id: int):
    campaign = _campaign(campaign_id)
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
    return render_template(
        "parcels/campaign.html",
        campaign=campaign,
        progress=services.campaign_progress(campaign),
        on_hand=services.on_hand(campaign.site_id, campaign.parcel_type_id),
        may_override=may_override(),
        errors=outcome.errors,
        entry_error=entry_id,
    ), outcome.status


@bp.get("/parcel-campaigns/<int:campaign_id>/print")
@roles_required(*SITE_ROLES)
def campaign_print(campaign_id: int):
    return render_template("parcels/campaign_print.html", campaign=_campaign(campaign_id))
