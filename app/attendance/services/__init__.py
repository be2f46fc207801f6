"""Attendance: marks, who is expected, the daily sheet, the kitchen count, alerts.

Every function flushes and never commits; the request, command or job commits once.
One file per use case; this package exports what views, the API, the CLI and jobs call.
"""

from app.attendance import labels  # noqa: F401 - words for marks and closure reasons
from app.attendance.services.access import alert_site_ids, visible_site
from app.attendance.services.alerts import AbsenceAlert, absence_alerts
from app.attendance.services.calendar_edit import (
    DayHasMarks,
    MarksOnDay,
    marks_on,
    set_day_override,
)
from app.attendance.services.expected import (
    ExpectedPerson,
    expected_people,
    not_serving_message,
    require_service_day,
    services_for,
)
from app.attendance.services.kitchen import (
    NORMAL_DIET,
    KitchenCount,
    diet_key,
    kitchen_count,
    kitchen_counts,
)
from app.attendance.services.marks import (
    MARKS_FOR_SERVICE,
    MarkInput,
    hold_marks,
    stored_marks,
    upsert_mark,
    upsert_marks,
)
from app.attendance.services.sheet import (
    Marked,
    Sheet,
    SheetRow,
    clear_mark,
    daily_sheet,
    mark_all_delivered,
    mark_all_present,
    mark_attendance,
    mark_sheet,
    sheet_counts,
    staff_may_mark,
)

# the calendar and its editing (core's), read through this package by pages and tests
from app.core import calendar
from app.core.calendar_edit import CLOSURE_REASONS, OPENING_REASON, remove_day_override

__all__ = [
    "calendar",
    "MARKS_FOR_SERVICE",
    "upsert_mark",
    "upsert_marks",
    "stored_marks",
    "hold_marks",
    "MarkInput",
    "services_for",
    "ExpectedPerson",
    "expected_people",
    "CLOSURE_REASONS",
    "not_serving_message",
    "require_service_day",
    "NORMAL_DIET",
    "KitchenCount",
    "diet_key",
    "kitchen_count",
    "kitchen_counts",
    "SheetRow",
    "Sheet",
    "Marked",
    "sheet_counts",
    "daily_sheet",
    "mark_attendance",
    "mark_sheet",
    "mark_all_present",
    "mark_all_delivered",
    "staff_may_mark",
    "clear_mark",
    "AbsenceAlert",
    "absence_alerts",
    "OPENING_REASON",
    "MarksOnDay",
    "marks_on",
    "DayHasMarks",
    "set_day_override",
    "remove_day_override",
    "visible_site",
    "alert_site_ids",
]
