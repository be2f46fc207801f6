"""What the registry's pages show, gathered in one call per page."""

from sqlalchemy import select
from sqlalchemy.orm import joinedload, selectinload

from app.auth.services import sites_seen
from app.beneficiaries.models import (
    Beneficiary,
    Category,
    DisabilityDegree,
    Enrolment,
    ReferralSource,
)
from app.beneficiaries.services.history import person_history_rows
from app.beneficiaries.services.people import search_query
from app.core.schemas import paginate
from app.extensions import db
from app.places.models import Service
from app.places.services import localities


def open_sites(site_ids: set[int] | None) -> list:
    """The open sites a user may enrol people at or import them into."""
    return sites_seen(site_ids, active_only=True)


def form_choices(site_ids: set[int] | None) -> dict:
    """The options of the registry's forms and filters."""
    return {
        "localities": localities(),
        "categories": list(Category),
        "degrees": list(DisabilityDegree),
        "referral_sources": list(ReferralSource),
        "sites": open_sites(site_ids),
        "services": list(Service),
    }


def search_page(args: dict, site_ids: set[int] | None, user_id: int, partial_idnp: bool) -> dict:
    """One page of the people found, with the filters' options."""
    query = search_query(args, site_ids, user_id, partial_idnp=partial_idnp)
    return {"page": paginate(query, args["page"], args["per_page"]), **form_choices(site_ids)}


def _with_details(person: Beneficiary) -> Beneficiary:
    """The person with their categories and locality read now, not while a page renders."""
    return db.session.scalars(
        select(Beneficiary)
        .where(Beneficiary.id == person.id)
        .options(selectinload(Beneficiary.category_rows), joinedload(Beneficiary.locality))
    ).one()


def _enrolments(person_id: int, site_ids: set[int] | None) -> list[Enrolment]:
    """The person's enrolments at the user's sites, latest first, with their site, pauses
    and status changes."""
    query = (
        select(Enrolment)
        .where(Enrolment.beneficiary_id == person_id)
        .options(
            joinedload(Enrolment.site),
            selectinload(Enrolment.pauses),
            selectinload(Enrolment.changes),
        )
        .order_by(Enrolment.start_date.desc(), Enrolment.id)
    )
    if site_ids is not None:
        query = query.where(Enrolment.site_id.in_(site_ids))
    return list(db.session.scalars(query))


def person_page(person: Beneficiary, site_ids: set[int] | None, full_idnp: bool) -> dict:
    """A person's enrolments at the user's sites, their history, the forms' options."""
    return {
        "person": _with_details(person),
        "enrolments": _enrolments(person.id, site_ids),
        "history": person_history_rows(person.id, site_ids, full_idnp=full_idnp),
        **form_choices(site_ids),
    }


def edit_page(person: Beneficiary, site_ids: set[int] | None) -> dict:
    """The person's form: the person as saved and the form's options."""
    return {"person": _with_details(person), **form_choices(site_ids)}
