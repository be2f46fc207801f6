"""Pages for districts, localities and sites."""

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from marshmallow import ValidationError

from app.auth.models import Role
from app.auth.permissions import SITE_ROLES, require_site, roles_required, visible_site_ids
from app.core.errors import DomainError, NotFoundError
from app.core.schemas import first_errors, form_data
from app.extensions import db
from app.places import services
from app.places.models import Service, Site, SiteKind
from app.places.schemas import DistrictLoadSchema, LocalityLoadSchema, SiteLoadSchema

bp = Blueprint("places", __name__)


@bp.route("/places", methods=["GET", "POST"])
@roles_required(Role.ADMIN, Role.MANAGER)
def places():
    errors, values = {}, {}
    if request.method == "POST":
        if current_user.role != Role.ADMIN:
            raise DomainError(_("Doar administratorul poate adăuga raioane și localități."))
        values = form_data(request.form)
        what = values.pop("what", "")
        try:
            if what == "district":
                services.create_district(**DistrictLoadSchema().load(values))
            else:
                services.create_locality(**LocalityLoadSchema().load(values))
        except ValidationError as exc:
            errors = {f"{what}_{k}": v for k, v in first_errors(exc.messages).items()}
        except DomainError as exc:
            db.session.rollback()
            errors = {f"{what}_{exc.field or 'name'}": exc.message}
        else:
            db.session.commit()
            flash(_("Salvat."), "ok")
            return redirect(url_for("places.places"))
    return render_template(
        "places/places.html",
        districts=services.districts_with_localities(),
        errors=errors,
        values=values,
    ), (422 if errors else 200)


@bp.get("/sites")
@roles_required(*SITE_ROLES)
def sites():
    rows = list(db.session.scalars(services.sites_query(visible_site_ids(current_user))))
    return render_template("places/sites.html", sites=rows)


def _site_or_404(site_id: int) -> Site:
    site = db.session.get(Site, site_id)
    if site is None:
        raise NotFoundError(_("Centrul nu a fost găsit."))
    require_site(site.id)
    return site


@bp.get("/sites/<int:site_id>")
@roles_required(*SITE_ROLES)
def site(site_id: int):
    return render_template("places/site.html", site=_site_or_404(site_id))


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
    errors = {}
    raw = {}
    if request.method == "POST":
        raw = request.form
        try:
            data = SiteLoadSchema().load(_site_form_values(request.form))
            if site is None:
                site = services.create_site(data)
            else:
                services.update_site(site.id, data)
        except ValidationError as exc:
            errors = first_errors(exc.messages)
        except DomainError as exc:
            db.session.rollback()
            errors = {exc.field or "_": exc.message}
        else:
            db.session.commit()
            flash(_("Centrul a fost salvat."), "ok")
            return redirect(url_for("places.site", site_id=site.id))
    return render_template(
        "places/site_form.html",
        site=site,
        raw=raw,
        errors=errors,
        localities=list(db.session.scalars(services.localities_query())),
        kinds=list(SiteKind),
        all_services=list(Service),
    ), (422 if errors else 200)


@bp.route("/sites/new", methods=["GET", "POST"])
@roles_required(Role.ADMIN)
def site_new():
    return _site_form(None)


@bp.route("/sites/<int:site_id>/edit", methods=["GET", "POST"])
@roles_required(Role.ADMIN)
def site_edit(site_id: int):
    return _site_form(_site_or_404(site_id))
