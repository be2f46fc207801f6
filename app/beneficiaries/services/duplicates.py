"""Duplicate people: name keys, the suspected-duplicate check, an IDNP held elsewhere."""

from datetime import date

from flask_babel import gettext as _
from sqlalchemy import and_, or_, select
from sqlalchemy.orm import selectinload

from app.beneficiaries.models import Beneficiary, Enrolment
from app.beneficiaries.services.visibility import can_see_person
from app.core.errors import DomainError
from app.core.text import collation_key, fold, person_key, person_keys
from app.extensions import db


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
            p.id: sorted({e.site.name for e in p.enrolments}, key=collation_key) for p in candidates
        }
        self.hidden = hidden


class IdnpTakenElsewhere(DomainError):
    """The IDNP belongs to a person the user may not read: said without who or where."""

    def __init__(self):
        super().__init__(
            _("O persoană cu acest IDNP este deja înregistrată; adresați-vă unui manager."),
            field="idnp",
        )


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
        .order_by(Beneficiary.last_name_key, Beneficiary.first_name_key, Beneficiary.id)
    )
    if exclude_id is not None:
        query = query.where(Beneficiary.id != exclude_id)
    return list(db.session.scalars(query))


def _check_idnp_free(idnp: str | None, exclude_id: int | None = None) -> None:
    if not idnp:
        return
    query = select(Beneficiary.id).where(Beneficiary.idnp == idnp)
    if exclude_id is not None:
        query = query.where(Beneficiary.id != exclude_id)
    if db.session.scalar(query) is not None:
        raise DomainError(_("Acest IDNP este deja înregistrat la altă persoană."), field="idnp")


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
            {e.site.name for e in p.enrolments if site_ids is None or e.site_id in site_ids},
            key=collation_key,
        )
        for p in readable
    }
    raise DuplicateSuspected(readable, sites, hidden=len(hidden))
