"""A site's routes: create and change them, their stops, order and substitute drivers."""

from flask import flash, jsonify, redirect, render_template, request, url_for
from flask_babel import gettext as _
from marshmallow import ValidationError

from app.auth.permissions import SITE_ROLES, require_site, roles_required
from app.core.errors import DomainError
from app.core.forms import submit
from app.core.schemas import form_data
from app.delivery import services
from app.delivery.schemas import (
    MoveLoadSchema,
    OrderLoadSchema,
    RouteLoadSchema,
    StopLoadSchema,
    SubstituteLoadSchema,
    TransferLoadSchema,
)
from app.delivery.services import pages
from app.delivery.views import bp
from app.places.access import site_or_404


def _route(route_id: int):
    route = services.get_route(route_id)
    require_site(route.site_id)
    return route


def _weekday_values(form) -> dict:
    values = form_data(form, lists=("weekdays",))
    values["weekdays"] = "".join(sorted(values.get("weekdays", [])))
    values.setdefault("active", "false")
    return values


@bp.route("/sites/<int:site_id>/routes", methods=["GET", "POST"])
@roles_required(*SITE_ROLES)
def routes(site_id: int):
    site = site_or_404(site_id)
    errors, values, status = {}, None, 200
    if request.method == "POST":
        values = _weekday_values(request.form)
        outcome = submit(lambda: services.create_route(site.id, **RouteLoadSchema().load(values)))
        if outcome.ok:
            flash(_("Traseul a fost creat."), "ok")
            return redirect(url_for("delivery.route", route_id=outcome.result.id))
        errors, status = outcome.errors, outcome.status
    return routes_page(site, status, errors=errors, values=values)


def routes_page(site, status: int, *, errors=None, values=None, generate_errors=None):
    """The site's routes page, with the messages of the form that was sent."""
    return render_template(
        "delivery/routes.html",
        site=site,
        **pages.routes_page(site.id),
        errors=errors or {},
        values=values or {"weekdays": "12345", "active": True},
        generate_errors=generate_errors or {},
    ), status


@bp.route("/routes/<int:route_id>", methods=["GET", "POST"])
@roles_required(*SITE_ROLES)
def route(route_id: int):
    route = _route(route_id)
    errors, status = {}, 200
    if request.method == "POST":
        outcome = submit(
            lambda: services.update_route(
                route.id, RouteLoadSchema().load(_weekday_values(request.form))
            )
        )
        if outcome.ok:
            flash(_("Traseul a fost salvat."), "ok")
            return redirect(url_for("delivery.route", route_id=route.id))
        errors, status = outcome.errors, outcome.status
    return _route_page(route, errors, status)


def _route_page(route, errors: dict, status: int):
    return render_template(
        "delivery/route.html",
        **pages.route_page(route),
        errors=errors,
    ), status


def _route_action(route_id: int, action):
    """Run one stop/substitute change from a form; re-render the route page on bad input."""
    route = _route(route_id)
    values = form_data(request.form)
    outcome = submit(lambda: action(route, values))
    if not outcome.ok:
        # read again after the rollback, the user's access with it
        return _route_page(_route(route_id), outcome.errors, outcome.status)
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
