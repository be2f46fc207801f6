"""/api/v1 endpoints of the attendance domain."""

from flask_babel import gettext as _
from flask_login import current_user
from flask_smorest import Blueprint

from app.attendance import services
from app.attendance.models import Meal
from app.attendance.schemas import (
    AlertArgsSchema,
    AlertListSchema,
    ClearMarkSchema,
    DayOverrideSchema,
    DaySchema,
    KitchenCountSchema,
    MarkAnswerSchema,
    MarksAnswerSchema,
    MonthSchema,
    SheetMarksSchema,
    SheetSchema,
    SingleMarkSchema,
)
from app.auth.permissions import OFFICE_ROLES, SITE_ROLES, roles_required
from app.core import calendar
from app.core.converters import parse_day
from app.core.db import locks_late
from app.core.errors import NotFoundError

blp = Blueprint("attendance_api", __name__, url_prefix="/api/v1", description="Attendance")


def parse_meal(text: str) -> Meal:
    try:
        return Meal(text)
    except ValueError:
        raise NotFoundError(_("Serviciul „%(meal)s” nu există.", meal=text)) from None


def check_month(year: int, month: int) -> None:
    if not (1 <= month <= 12 and 2000 <= year <= 2100):
        raise NotFoundError(_("Luna nu există."))


@blp.get("/sites/<int:site_id>/calendar/<int:year>-<int:month>")
@roles_required(*SITE_ROLES)
@blp.response(200, MonthSchema)
def get_month(site_id: int, year: int, month: int):
    """A site's month: each day with weekend, holiday, closure or exceptional opening."""
    services.visible_site(site_id)
    check_month(year, month)
    days = calendar.month_days(site_id, year, month)
    return {"site_id": site_id, "year": year, "month": month, "days": days}


@blp.put("/sites/<int:site_id>/calendar/days/<day>")
@roles_required(*OFFICE_ROLES)
@blp.arguments(DayOverrideSchema)
@blp.response(200, DaySchema)
def put_day(data, site_id: int, day: str):
    """Close the site on a day (reason required) or open it on an exceptional day."""
    services.visible_site(site_id)
    on = parse_day(day)
    services.set_day_override(site_id, on, user_id=current_user.id, **data)
    return calendar.day_status(site_id, on)


@blp.delete("/sites/<int:site_id>/calendar/days/<day>")
@roles_required(*OFFICE_ROLES)
@blp.response(204)
def delete_day(site_id: int, day: str):
    """Back to the usual calendar on that day."""
    services.visible_site(site_id)
    services.remove_day_override(site_id, parse_day(day), user_id=current_user.id)


@blp.get("/sites/<int:site_id>/kitchen-count/<day>")
@roles_required(*SITE_ROLES)
@blp.response(200, KitchenCountSchema)
def get_kitchen_count(site_id: int, day: str):
    """Portions to cook: expected at the canteen plus portions to deliver, by diet."""
    services.visible_site(site_id)
    return services.kitchen_count(site_id, parse_day(day))


@blp.get("/sites/<int:site_id>/attendance/<day>/<meal>")
@roles_required(*SITE_ROLES)
@blp.response(200, SheetSchema)
def get_sheet(site_id: int, day: str, meal: str):
    """The daily sheet: everyone expected, with their mark, and the counts."""
    services.visible_site(site_id)
    return services.daily_sheet(site_id, parse_day(day), parse_meal(meal))


@blp.put("/sites/<int:site_id>/attendance/<day>/<meal>")
@roles_required(*SITE_ROLES)
@blp.arguments(SheetMarksSchema)
@blp.response(200, MarksAnswerSchema)
@locks_late
def put_sheet(data, site_id: int, day: str, meal: str):
    """Mark several people at once: every mark is checked first, then all are written.

    Answers the rows written and the sheet's counts (GET the sheet for everyone)."""
    services.visible_site(site_id)
    on, which = parse_day(day), parse_meal(meal)
    marks = [services.MarkInput(**item) for item in data["marks"]]
    marked = services.mark_sheet(
        site_id, on, which, marks, user=current_user, reason=data["reason"]
    )
    counts = services.sheet_counts(site_id, on, which)
    return {"rows": marked.rows, "counts": counts, "changed": marked.changed}


@blp.put("/sites/<int:site_id>/attendance/<day>/<meal>/<int:beneficiary_id>")
@roles_required(*SITE_ROLES)
@blp.arguments(SingleMarkSchema)
@blp.response(200, MarkAnswerSchema)
@locks_late
def put_mark(data, site_id: int, day: str, meal: str, beneficiary_id: int):
    """One person's mark; sending the same mark again changes nothing."""
    services.visible_site(site_id)
    on, which = parse_day(day), parse_meal(meal)
    marked = services.mark_sheet(
        site_id,
        on,
        which,
        [services.MarkInput(beneficiary_id, data["mark"], data["reason"])],
        user=current_user,
    )
    counts = services.sheet_counts(site_id, on, which)
    return {"row": marked.rows[0], "counts": counts}


@blp.delete("/sites/<int:site_id>/attendance/<day>/<meal>/<int:beneficiary_id>")
@roles_required(*SITE_ROLES)
@blp.arguments(ClearMarkSchema)
@blp.response(200, MarkAnswerSchema)
@locks_late
def delete_mark(data, site_id: int, day: str, meal: str, beneficiary_id: int):
    """Undo one person's mark: back to unmarked (audited); clearing again changes nothing."""
    services.visible_site(site_id)
    on, which = parse_day(day), parse_meal(meal)
    services.clear_mark(
        site_id, on, which, beneficiary_id, user=current_user, reason=data["reason"]
    )
    rows = services.daily_sheet(site_id, on, which, only={beneficiary_id}).rows
    if not rows:
        raise NotFoundError(_("Persoana nu a fost găsită."))
    counts = services.sheet_counts(site_id, on, which)
    return {"row": rows[0], "counts": counts}


@blp.get("/attendance/alerts")
@roles_required(*SITE_ROLES)
@blp.arguments(AlertArgsSchema, location="query")
@blp.response(200, AlertListSchema)
def get_alerts(args):
    """People absent without excuse on the site's last N service days in a row."""
    return {"items": services.absence_alerts(services.alert_site_ids(args["site_id"]))}
