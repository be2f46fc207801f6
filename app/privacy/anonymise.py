"""Anonymising one person: what could name or describe them goes, what statistics count stays.

Replaced: the record's identity and notes, the copies a delivery list keeps, and every
piece of free text tied to the person: enrolment references (decision number, who
referred them, why they left), pause and status-change reasons, excuses typed on a mark,
what drivers wrote (remarks, concerns and their follow-up), manager overrides and
cancellation notes of their parcels, and the same values and reasons in the audit log.
Kept: categories, sex, birth year, locality, dates, marks, outcomes, coded reasons
(why a delivery failed, the referral source), parcels and their quantities.
"""

from datetime import date

from sqlalchemy import and_, not_, or_, select, update

from app.attendance.models import AttendanceMark
from app.beneficiaries.models import (
    Beneficiary,
    Enrolment,
    EnrolmentPause,
    EnrolmentStatusChange,
)
from app.core import audit
from app.core.clock import utcnow
from app.core.models import AuditEntry
from app.core.text import fold, person_key
from app.delivery.models import DeliveryStop, FailureReason
from app.extensions import db
from app.parcels.models import Distribution, StockMovement

ANONYMOUS_LAST_NAME = "Anonimizat"

# the person's fields emptied (None), besides the names, address and birth date
CLEARED_FIELDS = (
    "idnp",
    "latitude",
    "longitude",
    "phone",
    "cannot_travel_reason",
    "inquiry_reference",
    "diet_notes",
    "access_notes",
    "contact_name",
    "contact_phone",
    "notes",
)
# the copies a delivery list keeps of the person and what the driver wrote about them
STOP_CLEARED = (
    "phone",
    "contact",
    "contact_phone",
    "diet_notes",
    "access_notes",
    "latitude",
    "longitude",
    "remark",
    "concern_note",
    "concern_action",
)
ENROLMENT_CLEARED = ("decision_number", "referral_name", "exit_reason")
# free-text fields whose old and new values the audit log keeps, per audited entity
AUDITED_TEXT = {
    "enrolment": ENROLMENT_CLEARED,
    "delivery_stop": ("remark", "concern_note", "concern_action"),
}
# reasons that are codes the statistics read, not words someone typed
CODED_REASONS = tuple(reason.value for reason in FailureReason)
# audit actions whose reason says how something was done, never about the person
KEPT_REASON_ACTIONS = ("export",)


def anonymised_name(person_id: int) -> tuple[str, str]:
    """(first name, last name): the full name reads 'Anonimizat #<id>'."""
    return f"#{person_id}", ANONYMOUS_LAST_NAME


def anonymise_person(person_id: int) -> tuple[int, int]:
    """Replace what identifies one person; returns (audit values, delivery stops) changed."""
    person = db.session.get(Beneficiary, person_id)
    first, last = anonymised_name(person_id)
    birth = date(person.birth_date.year, 7, 1) if person.birth_date else None
    person.first_name, person.last_name = first, last
    person.first_name_key, person.last_name_key = fold(first), fold(last)
    person.person_key = person_key(first, last)
    person.address = ""
    person.birth_date = birth
    for name in CLEARED_FIELDS:
        setattr(person, name, None)
    person.anonymised_at = utcnow()

    replacements = {
        "first_name": first,
        "last_name": last,
        "birth_date": birth.isoformat() if birth else None,
        "address": "",
        **dict.fromkeys(CLEARED_FIELDS),
    }
    records = _records_of(person_id)
    values = _replace_audit_values(person_id, replacements, records)
    stops = db.session.execute(
        update(DeliveryStop)
        .where(DeliveryStop.beneficiary_id == person_id)
        .values(name=f"{last} {first}", address="", **dict.fromkeys(STOP_CLEARED))
    ).rowcount
    _clear_linked_text(person_id, records)
    db.session.flush()
    audit.record("beneficiary", person_id, "anonymise")
    return values, stops


