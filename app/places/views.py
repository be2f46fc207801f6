"""Pages for districts, localities and sites."""

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from app.auth.models import Role
from app.auth.permissions import SITE_ROLES, roles_required, visible_site_ids
from app.core.errors import PermissionDeniedError
from app.core.forms import max_lengths, submit
from app.core.schemas import form_data
from app.places import services
from app.places.models import Service, Site, SiteKind
from app.places.schemas import DistrictLoadSchema, LocalityLoadSchema, SiteLoadSchema

bp = Blueprint("places", __name__)


@bp.route("/places", methods=["GET", "POST"])
@roles_required(Role.ADMIN, Role.MANAGER)
def places():
    errors, values, status = {}, {}, 200
    if request.method == "POST":
        if current_user.role != Role.ADMIN:
            raise PermissionDeniedError(
                _("Doar administratorul poate adăuga raioane și localități.")
            )
        values = form_data(request.form)
        what = values.pop("what", "")
        if what == "district":
            outcome = submit(lambda: services.create_district(**DistrictLoadSchema().load(values)))
        else:
            outcome = submit(lambda: services.create_locality(**LocalityLoadSchema().load(values)))
        if outcome.ok:
            flash(_("Salvat."), "ok")
            return redirect(url_for("places.places"))
        errors = {f"{what}_{k if k != '_' else 'name'}": v for k, v in outcome.errors.items()}
        status = outcome.status
    return render_template(
        "places/places.html",
        districts=services.districts_with_localities(),
        errors=errors,
        values=values,
    ), status


@bp.get("/sites")
@roles_required(*SITE_ROLES)
def sites():
    rows = services.sites_page(visible_site_ids(current_user))
    return render_template("places/sites.html", sites=rows)


@bp.get("/sites/<int:site_id>")
@roles_required(*SITE_ROLES)
def site(site_id: int):
    return render_template("places/site.html", **services.site_page(site_id))


def _site_form_values(form) -> dict:
    values = form_data(form)
    services_list = []
    for service in Service:
        if form.get(f"service_{service.value}"):
            services_list.append(
                {"service": service.value, "capacity": values.get(f"capacity_{service.value}")}
            )
        values.pop(f"service_{service.value}", None)
        values.pop(f"capacity_{service.value}", None)
    values["services"] = services_list
    values.setdefault("active", "false")
    return values


def _site_form(site: Site | None):
    errors, raw, status = {}, {}, 200
    if request.method == "POST":
        raw = request.form

        def save():
            data = SiteLoadSchema().load(_site_form_values(request.form))
            if site is None:
                return services.create_site(data)
            return services.update_site(site.id, data)

        outcome = submit(save)
        if outcome.ok:
            flash(_("Centrul a fost salvat."), "ok")
            return redirect(url_for("places.site", site_id=outcome.result.id))
        errors, status = outcome.errors, outcome.status
        if site is not None:  # read again after the rollback: the form shows it
            site = services.site_with_details(site.id)
    return render_template(
        "places/site_form.html",
        site=site,
        raw=raw,
        errors=errors,
        localities=services.localities(),
        kinds=list(SiteKind),
        all_services=list(Service),
        limits=max_lengths(SiteLoadSchema),
    ), status


@bp.route("/sites/new", methods=["GET", "POST"])
@roles_required(Role.ADMIN)
def site_new():
    return _site_form(None)


@bp.route("/sites/<int:site_id>/edit", methods=["GET", "POST"])
@roles_required(Role.ADMIN)
def site_edit(site_id: int):
    return _site_form(services.site_with_details(site_id))
