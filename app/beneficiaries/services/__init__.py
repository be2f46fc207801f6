"""The registry's rules: people, duplicates, enrolments, capacity, pauses, exits, switches.

Every function flushes and never commits; the request, command or job commits once.
One file per use case; this package exports what views, the API, the CLI and jobs call.
"""

from app.beneficiaries.services.capacity import first_waiting, free_places, offer_for, places_taken
from app.beneficiaries.services.duplicates import (
    DuplicateSuspected,
    IdnpTakenElsewhere,
    find_duplicates,
    sync_keys,
)
from app.beneficiaries.services.enrolments import (
    ENROLMENT_FIELDS,
    EnrolResult,
    active_lunch_elsewhere,
    enrol,
    get_enrolment,
    update_enrolment,
)
from app.beneficiaries.services.history import HistoryRow, person_history, person_history_rows
from app.beneficiaries.services.people import (
    AUDITED_PERSON_FIELDS,
    PERSON_FIELDS,
    create_beneficiary,
    get_beneficiary,
    person_snapshot,
    search_query,
    update_beneficiary,
)
from app.beneficiaries.services.reviews import ServiceSummary, review_due, site_summary
from app.beneficiaries.services.status import (
    ExitResult,
    activate_waiting,
    exit_enrolment,
    pause_enrolment,
    resume_early,
)
from app.beneficiaries.services.switch import switch_lunch_mode
from app.beneficiaries.services.visibility import can_see_person, created_by, person_site_ids

__all__ = [
    "person_site_ids",
    "created_by",
    "can_see_person",
    "DuplicateSuspected",
    "IdnpTakenElsewhere",
    "sync_keys",
    "find_duplicates",
    "PERSON_FIELDS",
    "AUDITED_PERSON_FIELDS",
    "create_beneficiary",
    "person_snapshot",
    "update_beneficiary",
    "get_beneficiary",
    "search_query",
    "person_history",
    "HistoryRow",
    "person_history_rows",
    "places_taken",
    "free_places",
    "first_waiting",
    "offer_for",
    "ENROLMENT_FIELDS",
    "get_enrolment",
    "active_lunch_elsewhere",
    "EnrolResult",
    "enrol",
    "update_enrolment",
    "pause_enrolment",
    "resume_early",
    "ExitResult",
    "exit_enrolment",
    "activate_waiting",
    "switch_lunch_mode",
    "review_due",
    "ServiceSummary",
    "site_summary",
]
