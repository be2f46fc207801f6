"""The registry's rules: people, duplicates, enrolments, capacity, pauses, exits, switches.

Every function flushes and never commits; the request, command or job commits once.
"""

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta

from flask_babel import gettext as _
from sqlalchemy import and_, exists, func, or_, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import selectinload

from app.auth.models import User
from app.beneficiaries.models import (
    LUNCH_SERVICES,
    Beneficiary,
    BeneficiaryCategory,
    Category,
    Enrolment,
    EnrolmentPause,
    EnrolmentStatus,
    EnrolmentStatusChange,
)
from app.core import audit
from app.core.clock import today, utcnow
from app.core.db import constraint_name
from app.core.errors import DomainError, InvalidInputError, NotFoundError
from app.core.models import AuditEntry
from app.core.text import fold, person_key, person_keys, search_terms
from app.extensions import db
from app.places.models import Locality, Service, Site

PERSON_FIELDS = (
    "first_name",
    "last_name",
    "idnp",
    "birth_date",
    "sex",
    "locality_id",
    "address",
    "latitude",
    "longitude",
    "phone",
    "household_size",
    "disability_degree",
    "lives_alone",
    "can_travel",
    "cannot_travel_reason",
    "inquiry_reference",
    "diet_notes",
    "access_notes",
    "contact_name",
    "contact_phone",
    "consent_date",
    "notes",
)
AUDITED_PERSON_FIELDS = (*PERSON_FIELDS, "categories")
ENROLMENT_FIELDS = (
    "decision_number",
    "decision_date",
    "referral_source",
    "referral_name",
    "review_date",
)


class DuplicateSuspected(DomainError):
    """People who may be the same person; the user confirms before saving.

    `candidates` are only the people the user may read, and `sites` their enrolments'
    site names the user may see; `hidden` counts matches the user may not read, told
    without any detail.
    """

    def __init__(
        self,
        candidates: list[Beneficiary],
        sites: dict[int, list[str]] | None = None,
        hidden: int = 0,
    ):
        message = _(
            "Există deja persoane care par a fi aceeași persoană. Verificați lista; dacă "
            "este altă persoană, confirmați salvarea."
        )
        if hidden:
            message = _(
                "O persoană cu același nume și aceeași dată a nașterii este înregistrată la "
                "alt centru; întrebați un manager. Dacă este altă persoană, confirmați salvarea."
            )
        super().__init__(message)
        self.candidates = candidates
        self.sites = sites or {
            p.id: sorted({e.site.name for e in p.enrolments}) for p in candidates
        }
        self.hidden = hidden


class IdnpTakenElsewhere(DomainError):
    """The IDNP belongs to a person the user may not read: said without who or where."""

    def __init__(self):
        super().__init__(
            _("O persoană cu acest IDNP este deja înregistrată; adresați-vă unui manager."),
            field="idnp",
        )


# ---------------------------------------------------------------- people


def sync_keys(person: Beneficiary) -> None:
    """Keep the folded name keys in step with the names (search and duplicates use them)."""
    person.first_name_key = fold(person.first_name)
    person.last_name_key = fold(person.last_name)
    person.person_key = person_key(person.first_name, person.last_name)


def find_duplicates(
    first_name: str,
    last_name: str,
    birth_date: date | None,
    idnp: str | None,
    exclude_id: int | None = None,
) -> list[Beneficiary]:
    """People with the same IDNP, or the same birth date and a matching name."""
    conditions = []
    if idnp:
        conditions.append(Beneficiary.idnp == idnp)
    if birth_date is not None:
        conditions.append(
            and_(
                Beneficiary.birth_date == birth_date,
                Beneficiary.person_key.in_(sorted(person_keys(first_name, last_name))),
            )
        )
    if not conditions:
        return []
    query = (
        select(Beneficiary)
        .where(or_(*conditions))
        .options(selectinload(Beneficiary.enrolments).selectinload(Enrolment.site))
        .order_by(Beneficiary.last_name, Beneficiary.first_name)
    )
    if exclude_id is not None:
        query = query.where(Beneficiary.id != exclude_id)
    return list(db.session.scalars(query))


def _check_locality(data: dict) -> None:
    if (
        data.get("locality_id") is not None
        and db.session.get(Locality, data["locality_id"]) is None
    ):
        raise InvalidInputError(_("Localitatea nu a fost găsită."), field="locality_id")


