"""A site's stock: what is on the shelf, receipts, corrections and transfers."""

from flask import flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from app.auth.permissions import SITE_ROLES, roles_required, visible_site_ids
from app.auth.services import sites_seen
from app.core import clock
from app.core.forms import submit
from app.core.schemas import form_data
from app.parcels import services
from app.parcels.access import destination_site, site_for_user
from app.parcels.labels import parcel_label
from app.parcels.models import AdjustmentReason, SourceKind
from app.parcels.schemas import AdjustmentLoadSchema, ReceiptLoadSchema, TransferLoadSchema
from app.parcels.services.pages import stock_page
from app.parcels.views import bp


@bp.get("/parcels")
@roles_required(*SITE_ROLES)
def index():
    sites = sites_seen(visible_site_ids(current_user))
    if len(sites) == 1:
        return redirect(url_for("parcels.site_stock", site_id=sites[0].id))
    return render_template("parcels/index.html", sites=sites)


def _render_stock(site, form: str | None = None, errors=None, values=None, status=200):
    return render_template(
        "parcels/stock.html",
        site=site,
        **stock_page(site.id, visible_site_ids(current_user)),
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
