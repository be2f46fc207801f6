"""A person's history as the audit trail records it."""

from dataclasses import dataclass

from sqlalchemy import and_, or_, select

from app.auth.models import User
from app.beneficiaries.models import Enrolment
from app.core import audit
from app.core.models import AuditEntry
from app.extensions import db


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
