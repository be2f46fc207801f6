"""Cantina: operations for social canteens and home meal delivery."""

import os
from pathlib import Path

from flask import Flask, g, request, session
from flask_login import current_user
from sqlalchemy import bindparam, event, select
from sqlalchemy.engine import Engine
from sqlalchemy.orm import joinedload

from app import ops
from app.config import check_production, load_config
from app.core import unit_of_work
from app.extensions import babel, csrf, db, login_manager, migrate
from app.ops.logs import configure_logging

UNSAFE_METHODS = {"POST", "PUT", "PATCH", "DELETE"}
# Scripts only from our own files (no inline code, no eval); JSON data islands are
# not executed and need no exception.
CONTENT_SECURITY_POLICY = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'"
)
PERMISSIONS_POLICY = "camera=(), microphone=(), geolocation=(), payment=(), usb=()"


def create_app(config: dict | None = None) -> Flask:
    """Build the application; `config` overrides what the environment says."""
    app = Flask(__name__, instance_path=os.environ.get("CANTINA_INSTANCE"))
    app.config.update(load_config())
    if config:
        app.config.update(config)
    check_production(app.config)
    if app.config.get("TRUSTED_PROXIES"):
        from werkzeug.middleware.proxy_fix import ProxyFix

        # the client's address (throttled at login) comes from the proxies' header
        count = app.config["TRUSTED_PROXIES"]
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=count, x_proto=count)
    if app.config["SQLALCHEMY_DATABASE_URI"].startswith("sqlite:///"):
        Path(app.config["SQLALCHEMY_DATABASE_URI"][len("sqlite:///") :]).parent.mkdir(
            parents=True, exist_ok=True
        )
    if not app.config.get("TESTING"):
        configure_logging()

    from app import models  # noqa: F401 - every table on the metadata

    db.init_app(app)
    migrate.init_app(app, db, directory=str(Path(__file__).parent.parent / "migrations"))
    csrf.init_app(app)
    babel.init_app(
        app, locale_selector=select_locale, timezone_selector=lambda: app.config["TIMEZONE"]
    )
    _init_login(app)
    from app.core.converters import IdConverter

    app.url_map.converters["int"] = IdConverter  # before any route is added
    _register_blueprints(app)

    from app.errors import register_error_handlers

    register_error_handlers(app)
    _register_request_hooks(app)
    unit_of_work.init_app(app)
    ops.init_app(app)
    _register_template_helpers(app)

    from app.cli import register_commands

    register_commands(app)
    return app


def select_locale() -> str:
    languages = ("ro", "ru", "en")
    chosen = session.get("lang") if request else None
    if chosen in languages:
        return chosen
    if current_user and current_user.is_authenticated and current_user.language in languages:
        return current_user.language
    return "ro"


def _init_login(app: Flask) -> None:
    from app.auth.models import User, hash_token

    login_manager.init_app(app)
    login_manager.login_view = "auth.login"
    login_manager.session_protection = "strong"
    # the user with their sites in one statement, built once: nearly every request asks
    # for both, and assembling the statement costs more than running it
    with_sites = select(User).options(joinedload(User.sites)).where(User.id == bindparam("user_id"))

    @login_manager.user_loader
    def load_user(session_id: str):
        # "<user id>.<session version>": a cookie from before a logout, a password
        # change or a deactivation names an older version and no longer logs anyone in
        user_id, _, version = session_id.partition(".")
        if not (user_id.isdigit() and version.isdigit()):
            return None
        user = db.session.execute(with_sites, {"user_id": int(user_id)}).unique().scalar()
        if user is None or user.session_version != int(version):
            return None
        return user

    @login_manager.request_loader
    def load_user_from_token(req):
        header = req.headers.get("Authorization", "")
        if not header.startswith("Bearer "):
            return None
        token = header[len("Bearer ") :].strip()
        if not token:
            return None
        user = db.session.scalar(db.select(User).where(User.api_token_hash == hash_token(token)))
        if user is not None:
            g.token_auth = True
        return user

    @login_manager.unauthorized_handler
    def unauthorized():
        from app.auth.permissions import AuthenticationRequired

        raise AuthenticationRequired()


