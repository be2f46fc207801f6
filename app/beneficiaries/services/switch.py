"""Switching a person's lunch between the canteen and delivery."""

from datetime import date, timedelta

from flask_babel import gettext as _

from app.beneficiaries.models import LUNCH_SERVICES, Enrolment, EnrolmentPause, EnrolmentStatus
from app.beneficiaries.services.capacity import places_taken
from app.beneficiaries.services.enrolments import (
    _flush_active,
    _service_word,
    _status_change,
    get_enrolment,
)
from app.beneficiaries.services.status import _set_status
from app.core import audit
from app.core.errors import DomainError, InvalidInputError
from app.extensions import db
from app.places.models import Service


def switch_lunch_mode(
    enrolment_id: int, effective_date: date, reason: str, *, user_id: int | None = None
) -> Enrolment:
    """Move a person between eating at the canteen and home delivery, from a date.

    The old place ends the day before; the new one (same site, same decision) starts
    active on effective_date. Pauses from that date on move to the new place.
    """
    old = get_enrolment(enrolment_id)
    if old.status != EnrolmentStatus.ACTIVE or old.service not in LUNCH_SERVICES:
        raise DomainError(_("Doar un loc activ la prânz poate fi schimbat."))
    if effective_date <= old.start_date:
        raise InvalidInputError(
            _("Data schimbării trebuie să fie după începutul înscrierii."),
            field="effective_date",
        )
    if old.end_date is not None and effective_date > old.end_date:
        raise InvalidInputError(
            _("Data schimbării este după sfârșitul înscrierii."), field="effective_date"
        )
    new_service = Service.DELIVERY if old.service == Service.LUNCH else Service.LUNCH
    if not old.site.offers(new_service):
        raise DomainError(
            _(
                "%(site)s nu oferă serviciul %(service)s.",
                site=old.site.name,
                service=_service_word(new_service),
            )
        )
    word = _service_word(new_service)
    capacity = old.site.capacity(new_service)
    if capacity is not None and places_taken(old.site_id, new_service, effective_date) >= capacity:
        raise DomainError(
            _(
                "Serviciul %(service)s de la %(site)s este plin (%(n)s locuri); "
                "schimbarea se poate face când se eliberează un loc.",
                service=word,
                site=old.site.name,
                n=capacity,
            )
        )
    exit_reason = _("schimbat la %(service)s: %(reason)s", service=word, reason=reason)[:200]
    before = _set_status(
        old,
        EnrolmentStatus.EXITED,
        effective=effective_date - timedelta(days=1),
        reason=exit_reason,
        user_id=user_id,
        change="switched",
    )
    moved = []
    for pause in list(old.pauses):
        if pause.end_date < effective_date:
            continue
        moved.append((max(pause.start_date, effective_date), pause.end_date, pause.reason))
        if pause.start_date >= effective_date:
            old.pauses.remove(pause)
        else:
            pause.end_date = effective_date - timedelta(days=1)
    db.session.flush()  # the old place is no longer active before the new one is
    new = Enrolment(
        beneficiary_id=old.beneficiary_id,
        site_id=old.site_id,
        service=new_service,
        status=EnrolmentStatus.ACTIVE,
        decision_number=old.decision_number,
        decision_date=old.decision_date,
        referral_source=old.referral_source,
        referral_name=old.referral_name,
        start_date=effective_date,
        review_date=old.review_date,
        pauses=[
            EnrolmentPause(
                start_date=s, end_date=e, reason=r, created_by_id=audit._actor_id(user_id)
            )
            for s, e, r in moved
        ],
    )
    _status_change(new, "active", effective_date, reason, user_id)
    person = old.beneficiary
    travel_before = person.can_travel
    person.can_travel = new_service == Service.LUNCH
    if person.can_travel:
        person.cannot_travel_reason = None
    elif not person.cannot_travel_reason:
        person.cannot_travel_reason = reason[:200]
    _flush_active(person.id, lambda: db.session.add(new))
    audit.record_changes(
        "enrolment",
        old.id,
        before,
        audit.snapshot(old, ("status", "start_date", "end_date", "exit_reason")),
        reason=reason,
        site_id=old.site_id,
        user_id=user_id,
    )
    audit.record(
        "enrolment",
        new.id,
        "create",
        field="status",
        new=new.status,
        reason=f"{old.site.name}: {new_service.value} ({reason})"[:200],
        site_id=new.site_id,
        user_id=user_id,
    )
    audit.record_changes(
        "beneficiary",
        person.id,
        {"can_travel": travel_before},
        {"can_travel": person.can_travel},
        reason=reason,
        site_id=old.site_id,
        user_id=user_id,
    )
    return new
