"""Accounts: authentication with a throttle, creating and changing users, API tokens."""

import secrets

from flask import current_app
from flask_babel import gettext as _
from flask_babel import ngettext
from sqlalchemy import select, update
from sqlalchemy.orm import joinedload, selectinload
from werkzeug.security import check_password_hash, generate_password_hash

from app.auth import throttle
from app.auth.models import Role, User, hash_token, site_model
from app.core import audit
from app.core.errors import DomainError, NotFoundError
from app.core.pages import page_sections
from app.extensions import db


class LoginThrottled(DomainError):
    """Too many failures lately from this account or address: wait before trying again."""

    status_code = 429

    def __init__(self, seconds: int):
        super().__init__(
            ngettext(
                "Prea multe încercări greșite. Încercați din nou peste %(num)s secundă.",
                "Prea multe încercări greșite. Încercați din nou peste %(num)s secunde.",
                seconds,
            )
        )
        self.retry_after = seconds


class LoginRefused(DomainError):
    """A wrong username or password, or an inactive account: refused, and the failure it
    counted on the throttle must be committed."""

    status_code = 401


_dummy_hashes: dict[str, str] = {}


def _dummy_hash() -> str:
    """A hash made like real ones, checked for unknown usernames: a miss costs a hit's work."""
    method = current_app.config.get("PASSWORD_METHOD", "scrypt")
    if method not in _dummy_hashes:
        _dummy_hashes[method] = generate_password_hash(secrets.token_hex(16), method=method)
    return _dummy_hashes[method]


def authenticate(
    username: str, password: str, *, address: str | None, device: tuple[int, str] | None = None
) -> User:
    """The user if the password is right and the account active; LoginRefused otherwise.

    Failures are counted per account and client address; from a device the account
    logged in on before (its signed cookie read into `device`), they are counted for that
    device alone, so others' guessing does not keep the owner out. Raises LoginThrottled
    while a key must wait. Unknown usernames go through the same steps and hashing.
    """
    name = username.strip().lower()
    user = db.session.scalar(select(User).where(User.username == name))
    own_device = device is not None and user is not None and device[0] == user.id
    if own_device:
        keys = [throttle.device_key(device[1])]
    else:
        keys = [throttle.account_key(name), throttle.address_key(address)]
    throttle.hold(keys)
    wait = throttle.wait_for(keys)
    if wait is not None:
        raise LoginThrottled(wait.seconds)
    if user is None:
        check_password_hash(_dummy_hash(), password)
        right = False
    else:
        right = user.check_password(password) and user.active
    if not right:
        throttle.count_failure(keys)
        raise LoginRefused(_("Nume de utilizator sau parolă greșită."))
    throttle.clear([throttle.account_key(name)] + (keys if own_device else []))
    return user


def end_sessions(user_id: int) -> None:
    """Make every session cookie of the user stale (checked on each request)."""
    db.session.execute(
        update(User)
        .where(User.id == user_id)
        .values(session_version=User.session_version + 1)
        .execution_options(synchronize_session="fetch")
    )


def _sites(site_ids: list[int]) -> list:
    site = site_model()
    sites = list(db.session.scalars(select(site).where(site.id.in_(site_ids)))) if site_ids else []
    if len(sites) != len(set(site_ids)):
        raise DomainError(_("Unul dintre centrele alese nu există."), field="site_ids")
    return sites


def sites_seen(
    site_ids: set[int] | None = None, *, active_only: bool = False, with_details: bool = False
) -> list:
    """The sites of a user's pages (None: every site), by name; only open ones if asked;
    with their locality, its district and their services read at once if asked (a page
    showing them)."""
    site = site_model()
    query = select(site).order_by(site.name_key, site.id)
    if with_details:
        locality = site.locality.property.mapper.class_
        query = query.options(
            joinedload(site.locality).joinedload(locality.district), selectinload(site.services)
        )
    if site_ids is not None:
        query = query.where(site.id.in_(site_ids))
    if active_only:
        query = query.where(site.active.is_(True))
    return list(db.session.scalars(query))


def home_page(user: User, site_ids: set[int] | None) -> dict:
    """The home page: the user's open sites with their place and services, and the parts
    the domains above add to it (each site's kitchen count, a driver's lists)."""
    sites = sites_seen(site_ids, active_only=True, with_details=True)
    return {"sites": sites, **page_sections("home", user=user, sites=sites)}


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
    user = get_user(user_id)
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
    if changes.get("password") or (before["active"] and not user.active):
        # a reset or a deactivation ends the user's sessions and API token
        user.session_version += 1
        user.api_token_hash = None
    if user.role in (Role.STAFF, Role.DRIVER) and not user.sites:
        raise DomainError(
            _("Personalul și șoferii trebuie legați de cel puțin un centru."), field="site_ids"
        )
    after = audit.snapshot(user, fields)
    after["sites"] = sorted(user.site_ids)
    audit.record_changes("user", user.id, before, after)
    db.session.flush()
    return user


class WrongCurrentPassword(DomainError):
    """Refused, but the failure it counted on the throttle must be committed."""


def change_own_password(user: User, current_password: str, new_password: str) -> None:
    """The user changes their password; their other sessions end (the API token stays).

    Wrong current passwords count on the account's throttle like failed logins, so a
    session left open cannot be used to guess the password.
    """
    keys = [throttle.account_key(user.username)]
    throttle.hold(keys)
    wait = throttle.wait_for(keys)
    if wait is not None:
        raise LoginThrottled(wait.seconds)
    if not user.check_password(current_password):
        throttle.count_failure(keys)
        raise WrongCurrentPassword(_("Parola actuală nu este corectă."), field="current_password")
    if current_password == new_password:
        raise DomainError(_("Parola nouă trebuie să difere de cea actuală."), field="password")
    user.set_password(new_password)
    user.session_version += 1
    audit.record("user", user.id, "update", field="password", old="***", new="***")
    db.session.flush()


def set_language(user: User, language: str) -> None:
    """Keep the language the user picked on the account, for the next login."""
    user.language = language
    db.session.flush()


def issue_token(user: User) -> str:
    """A new API token for the user (shown once; only its hash is kept)."""
    token = secrets.token_urlsafe(32)
    user.api_token_hash = hash_token(token)
    audit.record("user", user.id, "update", field="api_token", old="***", new="***")
    return token


def users_page_query():
    return select(User).order_by(User.role, User.username)


def all_users() -> list[User]:
    """Every account, by role and username, with its sites, for the administration page."""
    return list(db.session.scalars(users_page_query().options(selectinload(User.sites))))


def get_user(user_id: int) -> User:
    user = db.session.get(User, user_id)
    if user is None:
        raise NotFoundError(_("Utilizatorul nu a fost găsit."))
    return user