def _check_idnp_free(idnp: str | None, exclude_id: int | None = None) -> None:
    if not idnp:
        return
    query = select(Beneficiary.id).where(Beneficiary.idnp == idnp)
    if exclude_id is not None:
        query = query.where(Beneficiary.id != exclude_id)
    if db.session.scalar(query) is not None:
        raise DomainError(_("Acest IDNP este deja înregistrat la altă persoană."), field="idnp")


def _apply_person(person: Beneficiary, data: dict, user_id: int | None) -> None:
    for name in PERSON_FIELDS:
        if name in data:
            setattr(person, name, data[name])
    if "consent_date" in data and data["consent_date"] is not None:
        person.consent_recorded_by_id = audit._actor_id(user_id)
    if person.can_travel:
        person.cannot_travel_reason = None
    if "categories" in data:
        wanted = set(data["categories"])
        for row in list(person.category_rows):
            if row.category not in wanted:
                person.category_rows.remove(row)
        have = {row.category for row in person.category_rows}
        for category in sorted(wanted - have):
            person.category_rows.append(BeneficiaryCategory(category=Category(category)))
    sync_keys(person)


def _save_person(apply: Callable[[], None]) -> None:
    """Apply a change to a person and flush; an IDNP taken meanwhile answers 409."""
    db.session.flush()
    try:
        with _savepoint():
            apply()
            db.session.flush()
    except IntegrityError as exc:
        if "idnp" in constraint_name(exc):
            raise DomainError(
                _("Acest IDNP este deja înregistrat la altă persoană."), field="idnp"
            ) from exc
        raise


def _refuse_duplicates(
    data: dict, confirmed: bool, site_ids: set[int] | None, user_id: int | None
) -> None:
    """Stop a new person who may already be registered, telling only what the user may know.

    A match the user may not read is never named: an IDNP held by such a person refuses
    the save with a sentence sending the user to a manager; a name and birth date match
    is counted, not shown. Managers (site_ids None) see every match.
    """
    candidates = find_duplicates(
        data["first_name"], data["last_name"], data.get("birth_date"), data.get("idnp")
    )
    readable = [p for p in candidates if can_see_person(p.id, site_ids, user_id)]
    hidden = [p for p in candidates if p not in readable]
    if data.get("idnp") and any(p.idnp == data["idnp"] for p in hidden):
        raise IdnpTakenElsewhere()
    if confirmed or not candidates:
        return
    sites = {
        p.id: sorted(
            {e.site.name for e in p.enrolments if site_ids is None or e.site_id in site_ids}
        )
        for p in readable
    }
    raise DuplicateSuspected(readable, sites, hidden=len(hidden))


def create_beneficiary(
    data: dict,
    *,
    confirm_not_duplicate: bool = False,
    user_id: int | None = None,
    site_ids: set[int] | None = None,
) -> Beneficiary:
    """Add a person. Possible duplicates stop the save unless the user confirmed.

    site_ids are the sites of the user adding (None: every site, a manager); matches
    the user may not read are not shown to them.
    """
    _check_locality(data)
    _refuse_duplicates(data, confirm_not_duplicate, site_ids, audit._actor_id(user_id))
    _check_idnp_free(data.get("idnp"))
    person = Beneficiary()

    def add():
        _apply_person(person, data, user_id)
        db.session.add(person)

    _save_person(add)
    audit.record("beneficiary", person.id, "create", new=person.full_name, user_id=user_id)
    return person


def person_snapshot(person: Beneficiary) -> dict:
    values = audit.snapshot(person, PERSON_FIELDS)
    values["categories"] = [c.value for c in person.categories]
    return values


def update_beneficiary(
    beneficiary_id: int, data: dict, *, user_id: int | None = None
) -> Beneficiary:
    """Change a person's fields; every changed field is audited."""
    person = get_beneficiary(beneficiary_id)
    _check_locality(data)
    if "idnp" in data:
        _check_idnp_free(data["idnp"], exclude_id=person.id)
    before = person_snapshot(person)
    _save_person(lambda: _apply_person(person, data, user_id))
    audit.record_changes("beneficiary", person.id, before, person_snapshot(person), user_id=user_id)
    return person


def get_beneficiary(beneficiary_id: int) -> Beneficiary:
    person = db.session.get(Beneficiary, beneficiary_id)
    if person is None:
        raise NotFoundError(_("Persoana nu a fost găsită."))
    return person


def person_site_ids(beneficiary_id: int) -> set[int]:
    return set(
        db.session.scalars(
            select(Enrolment.site_id).where(Enrolment.beneficiary_id == beneficiary_id)
        )
    )


