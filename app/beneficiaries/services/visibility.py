"""Whether a user may see a person: through a site they work at, or as the person's author."""

from sqlalchemy import select

from app.beneficiaries.models import Enrolment
from app.core.models import AuditEntry
from app.extensions import db


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
