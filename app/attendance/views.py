"""Pages of the attendance domain: calendar, daily sheet, alerts.

The monthly register, which reports build from the marks, is in app/reports/register_pages.py.
"""

from datetime import date, timedelta

from flask import (
    Blueprint,
    current_app,
    flash,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_babel import format_date
from flask_babel import gettext as _
from flask_login import current_user

from app.attendance import pages as _page_parts  # noqa: F401 - the site and home pages
from app.attendance import services
from app.attendance.api import check_month, parse_day, parse_meal
from app.attendance.labels import closure_reason_label, diet_label, mark_reason_label
from app.attendance.models import Mark, Meal
from app.attendance.schemas import DayOverrideFormSchema, SheetFormSchema
from app.auth.permissions import OFFICE_ROLES, SITE_ROLES, roles_required
from app.auth.services import sites_seen
from app.core import calendar, clock
from app.core.errors import InvalidInputError, PermissionDeniedError
from app.core.forms import submit
from app.core.labels import label
from app.core.schemas import form_data
from app.core.text import collation_key, fold

bp = Blueprint("attendance", __name__)


@bp.app_template_filter()
def weekday_date(day: date) -> str:
    """'joi, 04.12.2026' / 'четверг, 04.12.2026': the weekday in the page's language."""
    return format_date(day, "EEEE, dd.MM.yyyy")


@bp.app_template_filter()
def collate(items, attribute: str = "name") -> list:
    """Items in the one Romanian order used everywhere (see app.core.text.collation_key)."""
    return sorted(items, key=lambda item: collation_key(getattr(item, attribute)))


@bp.app_context_processor
def attendance_helpers():
    """Helpers for the attendance partials included in other domains' pages.

    Labels and links only: what a partial shows is read by the page's sections
    (app/attendance/pages.py), never by a query run from a template.
    """
    return {
        "closure_reason_label": closure_reason_label,
        "mark_reason_label": mark_reason_label,
        "diet_label": diet_label,
        "attendance_nav_links": (
            [{"url": url_for("attendance.alerts"), "text": _("Alerte absențe")}]
            if current_user.is_authenticated and current_user.role in OFFICE_ROLES
            else []
        ),
    }


# --- calendar ---------------------------------------------------------------------


@bp.get("/sites/<int:site_id>/calendar")
@roles_required(*SITE_ROLES)
def calendar_now(site_id: int):
    today = clock.today()
    return redirect(
        url_for("attendance.calendar_month", site_id=site_id, year=today.year, month=today.month)
    )


@bp.route("/sites/<int:site_id>/calendar/<int:year>/<int:month>", methods=["GET", "POST"])
@roles_required(*SITE_ROLES)
def calendar_month(site_id: int, year: int, month: int):
    site = services.visible_site(site_id)
    check_month(year, month)
    errors, values, marks_question, status = {}, {}, None, 200
    if request.method == "POST":
        if current_user.role not in OFFICE_ROLES:
            raise PermissionDeniedError(_("Doar managerii pot schimba calendarul centrului."))
        values = form_data(request.form)
        outcome = submit(lambda: _save_day(site.id, values))
        if outcome.ok:
            if outcome.result == "refused":
                flash(_("Ziua nu a fost închisă; marcajele rămân."), "ok")
            else:
                flash(_("Calendarul a fost salvat."), "ok")
            return redirect(request.path)
        errors, status = outcome.errors, outcome.status
        if isinstance(outcome.refusal, services.DayHasMarks):
            # the question is asked above the form, not beside one field
            errors = {"_": outcome.refusal.message}
            marks_question = outcome.refusal.marks
    previous, following = calendar.neighbour_months(year, month)
    return render_template(
        "attendance/calendar.html",
        site=site,
        days=calendar.month_days(site.id, year, month),
        year=year,
        month=month,
        month_name=calendar.month_name(month),
        lead_blanks=date(year, month, 1).weekday(),
        previous=previous,
        following=following,
        errors=errors,
        values=values,
        marks_question=marks_question,
        reasons=[(r, closure_reason_label(r)) for r in services.CLOSURE_REASONS],
        can_edit=current_user.role in OFFICE_ROLES,
        first_day=calendar.EARLIEST_DAY,
        last_day=calendar.latest_day(clock.today()),
    ), status


def _save_day(site_id: int, values: dict) -> str:
    """The calendar form's one change: close, open or restore a day ("refused": left as it was)."""
    data = DayOverrideFormSchema().load(values)
    if data["marks"] == "refuse":
        return "refused"
    if data["action"] == "remove":
        services.remove_day_override(site_id, data["day"], user_id=current_user.id)
    else:
        services.set_day_override(
            site_id,
            data["day"],
            is_open=data["action"] == "open",
            reason=data["reason"],
            note=data["note"],
            keep_marks=data["marks"] == "keep",
            user_id=current_user.id,
        )
    return "saved"


# --- the daily sheet ---------------------------------------------------------------


@bp.get("/sites/<int:site_id>/attendance")
@roles_required(*SITE_ROLES)
def sheet_today(site_id: int):
    site = services.visible_site(site_id)
    meal = request.args.get("meal") or (
        Meal.LUNCH if site.offers("lunch") or site.offers("delivery") else Meal.DAY_CARE
    )
    day = request.args.get("day") or clock.today().isoformat()
    return redirect(url_for("attendance.sheet", site_id=site.id, day=day, meal=meal))


@bp.route("/sites/<int:site_id>/attendance/<day>/<meal>", methods=["GET", "POST"])
@roles_required(*SITE_ROLES)
def sheet(site_id: int, day: str, meal: str):
    site = services.visible_site(site_id)
    on, which = parse_day(day), parse_meal(meal)
    errors, reason, status = {}, None, 200
    if request.method == "POST":
        values = form_data(request.form)
        reason = values.get("reason")
        outcome = submit(lambda: _tap(site.id, on, which, values))
        if outcome.ok:
            tap = outcome.result
            anchor = "" if tap.startswith("all") else f"#p{tap.split(':')[0]}"
            return redirect(request.path + anchor)
        errors, status = outcome.errors, outcome.status
        if outcome.refusal is not None and outcome.refusal.field != "reason":
            errors = {"_": outcome.refusal.message}
    sheet = services.daily_sheet(site.id, on, which)
    today = clock.today()
    # staff see days they may no longer mark read-only, with why, rather than a refusal
    too_old = current_user.role not in OFFICE_ROLES and not services.staff_may_mark(on)
    return render_template(
        "attendance/sheet.html",
        site=site,
        sheet=sheet,
        words={m.value: label(m) for m in Mark},
        keys={row.person.beneficiary_id: fold(row.person.name) for row in sheet.rows},
        errors=errors,
        reason=reason,
        late=on < today and (today - on).days > _staff_window(),
        can_mark=sheet.status.serves and on <= today and not too_old,
        read_only_message=(
            _(
                "Personalul poate marca doar ziua de azi și ultimele %(n)s zile; "
                "corecturile mai vechi le face managerul.",
                n=_staff_window(),
            )
            if too_old and sheet.status.serves
            else None
        ),
        previous_day=on - timedelta(days=1),
        next_day=on + timedelta(days=1),
        meals=[m for m in Meal if _site_has_meal(site, m)],
    ), status


def _tap(site_id: int, on: date, which: Meal, values: dict) -> str:
    """The sheet form's one tap: everyone present / delivered, one mark, or one cleared."""
    data = SheetFormSchema().load(values)
    reason, tap = data["reason"], data["tap"]
    if tap == "all":
        services.mark_all_present(site_id, on, which, user=current_user, reason=reason)
    elif tap == "all_delivered":
        services.mark_all_delivered(site_id, on, which, user=current_user, reason=reason)
    else:
        beneficiary_id, mark = tap.split(":")
        if mark == "clear":
            services.clear_mark(
                site_id, on, which, int(beneficiary_id), user=current_user, reason=reason
            )
        else:
            try:
                mark = Mark(mark)
            except ValueError:
                raise InvalidInputError(_("Marcaj necunoscut."), field="tap") from None
            services.mark_attendance(
                site_id,
                on,
                which,
                [services.MarkInput(int(beneficiary_id), mark)],
                user=current_user,
                reason=reason,
            )
    return tap


def _staff_window() -> int:
    return current_app.config.get("STAFF_MARK_DAYS", 3)


def _site_has_meal(site, meal: Meal) -> bool:
    return any(site.offers(s) for s in services.services_for(meal))


# --- alerts -----------------------------------------------------------------------


@bp.get("/attendance/alerts")
@roles_required(*SITE_ROLES)
def alerts():
    site_ids = services.alert_site_ids(None)
    names = {site.id: site.name for site in sites_seen(site_ids)}
    return render_template(
        "attendance/alerts.html", alerts=services.absence_alerts(site_ids), site_names=names
    )
