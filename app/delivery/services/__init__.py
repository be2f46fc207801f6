"""Delivery: routes, daily lists, driver outcomes, workbooks and email to drivers.

Every function flushes and never commits; the request, command or job commits once.
One file per use case; this package exports what views, the API, the CLI and jobs call.
"""

from app.attendance.services.expected import DELIVERED_PORTIONS
from app.delivery.services.files import (
    day_documents,
    export_headers,
    list_document,
    workbook_bytes,
    workbook_path,
    write_day_workbooks,
)
from app.delivery.services.lists import (
    DROP_LISTENERS,
    GenerationResult,
    count_lists,
    create_lists,
    driver_lists,
    driver_may_open,
    full_address,
    generate_lists,
    list_for,
    lists_query,
    progress,
)
from app.delivery.services.lookups import (
    delivery_people,
    driver_for,
    get_list,
    get_route,
    get_stop,
    routes_of_site,
    serving_enrolment_id,
    site_drivers,
    stop_portions,
    unrouted_people,
)
from app.delivery.services.mail import (
    PendingEmail,
    claim_emails,
    email_drivers,
    email_summary,
    email_text,
    release_emails,
    send_emails,
)
from app.delivery.services.outcomes import (
    OUTCOME_LISTENERS,
    concern_stop,
    concerns,
    handle_concern,
    record_outcome,
    set_concern,
    site_day_summary,
)
from app.delivery.services.routes import (
    ROUTE_FIELDS,
    WEEKDAY_DIGITS,
    OrderSuggestion,
    add_stop,
    add_substitute,
    create_route,
    move_stop,
    remove_stop,
    remove_substitute,
    reorder_stops,
    suggest_route_order,
    transfer_stop,
    update_route,
)

__all__ = [
    "DROP_LISTENERS",
    "get_route",
    "get_stop",
    "get_list",
    "routes_of_site",
    "site_drivers",
    "delivery_people",
    "unrouted_people",
    "serving_enrolment_id",
    "driver_for",
    "WEEKDAY_DIGITS",
    "ROUTE_FIELDS",
    "create_route",
    "update_route",
    "add_stop",
    "move_stop",
    "reorder_stops",
    "transfer_stop",
    "remove_stop",
    "add_substitute",
    "remove_substitute",
    "OrderSuggestion",
    "suggest_route_order",
    "GenerationResult",
    "full_address",
    "create_lists",
    "generate_lists",
    "lists_query",
    "driver_lists",
    "driver_may_open",
    "list_for",
    "progress",
    "count_lists",
    "OUTCOME_LISTENERS",
    "record_outcome",
    "set_concern",
    "concerns",
    "concern_stop",
    "handle_concern",
    "site_day_summary",
    "list_document",
    "day_documents",
    "workbook_bytes",
    "export_headers",
    "workbook_path",
    "write_day_workbooks",
    "email_text",
    "email_drivers",
    "PendingEmail",
    "claim_emails",
    "send_emails",
    "release_emails",
    "email_summary",
    "stop_portions",
]

# the kitchen count and the sheet give a delivered person the portions of their stop
if stop_portions not in DELIVERED_PORTIONS:
    DELIVERED_PORTIONS.append(stop_portions)
