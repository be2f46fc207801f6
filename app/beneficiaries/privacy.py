"""Who sees a person's full IDNP: only the roles that need it (admin, manager)."""

from flask import has_request_context
from flask_login import current_user

from app.auth.models import Role
from app.core import audit

FULL_IDNP_ROLES = (Role.ADMIN, Role.MANAGER)


def mask_idnp(value: str | None) -> str | None:
    if not value:
        return value
    return "*" * (len(value) - 4) + value[-4:]


audit.mask_field("idnp", mask_idnp)


def sees_full_idnp(user=None) -> bool:
    if user is None:
        if not has_request_context() or not current_user.is_authenticated:
            return False
        user = current_user
    return user.role in FULL_IDNP_ROLES


def shown_idnp(value: str | None, user=None) -> str | None:
    """The IDNP as the current user may see it: in full or masked."""
    return value if sees_full_idnp(user) else mask_idnp(value)
