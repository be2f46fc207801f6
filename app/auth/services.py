"""Accounts: authentication with lock-out, creating and changing users, API tokens."""

import secrets
from datetime import timedelta

from flask import current_app
from flask_babel import gettext as _
from sqlalchemy import select

from app.auth.models import Role, User, hash_token
from app.core import audit
from app.core.clock import utcnow
from app.core.errors import DomainError, NotFoundError
from app.extensions import db
from app.places.models import Site

# Checked against on unknown usernames so that a miss costs as long as a hit.
_DUMMY_HASH = "scrypt:32768:8:1$YlzGrTa4rQhEqbDS$" + "0" * 128


class AccountLocked(DomainError):
    status_code = 429


def authenticate(username: str, password: str) -> User | None:
    """The user if the password is right; counts failures and locks the account a while."""
    user = db.session.scalar(select(User).where(User.username == username.strip().lower()))
    if user is None:
        from werkzeug.security import check_password_hash

        check_password_hash(_DUMMY_HASH, password)
        return None
    now = utcnow()
    if user.locked_until and user.locked_until > now:
        minutes = max(1, int((user.locked_until - now).total_seconds() // 60) + 1)
        raise AccountLocked(
            _(
                "Prea multe încercări greșite. Contul este blocat încă %(minutes)s min.",
                minutes=minutes,
            )
        )
    if not user.check_password(password):
        user.failed_logins += 1
        if user.failed_logins >= current_app.config["LOGIN_MAX_FAILURES"]:
            user.locked_until = now + timedelta(minutes=current_app.config["LOGIN_LOCK_MINUTES"])
            user.failed_logins = 0
        return None
    if not user.active:
        return None
    user.failed_logins = 0
    user.locked_until = None
    return user


def _sites(site_ids: list[int]) -> list[Site]:
    sites = list(db.session.scalars(select(Site).where(Site.id.in_(site_ids)))) if site_ids else []
    if len(sites) != len(set(site_ids)):
        raise DomainError(_("Unul dintre centrele alese nu există."), field="site_ids")
    return sites


def create_user(
    *,
    username: str,
    full_name: str,
    role: Role,
    password: str,
    site_ids: list[int] = (),
    language: str = "ro",
    phone: str | None = None,
    email: str | None = None,
    active: bool = True,
) -> User:
    """Create an account; staff and drivers are tied to their sites."""
    username = username.strip().lower()
    if db.session.scalar(select(User.id).where(User.username == username)):
        raise DomainError(
            _("Numele de utilizator „%(username)s” este deja folosit.", username=username),
            field="username",
        )
    user = User(
        username=username,
        full_name=full_name,
        role=role,
        language=language,
        phone=phone,
        email=email,
        active=active,
    )
    user.set_password(password)
    user.sites = _sites(list(site_ids))
    db.session.add(user)
    db.session.flush()
    audit.record("user", user.id, "create", new=f"{username} ({role.value})")
    return user


def update_user(user_id: int, changes: dict) -> User:
    """Change an account; a new password is hashed, sites replaced when given."""
    user = db.session.get(User, user_id)
    if user is None:
        raise NotFoundError(_("Utilizatorul nu a fost găsit."))
    fields = ("full_name", "role", "language", "phone", "email", "active")
    before = audit.snapshot(user, fields)
    before["sites"] = sorted(user.site_ids)
    for name in fields:
        if name in changes:
            setattr(user, name, changes[name])
    if "site_ids" in changes:
        user.sites = _sites(changes["site_ids"])
    if changes.get("password"):
        user.set_password(changes["password"])
        audit.record("user", user.id, "update", field="password", old="***", new="***")
    if user.role in (Role.STAFF, Role.DRIVER) and not user.sites:
        raise DomainError(
            _("Personalul și șoferii trebuie legați de cel puțin un centru."), field="site_ids"
        )
    after = audit.snapshot(user, fields)
    after["sites"] = sorted(user.site_ids)
    audit.record_changes("user", user.id, before, after)
    db.session.flush()
    return user


def issue_token(user: User) -> str:
    """A new API token for the user (shown once; only its hash is kept)."""
    token = secrets.token_urlsafe(32)
    user.api_token_hash = hash_token(token)
    audit.record("user", user.id, "update", field="api_token", old="***", new="***")
    return token


def users_page_query():
    return select(User).order_by(User.role, User.username)
