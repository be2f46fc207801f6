"""Record who changed what. Services call these; they add rows and never commit."""

from collections.abc import Callable, Iterable, Mapping
from datetime import date, datetime
from decimal import Decimal
from enum import Enum

from flask_login import current_user
from sqlalchemy import select

from app.core.models import AuditEntry
from app.extensions import db


def _text(value) -> str | None:
    if value is None:
        return None
    if isinstance(value, Enum):
        return str(value.value)
    if isinstance(value, (date, datetime)):
        return value.isoformat()
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, Decimal):
        return format(value, "f")
    if isinstance(value, (list, tuple, set, frozenset)):
        return ", ".join(sorted(str(_text(v)) for v in value))
    return str(value)


def _actor_id(user_id: int | None) -> int | None:
    if user_id is not None:
        return user_id
    try:
        return current_user.id if current_user and current_user.is_authenticated else None
    except (AttributeError, RuntimeError):
        return None


def record(
    entity: str,
    entity_id: int,
    action: str,
    *,
    field: str | None = None,
    old=None,
    new=None,
    reason: str | None = None,
    site_id: int | None = None,
    user_id: int | None = None,
    person_id: int | None = None,
) -> AuditEntry:
    """Add one audit row (created, deleted, or one field changed)."""
    entry = AuditEntry(
        user_id=_actor_id(user_id),
        entity=entity,
        entity_id=entity_id,
        action=action,
        field=field,
        old_value=_text(old),
        new_value=_text(new),
        reason=reason,
        site_id=site_id,
        person_id=person_id,
    )
    db.session.add(entry)
    return entry


def snapshot(obj, fields: Iterable[str]) -> dict:
    """The current values of some fields, to compare after a change."""
    return {name: getattr(obj, name) for name in fields}


def record_changes(
    entity: str,
    entity_id: int,
    before: Mapping,
    after: Mapping,
    *,
    reason: str | None = None,
    site_id: int | None = None,
    user_id: int | None = None,
    person_id: int | None = None,
) -> int:
    """Add one 'update' row per field whose value changed; returns how many."""
    count = 0
    for name, old in before.items():
        new = after.get(name)
        if _text(old) != _text(new):
            record(
                entity,
                entity_id,
                "update",
                field=name,
                old=old,
                new=new,
                reason=reason,
                site_id=site_id,
                user_id=user_id,
                person_id=person_id,
            )
            count += 1
    return count


def history(entity: str, entity_id: int) -> list[AuditEntry]:
    """A record's changes, newest first."""
    return list(
        db.session.scalars(
            select(AuditEntry)
            .where(AuditEntry.entity == entity, AuditEntry.entity_id == entity_id)
            .order_by(AuditEntry.at.desc(), AuditEntry.id.desc())
        )
    )


# Fields whose old and new values are kept in full but shown masked to users who may not
# see them (an IDNP); the domain owning the field registers how to mask it.
_masks: dict[str, Callable[[str | None], str | None]] = {}


def mask_field(field: str, mask: Callable[[str | None], str | None]) -> None:
    """Show this field's audited values through `mask` to users who may not see them."""
    _masks[field] = mask


def shown_values(entry: AuditEntry, in_full: bool) -> tuple[str | None, str | None]:
    """An entry's old and new values as a user sees them: in full, or masked when the
    field is a masked one and the user may not see it."""
    mask = None if in_full else _masks.get(entry.field or "")
    if mask is None:
        return entry.old_value, entry.new_value
    return mask(entry.old_value), mask(entry.new_value)
