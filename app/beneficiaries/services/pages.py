"""What the registry's pages show, gathered in one call per page."""

from app.auth.services import sites_seen
from app.beneficiaries.models import Beneficiary, Category, DisabilityDegree, ReferralSource
from app.beneficiaries.services.history import person_history_rows
from app.beneficiaries.services.people import search_query
from app.core.schemas import paginate
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


def person_page(person: Beneficiary, site_ids: set[int] | None, full_idnp: bool) -> dict:
    """A person's enrolments at the user's sites, their history, the forms' options."""
    return {
        "enrolments": [e for e in person.enrolments if site_ids is None or e.site_id in site_ids],
        "history": person_history_rows(person.id, site_ids, full_idnp=full_idnp),
        **form_choices(site_ids),
    }
