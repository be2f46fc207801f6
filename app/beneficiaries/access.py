"""Which people and enrolments the current user may open (others answer 404)."""

from flask_babel import gettext as _
from flask_login import current_user

from app.auth.permissions import require_visible, visible_site_ids
from app.beneficiaries import services
from app.beneficiaries.models import Beneficiary, Enrolment
from app.core.errors import NotFoundError


def visible_person(beneficiary_id: int) -> Beneficiary:
    person = services.get_beneficiary(beneficiary_id)
    if not services.can_see_person(person.id, visible_site_ids(current_user), current_user.id):
        raise NotFoundError(_("Persoana nu a fost găsită."))
    return person


def visible_enrolment(enrolment_id: int) -> Enrolment:
    enrolment = services.get_enrolment(enrolment_id)
    require_visible(enrolment, {enrolment.site_id})
    return enrolment
