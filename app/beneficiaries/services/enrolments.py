"""Enrolling a person in a site's service, and editing an enrolment."""

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

from flask_babel import gettext as _
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from app.beneficiaries.models import (
    LUNCH_SERVICES,
    Enrolment,
    EnrolmentStatus,
    EnrolmentStatusChange,
)
from app.beneficiaries.services.capacity import free_places
from app.beneficiaries.services.people import _savepoint, get_beneficiary
from app.core import audit
from app.core.clock import utcnow
from app.core.db import constraint_name
from app.core.errors import DomainError, NotFoundError
from app.extensions import db
from app.places.models import Service, Site

ENROLMENT_FIELDS = (
    "decision_number",
    "decision_date",
    "referral_source",
    "referral_name",
    "review_date",
)


def get_enrolment(enrolment_id: int) -> Enrolment:
    enrolment = db.session.get(Enrolment, enrolment_id)
    if enrolment is None:
        raise NotFoundError(_("Înscrierea nu a fost găsită."))
    return enrolment


def active_lunch_elsewhere(beneficiary_id: int, exclude_id: int | None = None) -> Enrolment | None:
    """The person's active lunch place (canteen or delivered), if they hold one."""
    query = select(Enrolment).where(
        Enrolment.beneficiary_id == beneficiary_id,
        Enrolment.status == EnrolmentStatus.ACTIVE,
        Enrolment.service.in_(LUNCH_SERVICES),
    )
    if exclude_id is not None:
        query = query.where(Enrolment.id != exclude_id)
    return db.session.scalars(query.limit(1)).first()


def _lunch_taken_message(other: Enrolment) -> str:
    return _(
        "Persoana are deja un loc activ la prânz la %(site)s (%(service)s). "
        "O persoană poate avea un singur loc la prânz în tot programul.",
        site=other.site.name,
        service=_service_word(other.service),
    )


def _service_word(service: Service) -> str:
    from app.core.labels import label

    return label(service)


def _refuse_second_lunch(beneficiary_id: int, exclude_id: int | None = None) -> None:
    other = active_lunch_elsewhere(beneficiary_id, exclude_id)
    if other is not None:
        raise DomainError(_lunch_taken_message(other))


def _is_lunch_conflict(exc: IntegrityError) -> bool:
    name = constraint_name(exc)
    # SQLite names the columns of a unique index, not the index
    return "uq_enrolment_one_active_lunch" in name or name.endswith(
        "UNIQUE constraint failed: enrolment.beneficiary_id"
    )


def _flush_active(beneficiary_id: int, apply: Callable[[], None]) -> None:
    """Make a lunch place active and flush; the database has the last word.

    `apply` makes the change inside a SAVEPOINT. When two requests race, the partial
    unique index refuses the second one: its change is undone and it gets the same answer
    the check before would have given, never a 500.
    """
    db.session.flush()  # anything else pending must not fail inside the savepoint
    try:
        with _savepoint():
            apply()
            db.session.flush()
    except IntegrityError as exc:
        if not _is_lunch_conflict(exc):
            raise
        other = active_lunch_elsewhere(beneficiary_id)
        if other is None:  # the winner is not visible yet: name no site rather than guess
            raise DomainError(_("Persoana are deja un loc activ la prânz în program.")) from exc
        raise DomainError(_lunch_taken_message(other)) from exc


def _status_change(
    enrolment: Enrolment, status: str, effective: date, reason: str | None, user_id: int | None
) -> None:
    enrolment.changes.append(
        EnrolmentStatusChange(
            status=status,
            effective_date=effective,
            reason=reason,
            changed_by_id=audit._actor_id(user_id),
        )
    )


@dataclass
class EnrolResult:
    enrolment: Enrolment
    waiting: bool


def enrol(
    beneficiary_id: int,
    *,
    site_id: int,
    service: Service,
    start_date: date,
    decision_number: str | None = None,
    decision_date: date | None = None,
    referral_source=None,
    referral_name: str | None = None,
    review_date: date | None = None,
    user_id: int | None = None,
) -> EnrolResult:
    """Enrol a person at a site for a service: active if a place is free, else waiting."""
    person = get_beneficiary(beneficiary_id)
    site = db.session.get(Site, site_id)
    if site is None:
        raise NotFoundError(_("Centrul nu a fost găsit."))
    if person.consent_date is None:
        raise DomainError(
            _(
                "Nu se poate înscrie o persoană fără consimțământul pentru prelucrarea datelor "
                "personale. Înregistrați întâi data consimțământului."
            ),
            field="consent_date",
        )
    if not site.offers(service):
        raise DomainError(
            _(
                "%(site)s nu oferă serviciul %(service)s.",
                site=site.name,
                service=_service_word(service),
            ),
            field="service",
        )
    already = db.session.scalar(
        select(Enrolment.id).where(
            Enrolment.beneficiary_id == person.id,
            Enrolment.site_id == site.id,
            Enrolment.service == service,
            Enrolment.status != EnrolmentStatus.EXITED,
        )
    )
    if already is not None:
        raise DomainError(_("Persoana este deja înscrisă la acest serviciu în acest centru."))
    if service in LUNCH_SERVICES:
        _refuse_second_lunch(person.id)
    free = free_places(site, service)
    waiting = free is not None and free <= 0
    enrolment = Enrolment(
        beneficiary_id=person.id,
        site_id=site.id,
        service=service,
        status=EnrolmentStatus.WAITING if waiting else EnrolmentStatus.ACTIVE,
        decision_number=decision_number,
        decision_date=decision_date,
        referral_source=referral_source,
        referral_name=referral_name,
        start_date=start_date,
        review_date=review_date,
        waiting_since=utcnow() if waiting else None,
    )
    _status_change(enrolment, enrolment.status.value, start_date, None, user_id)
    if service == Service.DELIVERY:
        person.can_travel = False
    _flush_active(person.id, lambda: db.session.add(enrolment))
    audit.record(
        "enrolment",
        enrolment.id,
        "create",
        field="status",
        new=enrolment.status,
        reason=f"{site.name}: {service.value}",
        site_id=site.id,
        user_id=user_id,
    )
    return EnrolResult(enrolment, waiting)


def update_enrolment(enrolment_id: int, data: dict, *, user_id: int | None = None) -> Enrolment:
    """Change an enrolment's decision, referral or review date (audited)."""
    enrolment = get_enrolment(enrolment_id)
    before = audit.snapshot(enrolment, ENROLMENT_FIELDS)
    for name in ENROLMENT_FIELDS:
        if name in data:
            setattr(enrolment, name, data[name])
    db.session.flush()
    audit.record_changes(
        "enrolment",
        enrolment.id,
        before,
        audit.snapshot(enrolment, ENROLMENT_FIELDS),
        site_id=enrolment.site_id,
        user_id=user_id,
    )
    return enrolment
