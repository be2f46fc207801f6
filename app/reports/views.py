"""Pages of the reports: the Reports page (pick, filter, download) and the dashboard."""

from flask import Blueprint, abort, jsonify, redirect, render_template, request, send_file, url_for
from flask_babel import get_locale
from flask_babel import gettext as _
from flask_login import current_user

from app.auth.permissions import SITE_ROLES, roles_required, visible_site_ids
from app.beneficiaries.privacy import sees_full_idnp
from app.core import clock
from app.core.forms import submit
from app.core.schemas import form_data
from app.reports import jobs
from app.reports import pages as _page_parts  # noqa: F401 - the home page
from app.reports.charts import stacked_bars_svg
from app.reports.dashboard import dashboard as dashboard_figures
from app.reports.monthly import month_file_path, month_files
from app.reports.schemas import ReportFormSchema
from app.reports.summary import last_month, resolve_filters, visible_districts, visible_sites

bp = Blueprint("reports", __name__)

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@bp.app_context_processor
def reports_helpers():
    links = []
    if current_user.is_authenticated and current_user.role in SITE_ROLES:
        links = [
            {"url": url_for("reports.dashboard"), "text": _("Tablou de bord")},
            {"url": url_for("reports.index"), "text": _("Rapoarte")},
        ]
    return {"reports_nav_links": links}


@bp.route("/reports", methods=["GET", "POST"])
@roles_required(*SITE_ROLES)
def index():
    """Pick a report, a period and filters; the report is made by a job (see jobs.py)."""
    visible = visible_site_ids(current_user)
    start, end = last_month(clock.today())
    values = {"report": "summary", "start": start.isoformat(), "end": end.isoformat()}
    errors, outcome_status = {}, 200
    if request.method == "POST":
        values = form_data(request.form)

        def check():
            data = ReportFormSchema().load(values)
            filters = resolve_filters(
                data["start"],
                data["end"],
                visible=visible,
                district_id=data.get("district_id"),
                site_id=data.get("site_id"),
            )
            return data["report"], filters

        outcome = submit(check)
        if outcome.ok:
            report, filters = outcome.result
            asker = jobs.Asker(
                current_user.id, current_user.full_name, sees_full_idnp(current_user)
            )
            token = jobs.start_report(
                report, filters, visible=visible, asker=asker, language=str(get_locale())
            )
            return redirect(url_for("reports.job", token=token), code=303)
        errors, outcome_status = outcome.errors, outcome.status
    else:
        jobs.jobs_dir()  # sweeps the reports asked long ago
    return render_template(
        "reports/index.html",
        values=values,
        errors=errors,
        districts=visible_districts(visible),
        sites=visible_sites(visible),
        files=month_files(visible),
    ), (outcome_status if errors else 200)


def _own_job(token: str) -> dict:
    """The user's own report job, or 404 for anyone else's (it names nothing)."""
    state = jobs.own_job(token, current_user.id, visible_site_ids(current_user))
    if state is None:
        abort(404)
    return state


@bp.get("/reports/jobs/<token>")
@roles_required(*SITE_ROLES)
def job(token: str):
    """A report being made: its progress (the page reloads itself), then its download."""
    state = _own_job(token)
    ready = jobs.finished_file(token, state) is not None
    return render_template("reports/job.html", state=state, token=token, ready=ready)


@bp.get("/reports/jobs/<token>/status")
@roles_required(*SITE_ROLES)
def job_status(token: str):
    """The same, for the page's script: how far the job is."""
    state = _own_job(token)
    ready = jobs.finished_file(token, state) is not None
    return jsonify(
        state=state["state"],
        step=state.get("step", 0),
        steps=state.get("steps", jobs.STEPS),
        stage=state.get("stage"),
        sheets=state.get("sheets", 0),
        waiting=bool(state.get("waiting")),
        text=render_template("reports/_job_progress.html", state=state, token=token, ready=ready),
        message=state.get("message"),
        download=url_for("reports.job_file", token=token) if ready else None,
    )


@bp.get("/reports/jobs/<token>/file")
@roles_required(*SITE_ROLES)
def job_file(token: str):
    """The workbook of a finished job, to its owner only."""
    state = _own_job(token)
    path = jobs.finished_file(token, state)
    if path is None:
        abort(404)
    response = send_file(
        path, mimetype=XLSX, as_attachment=True, download_name=state["download_name"]
    )
    response.headers["Cache-Control"] = "no-store"
    return response


@bp.get("/reports/files/<month>/<name>")
@roles_required(*SITE_ROLES)
def month_file(month: str, name: str):
    """A generated monthly file: managers any, staff their own sites' registers only."""
    path = month_file_path(month, name, visible_site_ids(current_user))
    if path is None:
        abort(404)
    response = send_file(path, mimetype=XLSX, as_attachment=True, download_name=name)
    response.headers["Cache-Control"] = "no-store"
    return response


@bp.get("/dashboard")
@roles_required(*SITE_ROLES)
def dashboard():
    figures = dashboard_figures(visible_site_ids(current_user), clock.today())
    names = [_("La cantină"), _("Livrate")]
    chart = stacked_bars_svg(
        [d.day for d in figures.history],
        [[d.canteen for d in figures.history], [d.delivered for d in figures.history]],
        names,
        _("Prânzuri servite în ultimele %(n)s zile de serviciu", n=len(figures.history)),
    )
    return render_template("reports/dashboard.html", figures=figures, chart=chart)
