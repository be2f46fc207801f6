"""Pages of the delivery domain: routes, the driver's phone view, printable lists."""

from datetime import date, time, timedelta
from io import BytesIO
from urllib.parse import urlencode

from flask import (
    Blueprint,
    current_app,
    flash,
    jsonify,
    redirect,
    render_template,
    request,
    send_file,
    url_for,
)
from flask_babel import gettext as _
from flask_login import current_user
from marshmallow import ValidationError

from app.auth.models import Role
from app.auth.permissions import (
    ALL_ROLES,
    SITE_ROLES,
    can_see_site,
    require_site,
    roles_required,
)
from app.auth.permissions import visible_site_ids as _visible
from app.core import calendar
from app.core.clock import now_local, today
from app.core.converters import service_day
from app.core.errors import DomainError, NotFoundError
from app.core.forms import submit
from app.core.schemas import first_errors, form_data
from app.delivery import labels as delivery_labels
from app.delivery import services
from app.delivery.models import FailureReason
from app.delivery.schemas import (
    ConcernHandledLoadSchema,
    ConcernLoadSchema,
    MoveLoadSchema,
    OrderLoadSchema,
    OutcomeLoadSchema,
    RouteLoadSchema,
    StopLoadSchema,
    SubstituteLoadSchema,
    TransferLoadSchema,
)
from app.extensions import db
from app.places.models import Site

bp = Blueprint("delivery", __name__)


@bp.app_context_processor
def delivery_context():
    links = []
    if current_user.is_authenticated:
        if current_user.role == Role.DRIVER:
            links = [{"url": url_for("delivery.driver"), "text": _("Listele mele")}]
        elif current_user.role in SITE_ROLES:
            links = [{"url": url_for("delivery.concerns"), "text": _("Semnalări șoferi")}]
    return {
        "delivery_nav_links": links,
        "reason_label": lambda value: str(
            delivery_labels.REASON_LABELS.get(getattr(value, "value", value), value or "")
        ),
        "weekday_names": delivery_labels.WEEKDAY_NAMES,
    }


@bp.app_template_filter()
def tel_href(number: str | None) -> str:
    """A phone number as a tel: link wants it: digits and a leading +."""
    number = (number or "").strip()
    digits = "".join(ch for ch in number if ch.isdigit())
    return ("+" + digits) if number.startswith("+") else digits


@bp.app_template_global()
def web_map_url(stop) -> str:
    """A web map for the stop: the point when known, else a search by address and locality.

    geo: links open a map app on Android only; a web map opens on every phone.
    """
    if stop.latitude is not None and stop.longitude is not None:
        lat, lon = f"{stop.latitude:.6f}", f"{stop.longitude:.6f}"
        return f"https://www.openstreetmap.org/?mlat={lat}&mlon={lon}#map=17/{lat}/{lon}"
    return "https://www.openstreetmap.org/search?" + urlencode(
        {"query": f"{stop.address}, Moldova"}
    )


@bp.app_template_global()
def delivery_lists_ready_at() -> str | None:
    """The time today's lists are generated while it is still ahead ('07:00'), else None."""
    at = current_app.config.get("DELIVERY_LIST_TIME", "07:00")
    try:
        hour, minute = (int(part) for part in at.split(":"))
    except ValueError:
        return None
    if now_local().time() >= time(hour, minute):
        return None
    # only when one of the driver's sites serves today: no promise on a closed day
    if not any(calendar.serves_on(site_id, today()) for site_id in current_user.site_ids):
        return None
    return f"{hour:02d}:{minute:02d}"


@bp.app_template_filter()
def delivery_options(items) -> list[tuple[int, str]]:
    """(id, full name) pairs for a select of people or drivers."""
    return [(item.id, item.full_name) for item in items]


@bp.app_template_global()
def delivery_site_summary(site_id: int) -> dict:
    """For the site page section: today's lists, people on no route, recent concerns."""
    return services.site_day_summary(site_id, today())


@bp.app_template_global()
def driver_home_lists() -> list:
    return services.driver_lists(current_user.id)


@bp.app_template_global()
def delivery_progress(delivery_list) -> tuple[int, int]:
    return services.progress(delivery_list)


def _site(site_id: int) -> Site:
    site = db.session.get(Site, site_id)
    if site is None:
        raise NotFoundError(_("Centrul nu a fost găsit."))
    require_site(site.id)
    return site


def _route(route_id: int):
    route = services.get_route(route_id)
    require_site(route.site_id)
    return route


def _weekday_values(form) -> dict:
    values = form_data(form, lists=("weekdays",))
    values["weekdays"] = "".join(sorted(values.get("weekdays", [])))
    values.setdefault("active", "false")
    return values


# --------------------------------------------------------------------------- routes