def created_by(beneficiary_id: int, user_id: int) -> bool:
    return (
        db.session.scalar(
            select(AuditEntry.id).where(
                AuditEntry.entity == "beneficiary",
                AuditEntry.entity_id == beneficiary_id,
                AuditEntry.action == "create",
                AuditEntry.user_id == user_id,
            )
        )
        is not None
    )


def can_see_person(beneficiary_id: int, site_ids: set[int] | None, user_id: int) -> bool:
    """Staff see people enrolled (in any status) at their sites, and people they added."""
    if site_ids is None:
        return True
    return bool(person_site_ids(beneficiary_id) & site_ids) or created_by(beneficiary_id, user_id)


def search_query(
    filters: dict,
    site_ids: set[int] | None,
    user_id: int | None = None,
    *,
    partial_idnp: bool | None = None,
):
    """People matching the filters, visible to a user of those sites (None: all).

    Only users who see IDNPs in full (partial_idnp; by default those who see every site)
    may look one up by a part of it: for the others a part would recover, a few digits at
    a time, an IDNP shown to them masked, so they match the whole 13 digits only.
    """
    if partial_idnp is None:
        partial_idnp = site_ids is None
    query = select(Beneficiary).options(
        selectinload(Beneficiary.locality), selectinload(Beneficiary.category_rows)
    )
    if site_ids is not None:
        mine = exists().where(
            Enrolment.beneficiary_id == Beneficiary.id, Enrolment.site_id.in_(site_ids)
        )
        added = exists().where(
            AuditEntry.entity == "beneficiary",
            AuditEntry.entity_id == Beneficiary.id,
            AuditEntry.action == "create",
            AuditEntry.user_id == user_id,
        )
        query = query.where(or_(mine, added))
    for readings in search_terms(filters.get("q")):
        # every word in some spelling (ы is î or â ...), in the first or the last name
        query = query.where(
            or_(
                *(
                    key.like(f"%{reading}%")
                    for reading in readings
                    for key in (Beneficiary.first_name_key, Beneficiary.last_name_key)
                )
            )
        )
    if filters.get("idnp"):
        if partial_idnp:
            query = query.where(Beneficiary.idnp.like(f"%{filters['idnp']}%"))
        else:
            query = query.where(Beneficiary.idnp == filters["idnp"])
    if filters.get("locality_id"):
        query = query.where(Beneficiary.locality_id == filters["locality_id"])
    if filters.get("category"):
        query = query.where(
            exists().where(
                BeneficiaryCategory.beneficiary_id == Beneficiary.id,
                BeneficiaryCategory.category == filters["category"],
            )
        )
    enrolment_filters = []
    if filters.get("site_id"):
        enrolment_filters.append(Enrolment.site_id == filters["site_id"])
    status = filters.get("status")
    day = today()
    paused_now = exists().where(
        EnrolmentPause.enrolment_id == Enrolment.id,
        EnrolmentPause.start_date <= day,
        EnrolmentPause.end_date >= day,
    )
    if status == "paused":
        enrolment_filters += [Enrolment.status == EnrolmentStatus.ACTIVE, paused_now]
    elif status == "active":
        enrolment_filters += [Enrolment.status == EnrolmentStatus.ACTIVE, ~paused_now]
    elif status:
        enrolment_filters.append(Enrolment.status == status)
    if filters.get("review_due"):
        enrolment_filters += [
            Enrolment.status != EnrolmentStatus.EXITED,
            Enrolment.review_date < day,
        ]
    if enrolment_filters:
        if site_ids is not None:
            enrolment_filters.append(Enrolment.site_id.in_(site_ids))
        query = query.where(
            exists().where(Enrolment.beneficiary_id == Beneficiary.id, *enrolment_filters)
        )
    return query.order_by(Beneficiary.last_name_key, Beneficiary.first_name_key, Beneficiary.id)


def person_history(beneficiary_id: int, site_ids: set[int] | None = None) -> list[AuditEntry]:
    """Changes to a person and to their enrolments, newest first.

    For a user of some sites (site_ids), only what the records rule lets them read: the
    events of enrolments at their sites, and no event tied to another site.
    """
    enrolment_ids = select(Enrolment.id).where(Enrolment.beneficiary_id == beneficiary_id)
    if site_ids is not None:
        enrolment_ids = enrolment_ids.where(Enrolment.site_id.in_(site_ids))
    query = select(AuditEntry).where(
        or_(
            and_(AuditEntry.entity == "beneficiary", AuditEntry.entity_id == beneficiary_id),
            and_(AuditEntry.entity == "enrolment", AuditEntry.entity_id.in_(enrolment_ids)),
        )
    )
    if site_ids is not None:
        query = query.where(or_(AuditEntry.site_id.is_(None), AuditEntry.site_id.in_(site_ids)))
    return list(db.session.scalars(query.order_by(AuditEntry.at.desc(), AuditEntry.id.desc())))


