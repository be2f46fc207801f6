"""Server-side permission checks: by role, and by site for staff and drivers."""

from collections.abc import Callable
from functools import wraps

from flask import request
from flask_babel import gettext as _
from flask_login import current_user

from app.auth.models import Role
from app.core.errors import NotFoundError, PermissionDeniedError

ALL_ROLES = tuple(Role)
OFFICE_ROLES = (Role.ADMIN, Role.MANAGER)
SITE_ROLES = (Role.ADMIN, Role.MANAGER, Role.STAFF)


class AuthenticationRequired(Exception):
    """No one is logged in; pages redirect to the login, the API answers 401."""


def roles_required(*roles: Role) -> Callable:
    """Let in only logged-in users with one of the roles; everyone else gets 401/403."""

    def decorator(view: Callable) -> Callable:
        @wraps(view)
        def wrapped(*args, **kwargs):
            if not current_user.is_authenticated:
                raise AuthenticationRequired()
            if current_user.role not in roles:
                raise PermissionDeniedError(_("Nu aveți drept de acces la această pagină."))
            return view(*args, **kwargs)

        wrapped.allowed_roles = roles  # read by the permission-matrix test
        return wrapped

    return decorator


def visible_site_ids(user) -> set[int] | None:
    """None means every site; otherwise the ids of the user's own sites."""
    if user.role in OFFICE_ROLES:
        return None
    return user.site_ids


def can_see_site(user, site_id: int) -> bool:
    ids = visible_site_ids(user)
    return ids is None or site_id in ids


def require_site(site_id: int, user=None) -> None:
    """Raise unless the user works at (or oversees) the site."""
    user = user or current_user
    if not can_see_site(user, site_id):
        raise PermissionDeniedError(_("Nu aveți acces la datele acestui centru."))


def require_visible(obj, site_ids_of_obj: set[int], user=None) -> None:
    """A record tied to sites: hidden (404) from users of other sites."""
    user = user or current_user
    ids = visible_site_ids(user)
    if obj is None or (ids is not None and not (ids & site_ids_of_obj)):
        raise NotFoundError(_("Înregistrarea nu a fost găsită."))


def wants_json() -> bool:
    return request.path.startswith("/api/") or (request.accept_mimetypes.best == "application/json")
