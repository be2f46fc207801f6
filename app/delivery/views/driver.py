"""The driver's phone view: today's lists, each stop's outcome and concerns."""

from flask import current_app, redirect, render_template, request, send_from_directory, url_for
from flask_login import current_user

from app.auth.models import Role
from app.auth.permissions import ALL_ROLES, roles_required
from app.core.forms import submit
from app.core.schemas import form_data
from app.delivery import services
from app.delivery.models import FailureReason
from app.delivery.schemas import ConcernLoadSchema, OutcomeLoadSchema
from app.delivery.services import pages
from app.delivery.views import bp


@bp.get("/driver")
@roles_required(Role.DRIVER)
def driver():
    return render_template("delivery/driver.html", **pages.driver_home(current_user))


@bp.get("/driver/lists/<int:list_id>")
@roles_required(*ALL_ROLES)
def driver_list(list_id: int):
    return _list_page(services.list_for(current_user, list_id))


def _list_page(delivery_list, errors=None, error_stop=None, status=None):
    errors = errors or {}
    return render_template(
        "delivery/list.html",
        **pages.list_page(delivery_list),
        reasons=list(FailureReason),
        errors=errors,
        error_stop=error_stop,
    ), (status or (422 if errors else 200))


def _stop_form(list_id: int, stop_id: int, save):
    """One stop's form on the driver's list: saved and back to the stop, or shown again.

    `save(list_id, values)` loads the form with its schema and calls one service."""
    delivery_list = services.list_for(current_user, list_id)
    values = form_data(request.form)
    outcome = submit(lambda: save(delivery_list.id, values))
    if not outcome.ok:
        return _list_page(delivery_list, outcome.errors, stop_id, outcome.status)
    return redirect(url_for("delivery.driver_list", list_id=list_id) + f"#stop-{stop_id}")


@bp.post("/driver/lists/<int:list_id>/stops/<int:stop_id>")
@roles_required(*ALL_ROLES)
def driver_outcome(list_id: int, stop_id: int):
    def record(delivery_list_id, values):
        data = OutcomeLoadSchema().load(values)
        fields = (data["outcome"], data["failure_reason"], data["remark"])
        return services.record_outcome(delivery_list_id, stop_id, *fields, user_id=current_user.id)

    return _stop_form(list_id, stop_id, record)


@bp.post("/driver/lists/<int:list_id>/stops/<int:stop_id>/concern")
@roles_required(*ALL_ROLES)
def driver_concern(list_id: int, stop_id: int):
    def flag(delivery_list_id, values):
        data = ConcernLoadSchema().load(values)
        fields = (data["concern"], data["concern_note"])
        return services.set_concern(delivery_list_id, stop_id, *fields, user_id=current_user.id)

    return _stop_form(list_id, stop_id, flag)


@bp.get("/driver/sw.js")
@roles_required(*ALL_ROLES)
def driver_service_worker():
    """The service worker that keeps an opened list readable offline (scope /driver/)."""
    response = send_from_directory(
        current_app.static_folder, "driver-sw.js", mimetype="text/javascript", max_age=0
    )
    response.headers["Cache-Control"] = "no-cache"
    return response
