"""Pages of the reports that read attendance: a site's monthly register (page and
workbook). The programme's totals on the home page are a section of app/reports/pages.py.

The routes join the reports blueprint; their URLs sit beside the site's attendance pages.
"""

import io

from flask import redirect, render_template, request, send_file, url_for

from app.attendance import services as attendance
from app.attendance.api import check_month, parse_meal
from app.attendance.models import Meal
from app.auth.permissions import SITE_ROLES, roles_required
from app.core import calendar, clock
from app.reports.attendance import LETTERS, monthly_register, write_register
from app.reports.views import XLSX, bp


@bp.get("/sites/<int:site_id>/register")
@roles_required(*SITE_ROLES)
def register_now(site_id: int):
    today = clock.today()
    meal = request.args.get("meal", Meal.LUNCH.value)
    return redirect(
        url_for("reports.register", site_id=site_id, year=today.year, month=today.month, meal=meal)
    )


def _register_of(site_id: int, year: int, month: int, meal: str):
    """The site (if the user may see it) and the meal of a register's URL, checked."""
    site = attendance.visible_site(site_id)
    check_month(year, month)
    return site, parse_meal(meal)


@bp.get("/sites/<int:site_id>/register/<int:year>/<int:month>/<meal>")
@roles_required(*SITE_ROLES)
def register(site_id: int, year: int, month: int, meal: str):
    site, which = _register_of(site_id, year, month, meal)
    previous, following = calendar.neighbour_months(year, month)
    return render_template(
        "reports/register.html",
        site=site,
        register=monthly_register(site.id, year, month, which),
        month_name=calendar.month_name(month),
        letters=LETTERS,
        previous=previous,
        following=following,
    )


@bp.get("/sites/<int:site_id>/register/<int:year>/<int:month>/<meal>/xlsx")
@roles_required(*SITE_ROLES)
def register_xlsx(site_id: int, year: int, month: int, meal: str):
    site, which = _register_of(site_id, year, month, meal)
    buffer = io.BytesIO()
    title = f"{site.name}, {calendar.month_name(month)} {year}"
    write_register(site.id, title, year, month, which, buffer)
    buffer.seek(0)
    return send_file(
        buffer,
        mimetype=XLSX,
        as_attachment=True,
        download_name=f"registru-{which.value}-{site.id}-{year}-{month:02d}.xlsx",
    )
