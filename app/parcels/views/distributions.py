"""Handing parcels to people at the site or on the day's delivery, and cancelling one."""

from flask import flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from app.auth.permissions import SITE_ROLES, roles_required
from app.beneficiaries.access import visible_person
from app.core import clock
from app.core.forms import submit
from app.core.schemas import form_data
from app.parcels import services
from app.parcels.access import distribution_at, give_parcel, may_override, site_for_user
from app.parcels.labels import parcel_label
from app.parcels.models import DistributionMethod
from app.parcels.schemas import CancelLoadSchema, DistributionLoadSchema
from app.parcels.services.pages import hand_out_page
from app.parcels.views import bp


def _render_hand_out(site, errors=None, values=None, status=200):
    q = (request.args.get("q", "").strip() or (values or {}).get("q", ""))[:100]
    chosen = (values or {}).get("beneficiary_id")
    return render_template(
        "parcels/hand_out.html",
        site=site,
        q=q,
        chosen=str(chosen) if chosen else None,
        **hand_out_page(site.id, q),
        method_options=[(m.value, parcel_label(m)) for m in DistributionMethod],
        may_override=may_override(),
        errors=errors or {},
        values=values or {"day": clock.today().isoformat(), "quantity": "1"},
    ), status


@bp.get("/sites/<int:site_id>/parcels/hand-out")
@roles_required(*SITE_ROLES)
def hand_out(site_id: int):
    return _render_hand_out(site_for_user(site_id))


def _given_message(person, distribution) -> str:
    if distribution.method == DistributionMethod.DELIVERY:
        return _(
            "%(name)s: %(n)s × %(type)s pleacă cu livrarea din %(day)s.",
            name=person.full_name,
            n=distribution.quantity,
            type=distribution.parcel_type.name,
            day=distribution.day.strftime("%d.%m.%Y"),
        )
    return _(
        "%(name)s a primit %(n)s × %(type)s.",
        name=person.full_name,
        n=distribution.quantity,
        type=distribution.parcel_type.name,
    )


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
    if not outcome.ok:
        return _render_hand_out(site, outcome.errors, values, outcome.status)
    flash(_given_message(*outcome.result), "ok")
    return redirect(url_for("parcels.hand_out", site_id=site.id))


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
