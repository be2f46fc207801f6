"""An enrolment's life: pause, resume, exit, activation from the waiting list."""

from dataclasses import dataclass
from datetime import date, timedelta

from flask_babel import gettext as _

from app.beneficiaries.models import LUNCH_SERVICES, Enrolment, EnrolmentPause, EnrolmentStatus
from app.beneficiaries.services.capacity import free_places, offer_for
from app.beneficiaries.services.enrolments import (
    _flush_active,
    _refuse_second_lunch,
    _status_change,
    get_enrolment,
)
from app.core import audit
from app.core.clock import today
from app.core.errors import DomainError, InvalidInputError, NotFoundError
from app.extensions import db


def _period(start: date, end: date) -> str:
    return f"{start.isoformat()} – {end.isoformat()}"


def pause_enrolment(
    enrolment_id: int, start_date: date, end_date: date, reason: str, *, user_id: int | None = None
) -> EnrolmentPause:
    """Pause a place from a date to a date (hospital stay); service resumes by itself after."""
    enrolment = get_enrolment(enrolment_id)
    if enrolment.status != EnrolmentStatus.ACTIVE:
        raise DomainError(_("Doar o înscriere activă poate fi suspendată."))
    if end_date < start_date:
        raise InvalidInputError(_("Sfârșitul pauzei nu poate fi înainte de început."), "end_date")
    if start_date < enrolment.start_date or (
        enrolment.end_date is not None and start_date > enrolment.end_date
    ):
        raise InvalidInputError(
            _("Pauza trebuie să înceapă în perioada înscrierii."), field="start_date"
        )
    for other in enrolment.pauses:
        if other.start_date <= end_date and start_date <= other.end_date:
            raise DomainError(
                _(
                    "Se suprapune cu pauza din %(period)s.",
                    period=_period(other.start_date, other.end_date),
                )
            )
    pause = EnrolmentPause(
        start_date=start_date,
        end_date=end_date,
        reason=reason,
        created_by_id=audit._actor_id(user_id),
    )
    enrolment.pauses.append(pause)
    _status_change(enrolment, "paused", start_date, reason, user_id)
    _status_change(enrolment, "resumed", end_date + timedelta(days=1), None, user_id)
    db.session.flush()
    audit.record(
        "enrolment",
        enrolment.id,
        "pause",
        field="pause",
        new=_period(start_date, end_date),
        reason=reason,
        site_id=enrolment.site_id,
        user_id=user_id,
    )
    return pause


def resume_early(
    enrolment_id: int, pause_id: int, resume_date: date, *, user_id: int | None = None
) -> Enrolment:
    """End a pause early: served again from resume_date (the pause goes if not yet begun)."""
    enrolment = get_enrolment(enrolment_id)
    pause = next((p for p in enrolment.pauses if p.id == pause_id), None)
    if pause is None:
        raise NotFoundError(_("Pauza nu a fost găsită."))
    if resume_date > pause.end_date:
        raise InvalidInputError(
            _("Pauza se încheie oricum la %(day)s.", day=pause.end_date.isoformat()),
            field="resume_date",
        )
    old = _period(pause.start_date, pause.end_date)
    if resume_date <= pause.start_date:
        enrolment.pauses.remove(pause)
        new = None
    else:
        pause.end_date = resume_date - timedelta(days=1)
        new = _period(pause.start_date, pause.end_date)
    _status_change(enrolment, "resumed", resume_date, None, user_id)
    db.session.flush()
    audit.record(
        "enrolment",
        enrolment.id,
        "update",
        field="pause",
        old=old,
        new=new,
        site_id=enrolment.site_id,
        user_id=user_id,
    )
    return enrolment


@dataclass
class ExitResult:
    enrolment: Enrolment
    offered: Enrolment | None


def _set_status(
    enrolment: Enrolment,
    status: EnrolmentStatus,
    *,
    effective: date,
    reason: str | None,
    user_id: int | None,
    change: str | None = None,
) -> dict:
    before = audit.snapshot(enrolment, ("status", "start_date", "end_date", "exit_reason"))
    enrolment.status = status
    if status == EnrolmentStatus.EXITED:
        enrolment.end_date = effective
        enrolment.exit_reason = reason
    _status_change(enrolment, change or status.value, effective, reason, user_id)
    return before


def exit_enrolment(
    enrolment_id: int, end_date: date, reason: str, *, user_id: int | None = None
) -> ExitResult:
    """End a place: end_date is the last day served. A freed place is offered to the queue."""
    enrolment = get_enrolment(enrolment_id)
    if enrolment.status == EnrolmentStatus.EXITED:
        raise DomainError(_("Înscrierea este deja încheiată."))
    if enrolment.status == EnrolmentStatus.WAITING and end_date < enrolment.start_date:
        enrolment.start_date = end_date
    if end_date < enrolment.start_date:
        raise InvalidInputError(
            _("Ultima zi nu poate fi înainte de începutul înscrierii."), field="end_date"
        )
    before = _set_status(
        enrolment, EnrolmentStatus.EXITED, effective=end_date, reason=reason, user_id=user_id
    )
    db.session.flush()
    audit.record_changes(
        "enrolment",
        enrolment.id,
        before,
        audit.snapshot(enrolment, ("status", "start_date", "end_date", "exit_reason")),
        reason=reason,
        site_id=enrolment.site_id,
        user_id=user_id,
    )
    return ExitResult(enrolment, offer_for(enrolment.site, enrolment.service))


def activate_waiting(
    enrolment_id: int, start_date: date | None = None, *, user_id: int | None = None
) -> Enrolment:
    """Give a waiting person the place: refused while the service is full or if they hold
    another lunch place."""
    enrolment = get_enrolment(enrolment_id)
    if enrolment.status != EnrolmentStatus.WAITING:
        raise DomainError(_("Doar o persoană aflată în așteptare poate fi activată."))
    free = free_places(enrolment.site, enrolment.service)
    if free is not None and free <= 0:
        raise DomainError(
            _(
                "Nu este niciun loc liber la %(site)s pentru acest serviciu.",
                site=enrolment.site.name,
            )
        )
    if enrolment.service in LUNCH_SERVICES:
        _refuse_second_lunch(enrolment.beneficiary_id, exclude_id=enrolment.id)
    start = max(start_date or today(), enrolment.start_date)
    before = audit.snapshot(enrolment, ("status", "start_date", "end_date", "exit_reason"))

    def make_active():
        _set_status(
            enrolment, EnrolmentStatus.ACTIVE, effective=start, reason=None, user_id=user_id
        )
        enrolment.start_date = start

    _flush_active(enrolment.beneficiary_id, make_active)
    audit.record_changes(
        "enrolment",
        enrolment.id,
        before,
        audit.snapshot(enrolment, ("status", "start_date", "end_date", "exit_reason")),
        site_id=enrolment.site_id,
        user_id=user_id,
    )
    return enrolment