@dataclass
class HistoryRow:
    at: object
    who: str
    entity: str
    action: str
    field: str | None
    old: str | None
    new: str | None
    reason: str | None


def person_history_rows(
    beneficiary_id: int, site_ids: set[int] | None, *, full_idnp: bool
) -> list[HistoryRow]:
    """A person's history as a user may read it: filtered like the records, with the
    values of masked fields (the IDNP) masked unless the user sees them in full."""
    entries = person_history(beneficiary_id, site_ids)
    user_ids = {e.user_id for e in entries if e.user_id}
    names = dict(
        db.session.execute(select(User.id, User.full_name).where(User.id.in_(user_ids))).all()
    )
    rows = []
    for entry in entries:
        old, new = audit.shown_values(entry, full_idnp)
        rows.append(
            HistoryRow(
                at=entry.at,
                who=names.get(entry.user_id, "—"),
                entity=entry.entity,
                action=entry.action,
                field=entry.field,
                old=old,
                new=new,
                reason=entry.reason,
            )
        )
    return rows


# ---------------------------------------------------------------- enrolments


def get_enrolment(enrolment_id: int) -> Enrolment:
    enrolment = db.session.get(Enrolment, enrolment_id)
    if enrolment is None:
        raise NotFoundError(_("Înscrierea nu a fost găsită."))
    return enrolment


def places_taken(site_id: int, service: Service, on: date | None = None) -> int:
    """Active places of a site's service still held on a day (today by default)."""
    day = on or today()
    return db.session.scalar(
        select(func.count(Enrolment.id)).where(
            Enrolment.site_id == site_id,
            Enrolment.service == service,
            Enrolment.status == EnrolmentStatus.ACTIVE,
            or_(Enrolment.end_date.is_(None), Enrolment.end_date >= day),
        )
    )


def free_places(site: Site, service: Service) -> int | None:
    """How many places are free; None when the service has no capacity limit."""
    capacity = site.capacity(service)
    if capacity is None:
        return None
    return max(0, capacity - places_taken(site.id, service))


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


def _savepoint():
    # Session.begin_nested() as a context manager also closes a savepoint that a failed
    # flush has already deactivated; the session then goes on with the outer transaction.
    return db.session.begin_nested()


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


def first_waiting(site_id: int, service: Service) -> Enrolment | None:
    """The person waiting longest for a place at a site's service."""
    return db.session.scalars(
        select(Enrolment)
        .where(
            Enrolment.site_id == site_id,
            Enrolment.service == service,
            Enrolment.status == EnrolmentStatus.WAITING,
        )
        .order_by(Enrolment.waiting_since, Enrolment.id)
        .limit(1)
    ).first()


def offer_for(site: Site, service: Service) -> Enrolment | None:
    """The waiting person to offer a freed place to, when there is a free place."""
    free = free_places(site, service)
    if free is not None and free <= 0:
        return None
    return first_waiting(site.id, service)


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


def review_due(site_ids: set[int] | None, on: date | None = None) -> list[Enrolment]:
    """Enrolments still running whose review date has passed, oldest review first."""
    day = on or today()
    query = (
        select(Enrolment)
        .where(Enrolment.status != EnrolmentStatus.EXITED, Enrolment.review_date < day)
        .options(selectinload(Enrolment.beneficiary), selectinload(Enrolment.site))
        .order_by(Enrolment.review_date, Enrolment.id)
    )
    if site_ids is not None:
        query = query.where(Enrolment.site_id.in_(site_ids))
    return list(db.session.scalars(query))


@dataclass
class ServiceSummary:
    service: Service
    capacity: int | None
    taken: int
    waiting: int
    offered: Enrolment | None


def site_summary(site: Site) -> list[ServiceSummary]:
    """Per service of a site: places, taken, waiting, and whom to offer a free place."""
    rows = []
    for site_service in site.services:
        service = site_service.service
        waiting = db.session.scalar(
            select(func.count(Enrolment.id)).where(
                Enrolment.site_id == site.id,
                Enrolment.service == service,
                Enrolment.status == EnrolmentStatus.WAITING,
            )
        )
        rows.append(
            ServiceSummary(
                service=service,
                capacity=site_service.capacity,
                taken=places_taken(site.id, service),
                waiting=waiting,
                offered=offer_for(site, service) if waiting else None,
            )
        )
    return rows