def _records_of(person_id: int) -> dict:
    """Subqueries of the ids tied to the person, by the entity name the audit log uses."""
    distributions = select(Distribution.id).where(Distribution.beneficiary_id == person_id)
    return {
        "beneficiary": select(Beneficiary.id).where(Beneficiary.id == person_id),
        "enrolment": select(Enrolment.id).where(Enrolment.beneficiary_id == person_id),
        "attendance_mark": select(AttendanceMark.id).where(
            AttendanceMark.beneficiary_id == person_id
        ),
        "delivery_stop": select(DeliveryStop.id).where(DeliveryStop.beneficiary_id == person_id),
        "parcel_distribution": distributions,
        "stock_movement": select(StockMovement.id).where(
            StockMovement.distribution_id.in_(distributions)
        ),
    }


def _clear_linked_text(person_id: int, records: dict) -> None:
    """The free text on the person's enrolments, pauses, marks and parcels."""
    enrolments = records["enrolment"]
    db.session.flush()
    statements = (
        update(Enrolment)
        .where(Enrolment.beneficiary_id == person_id)
        .values(dict.fromkeys(ENROLMENT_CLEARED)),
        update(EnrolmentPause).where(EnrolmentPause.enrolment_id.in_(enrolments)).values(reason=""),
        update(EnrolmentStatusChange)
        .where(EnrolmentStatusChange.enrolment_id.in_(enrolments))
        .values(reason=None),
        update(AttendanceMark)
        .where(
            AttendanceMark.beneficiary_id == person_id,
            AttendanceMark.reason.is_not(None),
            AttendanceMark.reason.not_in(CODED_REASONS),
        )
        .values(reason=None),
        update(Distribution)
        .where(Distribution.beneficiary_id == person_id)
        .values(override_reason=None),
        update(StockMovement)
        .where(StockMovement.id.in_(records["stock_movement"]))
        .values(note=None),
    )
    for statement in statements:
        db.session.execute(statement)


def _replace_audit_values(person_id: int, replacements: dict, records: dict) -> int:
    """The person's values kept in the audit log, replaced like the record."""
    changed = 0
    full_name = f"{replacements['last_name']} {replacements['first_name']}"
    about_person = and_(AuditEntry.entity == "beneficiary", AuditEntry.entity_id == person_id)
    for name, value in replacements.items():
        for column in (AuditEntry.old_value, AuditEntry.new_value):
            query = update(AuditEntry).where(about_person, AuditEntry.field == name)
            query = query.where(column.is_not(None))
            if value is not None:
                query = query.where(column != value)
            changed += db.session.execute(query.values({column.key: value})).rowcount
    # the 'created' row holds the full name
    changed += db.session.execute(
        update(AuditEntry)
        .where(about_person, AuditEntry.action == "create", AuditEntry.new_value != full_name)
        .values(new_value=full_name)
    ).rowcount
    for entity, fields in AUDITED_TEXT.items():
        for column in (AuditEntry.old_value, AuditEntry.new_value):
            changed += db.session.execute(
                update(AuditEntry)
                .where(
                    AuditEntry.entity == entity,
                    or_(
                        AuditEntry.entity_id.in_(records[entity]),
                        AuditEntry.person_id == person_id,
                    ),
                    AuditEntry.field.in_(fields),
                    column.is_not(None),
                )
                .values({column.key: None})
            ).rowcount
    # the reason typed with a change (a pause, an exit, an excuse, an override ...)
    # (rows naming the person reach records since deleted too: a cleared mark)
    about_records = or_(
        AuditEntry.person_id == person_id,
        *(
            and_(AuditEntry.entity == entity, AuditEntry.entity_id.in_(ids))
            for entity, ids in records.items()
        ),
    )
    changed += db.session.execute(
        update(AuditEntry)
        .where(
            about_records,
            AuditEntry.reason.is_not(None),
            AuditEntry.reason.not_in(CODED_REASONS),
            not_(AuditEntry.action.in_(KEPT_REASON_ACTIONS)),
        )
        .values(reason=None)
    ).rowcount
    return changed
