"""The day's lists of a site: generating them, printing them, the drivers' concerns."""

from datetime import timedelta
from io import BytesIO

from flask import flash, redirect, render_template, request, send_file, url_for
from flask_babel import gettext as _
from flask_login import current_user

from app.auth.permissions import ALL_ROLES, SITE_ROLES, can_see_site, roles_required
from app.auth.permissions import visible_site_ids as _visible
from app.core.clock import today
from app.core.converters import parse_day
from app.core.errors import NotFoundError
from app.core.forms import submit
from app.core.schemas import form_data
from app.delivery import services
from app.delivery.schemas import ConcernHandledLoadSchema
from app.delivery.services import pages
from app.delivery.views import bp
from app.delivery.views.routes import routes_page
from app.places.access import site_or_404

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@bp.post("/sites/<int:site_id>/delivery/generate")
@roles_required(*SITE_ROLES)
def generate(site_id: int):
    """Generate today's lists of the site, applying route changes to lists already there."""
    site = site_or_404(site_id)
    outcome = submit(
        lambda: services.generate_lists(
            today(), site_id=site.id, generated_by=current_user.username, regenerate=True
        )
    )
    if not outcome.ok:
        return routes_page(site, outcome.status, generate_errors=outcome.errors)
    flash(_("Listele de azi au fost actualizate."), "ok")
    return redirect(url_for("delivery.routes", site_id=site.id))


@bp.get("/sites/<int:site_id>/delivery/<day>")
@roles_required(*SITE_ROLES)
def site_day(site_id: int, day: str):
    """Every route's list of the day on one printable page, or as .xlsx."""
    site = site_or_404(site_id)
    if day.endswith(".xlsx"):
        documents = services.day_documents(parse_day(day[: -len(".xlsx")]), site.id)
        return send_file(
            BytesIO(services.workbook_bytes(documents)),
            mimetype=XLSX,
            as_attachment=True,
            download_name=f"livrari-{day}",
        )
    the_day = parse_day(day)
    return render_template(
        "delivery/print.html",
        site=site,
        day=the_day,
        documents=services.day_documents(the_day, site.id),
        previous_day=the_day - timedelta(days=1),
        next_day=the_day + timedelta(days=1),
    )


@bp.get("/delivery-lists/<int:list_id>/print")
@roles_required(*ALL_ROLES)
def list_print(list_id: int):
    delivery_list = services.list_for(current_user, list_id)
    return render_template(
        "delivery/print.html",
        site=delivery_list.route.site,
        day=delivery_list.day,
        documents=[services.list_document(delivery_list)],
    )


@bp.get("/delivery/concerns")
@roles_required(*SITE_ROLES)
def concerns():
    return _concerns_page()


def _concerns_page(errors=None, error_stop=None, values=None, status=200):
    since = today() - timedelta(days=30)
    visible = _visible(current_user)
    return render_template(
        "delivery/concerns.html",
        **pages.concerns_page(visible, since),
        errors=errors or {},
        error_stop=error_stop,
        values=values or {},
    ), status


@bp.post("/delivery/concerns/<int:stop_id>/handled")
@roles_required(*SITE_ROLES)
def concern_handled(stop_id: int):
    """The site followed up a driver's concern: what was done (who and when are recorded)."""
    _stop, delivery_list = services.concern_stop(stop_id)
    if not can_see_site(current_user, delivery_list.site_id):  # other sites' stops: 404
        raise NotFoundError(_("Oprirea nu a fost găsită."))
    values = form_data(request.form)
    outcome = submit(
        lambda: services.handle_concern(
            stop_id,
            ConcernHandledLoadSchema().load(values)["concern_action"],
            user_id=current_user.id,
        )
    )
    if not outcome.ok:
        return _concerns_page(outcome.errors, stop_id, values, outcome.status)
    flash(_("Urmărirea a fost salvată."), "ok")
    return redirect(url_for("delivery.concerns") + f"#concern-{stop_id}")