def _register_blueprints(app: Flask) -> None:
    from app.api import api
    from app.attendance import api as attendance_api
    from app.attendance import views as attendance_views
    from app.auth import api as auth_api
    from app.auth import views as auth_views
    from app.beneficiaries import api as beneficiaries_api
    from app.beneficiaries import views as beneficiaries_views
    from app.delivery import api as delivery_api
    from app.delivery import views as delivery_views
    from app.parcels import api as parcels_api
    from app.parcels import views as parcels_views
    from app.places import api as places_api
    from app.places import views as places_views
    from app.reports import register_pages  # noqa: F401 - its routes join the reports pages
    from app.reports import views as reports_views

    for module in (auth_views, places_views, beneficiaries_views, attendance_views, delivery_views):
        app.register_blueprint(module.bp)
    app.register_blueprint(parcels_views.bp)
    from app.privacy import views as privacy_views

    app.register_blueprint(privacy_views.bp)
    app.register_blueprint(reports_views.bp)
    api.init_app(app)
    for module in (auth_api, places_api, beneficiaries_api, attendance_api, delivery_api):
        api.register_blueprint(module.blp)
    api.register_blueprint(parcels_api.blp)
    if app.config.get("BENCH_ROUTES"):
        from app.ops import bench

        app.register_blueprint(bench.bp)


def _register_request_hooks(app: Flask) -> None:
    @app.before_request
    def protect_forms():
        # Pages and session-authenticated API calls need the CSRF token; a call that
        # carries its own bearer token cannot be forged by another site.
        if request.method not in UNSAFE_METHODS or not app.config.get("WTF_CSRF_ENABLED", True):
            return
        if request.headers.get("Authorization", "").startswith("Bearer "):
            return
        csrf.protect()

    @app.after_request
    def security_headers(response):
        response.headers.setdefault("X-Content-Type-Options", "nosniff")
        response.headers.setdefault("X-Frame-Options", "DENY")
        response.headers.setdefault("Referrer-Policy", "same-origin")
        response.headers.setdefault("Content-Security-Policy", CONTENT_SECURITY_POLICY)
        response.headers.setdefault("Permissions-Policy", PERMISSIONS_POLICY)
        # Personal data must not stay in a shared browser's cache: overwrite what
        # send_file put there; only the static files are the same for everyone.
        # signed in, read from the session: after the request's commit, asking
        # current_user would load the user again (and, on SQLite, lock to do so)
        if request.endpoint != "static" and (
            request.path.startswith("/api/") or "_user_id" in session
        ):
            response.headers["Cache-Control"] = "no-store"
        return response


def _register_template_helpers(app: Flask) -> None:
    from app.auth.models import Role
    from app.core import clock
    from app.core.labels import label
    from app.core.text import RULES as fold_rules

    app.add_template_global(label)
    # the browser folds names with the server's rules (app/static/fold.js)
    app.jinja_env.globals["fold_rules"] = fold_rules

    @app.context_processor
    def inject():
        return {"Role": Role, "current_language": select_locale(), "today": clock.today()}


@event.listens_for(Engine, "connect")
def _sqlite_on_connect(dbapi_connection, connection_record):
    """SQLite: enforce foreign keys, WAL, and let SQLAlchemy drive transactions.

    pysqlite's own transaction handling breaks SAVEPOINT; the recipe from the SQLAlchemy
    docs turns it off and emits BEGIN ourselves (see _sqlite_on_begin).
    """
    module = type(dbapi_connection).__module__
    if not module.startswith("sqlite3"):
        return
    dbapi_connection.isolation_level = None
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.execute("PRAGMA busy_timeout=10000")
    cursor.close()


@event.listens_for(Engine, "begin")
def _sqlite_on_begin(conn):
    if conn.dialect.name != "sqlite":
        return
    from app.core.db import on_begin

    on_begin(conn)