@bp.route("/sites/<int:site_id>/routes", methods=["GET", "POST"])
@roles_required(*SITE_ROLES)
def routes(site_id: int):
    site = _site(site_id)
    errors, values = {}, {"weekdays": "12345", "active": True}
    if request.method == "POST":
        values = _weekday_values(request.form)
        outcome = submit(lambda: services.create_route(site.id, **RouteLoadSchema().load(values)))
        if outcome.ok:
            flash(_("Traseul a fost creat."), "ok")
            return redirect(url_for("delivery.route", route_id=outcome.result.id))
        errors = outcome.errors
    return render_template(
        "delivery/routes.html",
        site=site,
        summary=services.site_day_summary(site.id, today()),
        drivers=services.site_drivers(site.id),
        errors=errors,
        values=values,
    ), (422 if errors else 200)


@bp.route("/routes/<int:route_id>", methods=["GET", "POST"])
@roles_required(*SITE_ROLES)
def route(route_id: int):
    route = _route(route_id)
    errors = {}
    if request.method == "POST":
        outcome = submit(
            lambda: services.update_route(
                route.id, RouteLoadSchema().load(_weekday_values(request.form))
            )
        )
        if outcome.ok:
            flash(_("Traseul a fost salvat."), "ok")
            return redirect(url_for("delivery.route", route_id=route.id))
        errors = outcome.errors
    return _route_page(route, errors)


def _route_page(route, errors=None, status=None):
    errors = errors or {}
    routed = {stop.beneficiary_id for stop in route.stops}
    return render_template(
        "delivery/route.html",
        route=route,
        site=route.site,
        drivers=services.site_drivers(route.site_id),
        candidates=[p for p in services.unrouted_people(route.site_id) if p.id not in routed],
        other_routes=[r for r in services.routes_of_site(route.site_id) if r.id != route.id],
        errors=errors,
    ), (status or (422 if errors else 200))


def _route_action(route_id: int, action):
    """Run one stop/substitute change from a form; re-render the route page on bad input."""
    route = _route(route_id)
    try:
        action(route, form_data(request.form))
    except ValidationError as exc:
        db.session.rollback()
        return _route_page(services.get_route(route_id), first_errors(exc.messages))
    except DomainError as exc:
        db.session.rollback()
        if isinstance(exc, NotFoundError):
            raise
        return _route_page(
            services.get_route(route_id), {exc.field or "_": exc.message}, exc.status_code
        )
    db.session.commit()
    return redirect(url_for("delivery.route", route_id=route_id) + request.form.get("anchor", ""))


@bp.post("/routes/<int:route_id>/stops")
@roles_required(*SITE_ROLES)
def stop_add(route_id: int):
    return _route_action(
        route_id,
        lambda route, values: services.add_stop(route.id, **StopLoadSchema().load(values)),
    )


@bp.post("/routes/<int:route_id>/stops/<int:stop_id>/move")
@roles_required(*SITE_ROLES)
def stop_move(route_id: int, stop_id: int):
    return _route_action(
        route_id,
        lambda route, values: services.move_stop(
            route.id, stop_id, **MoveLoadSchema().load(values)
        ),
    )


@bp.post("/routes/<int:route_id>/stops/<int:stop_id>/transfer")
@roles_required(*SITE_ROLES)
def stop_transfer(route_id: int, stop_id: int):
    return _route_action(
        route_id,
        lambda route, values: services.transfer_stop(
            route.id, stop_id, **TransferLoadSchema().load(values)
        ),
    )


@bp.post("/routes/<int:route_id>/stops/<int:stop_id>/remove")
@roles_required(*SITE_ROLES)
def stop_remove(route_id: int, stop_id: int):
    return _route_action(route_id, lambda route, values: services.remove_stop(route.id, stop_id))


@bp.post("/routes/<int:route_id>/order")
@roles_required(*SITE_ROLES)
def stop_order(route_id: int):
    """The new order from the drag-and-drop script (JSON) or the suggestion form."""
    route = _route(route_id)
    if request.is_json:
        try:
            data = OrderLoadSchema().load(request.get_json(silent=True) or {})
        except ValidationError as exc:
            return jsonify(message=_("Datele trimise nu sunt valide."), errors=exc.messages), 422
        services.reorder_stops(route.id, data["stop_ids"])
        db.session.commit()
        return jsonify(stop_ids=data["stop_ids"])
    return _route_action(
        route_id,
        lambda r, values: services.reorder_stops(
            r.id,
            OrderLoadSchema().load({"stop_ids": request.form.getlist("stop_ids")})["stop_ids"],
        ),
    )


@bp.get("/routes/<int:route_id>/suggest")
@roles_required(*SITE_ROLES)
def suggest(route_id: int):
    route = _route(route_id)
    try:
        suggestion = services.suggest_route_order(route.id)
    except DomainError as exc:
        flash(exc.message, "error")
        return redirect(url_for("delivery.route", route_id=route.id))
    return render_template("delivery/suggest.html", route=route, suggestion=suggestion)


