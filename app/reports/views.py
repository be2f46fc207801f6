"""Pages of the reports: the Reports page (pick, filter, download) and the dashboard."""

from flask import Blueprint, abort, render_template, request, send_file, url_for
from flask_babel import gettext as _
from flask_login import current_user

from app.auth.permissions import SITE_ROLES, roles_required, visible_site_ids
from app.core import clock
from app.core.forms import submit
from app.core.schemas import form_data
from app.reports import pages as _page_parts  # noqa: F401 - the home page
from app.reports.charts import stacked_bars_svg
from app.reports.dashboard import dashboard as dashboard_figures
from app.reports.delivery_book import delivery_file
from app.reports.monthly import month_file_path, month_files
from app.reports.parcels import parcels_file
from app.reports.people import people_file
from app.reports.schemas import ReportFormSchema
from app.reports.summary import last_month, visible_districts, visible_sites
from app.reports.summary_book import summary_file

bp = Blueprint("reports", __name__)

REPORT_FILES = {
    "summary": summary_file,
    "delivery": delivery_file,
    "beneficiaries": people_file,
    "parcels": parcels_file,
}
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
    visible = visible_site_ids(current_user)
    start, end = last_month(clock.today())
    values = {"report": "summary", "start": start.isoformat(), "end": end.isoformat()}
    errors, outcome_status = {}, 200
    if request.method == "POST":
        values = form_data(request.form)

        def build():
            data = ReportFormSchema().load(values)
            return REPORT_FILES[data["report"]](
                data, visible=visible, generated_by=current_user.full_name
            )

        outcome = submit(build)
        if outcome.ok:
            buffer, name = outcome.result
            response = send_file(buffer, mimetype=XLSX, as_attachment=True, download_name=name)
            response.headers["Cache-Control"] = "no-store"
            return response
        errors, outcome_status = outcome.errors, outcome.status
    return render_template(
        "reports/index.html",
        values=values,
        errors=errors,
        districts=visible_districts(visible),
        sites=visible_sites(visible),
        files=month_files(visible),
    ), (outcome_status if errors else 200)


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
