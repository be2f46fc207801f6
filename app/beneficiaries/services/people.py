"""People in the registry: create, update, read, search."""

from collections.abc import Callable

from flask_babel import gettext as _
from sqlalchemy import exists, or_, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import selectinload

from app.beneficiaries.models import (
    Beneficiary,
    BeneficiaryCategory,
    Category,
    Enrolment,
    EnrolmentPause,
    EnrolmentStatus,
)
from app.beneficiaries.services.duplicates import _check_idnp_free, _refuse_duplicates, sync_keys
from app.core import audit
from app.core.clock import today
from app.core.db import constraint_name
from app.core.errors import DomainError, InvalidInputError, NotFoundError
from app.core.models import AuditEntry
from app.core.text import search_terms
from app.extensions import db
from app.places.models import Locality

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


def _check_locality(data: dict) -> None:
    if (
        data.get("locality_id") is not None
        and db.session.get(Locality, data["locality_id"]) is None
    ):
        raise InvalidInputError(_("Localitatea nu a fost găsită."), field="locality_id")


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


def _savepoint():
    # Session.begin_nested() as a context manager also closes a savepoint that a failed
    # flush has already deactivated; the session then goes on with the outer transaction.
    return db.session.begin_nested()