@bp.post("/routes/<int:route_id>/substitutes")
@roles_required(*SITE_ROLES)
def substitute_add(route_id: int):
    return _route_action(
        route_id,
        lambda route, values: services.add_substitute(
            route.id, **SubstituteLoadSchema().load(values)
        ),
    )


@bp.post("/routes/<int:route_id>/substitutes/<int:substitute_id>/remove")
@roles_required(*SITE_ROLES)
def substitute_remove(route_id: int, substitute_id: int):
    return _route_action(
        route_id, lambda route, values: services.remove_substitute(route.id, substitute_id)
    )


# --------------------------------------------------------------------------- daily lists


@bp.post("/sites/<int:site_id>/delivery/generate")
@roles_required(*SITE_ROLES)
def generate(site_id: int):
    """Generate today's lists of the site, applying route changes to lists already there."""
    site = _site(site_id)
    services.generate_lists(
        today(), site_id=site.id, generated_by=current_user.username, regenerate=True
    )
    db.session.commit()
    flash(_("Listele de azi au fost actualizate."), "ok")
    return redirect(url_for("delivery.routes", site_id=site.id))


def _day(value: str) -> date:
    day = service_day(value)
    if day is None:
        raise NotFoundError(_("Data nu este validă."))
    return day


@bp.get("/sites/<int:site_id>/delivery/<day>")
@roles_required(*SITE_ROLES)
def site_day(site_id: int, day: str):
    """Every route's list of the day on one printable page, or as .xlsx."""
    site = _site(site_id)
    if day.endswith(".xlsx"):
        documents = services.day_documents(_day(day[: -len(".xlsx")]), site.id)
        return send_file(
            BytesIO(services.workbook_bytes(documents)),
            mimetype="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            as_attachment=True,
            download_name=f"livrari-{day}",
        )
    the_day = _day(day)
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
        site=db.session.get(Site, delivery_list.site_id),
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
    query = db.select(Site.id, Site.name)
    if visible is not None:
        query = query.where(Site.id.in_(visible))
    return render_template(
        "delivery/concerns.html",
        rows=services.concerns(visible, since),
        site_names=dict(db.session.execute(query).all()),
        since=since,
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


# --------------------------------------------------------------------------- the driver


@bp.get("/driver")
@roles_required(Role.DRIVER)
def driver():
    return render_template("delivery/driver.html", lists=services.driver_lists(current_user.id))


@bp.get("/driver/lists/<int:list_id>")
@roles_required(*ALL_ROLES)
def driver_list(list_id: int):
    return _list_page(services.list_for(current_user, list_id))


def _list_page(delivery_list, errors=None, error_stop=None):
    errors = errors or {}
    return render_template(
        "delivery/list.html",
        delivery_list=delivery_list,
        done_total=services.progress(delivery_list),
        reasons=list(FailureReason),
        errors=errors,
        error_stop=error_stop,
    ), (422 if errors else 200)


@bp.post("/driver/lists/<int:list_id>/stops/<int:stop_id>")
@roles_required(*ALL_ROLES)
def driver_outcome(list_id: int, stop_id: int):
    delivery_list = services.list_for(current_user, list_id)
    try:
        data = OutcomeLoadSchema().load(form_data(request.form))
        services.record_outcome(
            delivery_list.id,
            stop_id,
            data["outcome"],
            data["failure_reason"],
            data["remark"],
            user_id=current_user.id,
        )
    except ValidationError as exc:
        return _list_page(delivery_list, first_errors(exc.messages), stop_id)
    db.session.commit()
    return redirect(url_for("delivery.driver_list", list_id=list_id) + f"#stop-{stop_id}")


@bp.post("/driver/lists/<int:list_id>/stops/<int:stop_id>/concern")
@roles_required(*ALL_ROLES)
def driver_concern(list_id: int, stop_id: int):
    delivery_list = services.list_for(current_user, list_id)
    try:
        data = ConcernLoadSchema().load(form_data(request.form))
    except ValidationError as exc:
        return _list_page(delivery_list, first_errors(exc.messages), stop_id)
    services.set_concern(
        delivery_list.id, stop_id, data["concern"], data["concern_note"], user_id=current_user.id
    )
    db.session.commit()
    return redirect(url_for("delivery.driver_list", list_id=list_id) + f"#stop-{stop_id}")


@bp.get("/driver/sw.js")
@roles_required(*ALL_ROLES)
def driver_service_worker():
    """The service worker that keeps an opened list readable offline (scope /driver/)."""
    from flask import current_app, send_from_directory

    response = send_from_directory(
        current_app.static_folder, "driver-sw.js", mimetype="text/javascript", max_age=0
    )
    response.headers["Cache-Control"] = "no-cache"
    return response
