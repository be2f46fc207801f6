"""User accounts, roles and the sites a user works at.

Sites belong to places, a layer above auth: the membership table and the `sites`
relationship name the site by its table and mapped name only, resolved when the
models are configured, so auth imports nothing above it.
"""

import enum
import hashlib
from datetime import datetime

from flask import current_app, has_app_context
from flask_login import UserMixin
from sqlalchemy import Column, ForeignKey, String, Table
from sqlalchemy.orm import Mapped, mapped_column, relationship
from werkzeug.security import check_password_hash, generate_password_hash

from app.core.clock import utcnow
from app.core.types import UTCDateTime, enum_column
from app.extensions import db


class Role(enum.StrEnum):
    ADMIN = "admin"  # everything, user accounts
    MANAGER = "manager"  # all sites: read, reports, corrections
    STAFF = "staff"  # their own sites only
    DRIVER = "driver"  # their own delivery routes only


user_site = Table(
    "user_site",
    db.metadata,
    Column("user_id", ForeignKey("user.id", ondelete="CASCADE"), primary_key=True),
    Column("site_id", ForeignKey("site.id", ondelete="CASCADE"), primary_key=True),
)


def hash_token(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


class User(UserMixin, db.Model):
    __tablename__ = "user"

    id: Mapped[int] = mapped_column(primary_key=True)
    username: Mapped[str] = mapped_column(String(60), unique=True)
    full_name: Mapped[str] = mapped_column(String(120))
    password_hash: Mapped[str] = mapped_column(String(255))
    role: Mapped[Role] = mapped_column(enum_column(Role, "role"))
    language: Mapped[str] = mapped_column(String(5), default="ro")
    phone: Mapped[str | None] = mapped_column(String(40))
    email: Mapped[str | None] = mapped_column(String(120))
    active: Mapped[bool] = mapped_column(default=True)
    # Raised by logout, a password change or reset and deactivation: every session
    # cookie carries the version it was issued under and stops working when it changes.
    session_version: Mapped[int] = mapped_column(default=0, server_default="0")
    api_token_hash: Mapped[str | None] = mapped_column(String(64), unique=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    sites = relationship("Site", secondary=user_site, order_by="[Site.name_key, Site.id]")

    @property
    def is_active(self) -> bool:  # Flask-Login refuses inactive users
        return self.active

    def set_password(self, password: str) -> None:
        method = (
            current_app.config.get("PASSWORD_METHOD", "scrypt") if has_app_context() else "scrypt"
        )
        self.password_hash = generate_password_hash(password, method=method)

    def check_password(self, password: str) -> bool:
        return check_password_hash(self.password_hash, password)

    def get_id(self) -> str:
        # Flask-Login stores this in the session; the version makes older cookies stale.
        return f"{self.id}.{self.session_version}"

    @property
    def site_ids(self) -> set[int]:
        return {site.id for site in self.sites}

    @property
    def sees_all_sites(self) -> bool:
        return self.role in (Role.ADMIN, Role.MANAGER)


def site_model() -> type:
    """The class of a site (places'), reached through the `sites` relationship."""
    return User.sites.property.mapper.class_


class LoginThrottle(db.Model):
    """Failed logins counted per key: an account, a client address or a known device.

    One row per key, incremented by a single atomic statement, so parallel attempts
    are all counted. The delay before the next attempt follows from the count. A row
    with no failures is the lock an attempt holds while it runs; rows quiet for longer
    than LOGIN_FORGET_HOURS are deleted at the next successful login.
    """

    __tablename__ = "login_throttle"

    key: Mapped[str] = mapped_column(String(120), primary_key=True)
    failures: Mapped[int] = mapped_column(default=0)
    last_failure_at: Mapped[datetime] = mapped_column(UTCDateTime, index=True)
