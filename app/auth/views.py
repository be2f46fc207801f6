"""Login, logout, language, the home page per role, and user administration."""

from urllib.parse import urlsplit

from flask import (
    Blueprint,
    current_app,
    flash,
    redirect,
    render_template,
    request,
    session,
    url_for,
)
from flask_babel import gettext as _
from flask_login import current_user, login_user, logout_user

from app.auth import services, throttle
from app.auth.models import Role, User
from app.auth.permissions import ALL_ROLES, roles_required, visible_site_ids
from app.auth.schemas import (
    LoginSchema,
    PasswordChangeSchema,
    UserCreateSchema,
    UserUpdateSchema,
)
from app.config import LANGUAGES
from app.core.db import writing
from app.core.forms import submit
from app.core.schemas import form_data
from app.extensions import db

bp = Blueprint("auth", __name__)


def _safe_next(target: str | None) -> str:
    if target and target.startswith("/") and not target.startswith("//"):
        parts = urlsplit(target)
        if not parts.netloc and not parts.scheme:
            return target
    return url_for("auth.home")


@bp.route("/login", methods=["GET", "POST"])
def login():
    if current_user.is_authenticated and request.method == "GET":
        return redirect(url_for("auth.home"))
    if request.method == "GET":
        return render_template("auth/login.html", errors={}, message=None)
    device = throttle.read_device_cookie(request.cookies.get(throttle.DEVICE_COOKIE))

    def attempt():
        data = LoginSchema().load(form_data(request.form))
        user = services.authenticate(
            data["username"], data["password"], address=request.remote_addr, device=device
        )
        _keep_language(user)
        return user

    # a failure counts on the throttle: it is kept although the answer is a refusal
    outcome = submit(attempt, keep=(services.LoginRefused, services.LoginThrottled))
    if isinstance(outcome.refusal, services.LoginThrottled):
        page = render_template("auth/login.html", errors={}, message=outcome.refusal.message)
        return page, 429, {"Retry-After": str(outcome.refusal.retry_after)}
    if isinstance(outcome.refusal, services.LoginRefused):
        page = render_template("auth/login.html", errors={}, message=outcome.refusal.message)
        return page, 401
    if not outcome.ok:
        return render_template("auth/login.html", errors=outcome.errors, message=None), 422
    login_user(outcome.result)
    response = redirect(_safe_next(request.args.get("next")))
    _set_device_cookie(response, outcome.result, device)
    return response


def _keep_language(user: User) -> None:
    """A language picked on the login page becomes the account's; otherwise the
    account's own language is used from now on (not the one the last user of a shared
    tablet left behind)."""
    chosen = session.pop("lang_picked", None)
    if chosen in LANGUAGES and chosen != user.language:
        services.set_language(user, chosen)
    session["lang"] = user.language


def _set_device_cookie(response, user: User, device: tuple[int, str] | None) -> None:
    device_id = device[1] if device is not None and device[0] == user.id else None
    response.set_cookie(
        throttle.DEVICE_COOKIE,
        throttle.new_device_cookie(user.id, device_id),
        max_age=throttle.DEVICE_MAX_AGE,
        path=url_for("auth.login"),
        secure=current_app.config["SESSION_COOKIE_SECURE"],
        httponly=True,
        samesite="Lax",
    )


@bp.post("/logout")
def logout():
    if current_user.is_authenticated:
        services.end_sessions(current_user.id)
    logout_user()
    language = session.get("lang")
    session.clear()
    if language in LANGUAGES:
        session["lang"] = language
    return redirect(url_for("auth.login"))


@bp.get("/lang/<code>")
def set_language(code: str):
    if code in LANGUAGES:
        session["lang"] = code
        if not current_user.is_authenticated:
            session["lang_picked"] = code  # kept on the account at login
        elif current_user.language != code:
            db.session.rollback()  # start again as a writer: SQLite locks at BEGIN
            with writing():
                services.set_language(current_user, code)
    return redirect(_safe_next(request.args.get("next")))


@bp.get("/")
@roles_required(*ALL_ROLES)
def home():
    return render_template(
        "home.html", **services.home_page(current_user, visible_site_ids(current_user))
    )


@bp.get("/users")
@roles_required(Role.ADMIN)
def users():
    return render_template("auth/users.html", users=services.all_users())


def _all_sites():
    return services.sites_seen(None)


@bp.route("/users/new", methods=["GET", "POST"])
@roles_required(Role.ADMIN)
def user_new():
    errors, values, status = {}, {}, 200
    if request.method == "POST":
        values = form_data(request.form, lists=("site_ids",))
        outcome = submit(lambda: services.create_user(**UserCreateSchema().load(values)))
        if outcome.ok:
            flash(_("Utilizatorul a fost creat."), "ok")
            return redirect(url_for("auth.users", created=outcome.result.id))
        errors, status = outcome.errors, outcome.status
    return render_template(
        "auth/user_form.html", user=None, values=values, errors=errors, sites=_all_sites()
    ), status


@bp.route("/users/<int:user_id>", methods=["GET", "POST"])
@roles_required(Role.ADMIN)
def user_edit(user_id: int):
    user = services.get_user(user_id)
    errors, status = {}, 200
    values = {
        "full_name": user.full_name,
        "role": user.role.value,
        "language": user.language,
        "phone": user.phone or "",
        "email": user.email or "",
        "site_ids": [str(i) for i in user.site_ids],
        "active": "true" if user.active else "false",
    }
    if request.method == "POST":
        values = form_data(request.form, lists=("site_ids",))
        values.setdefault("active", "false")
        outcome = submit(lambda: services.update_user(user.id, UserUpdateSchema().load(values)))
        if outcome.ok:
            flash(_("Modificările au fost salvate."), "ok")
            return redirect(url_for("auth.users"))
        errors, status = outcome.errors, outcome.status
    return render_template(
        "auth/user_form.html", user=user, values=values, errors=errors, sites=_all_sites()
    ), status


@bp.route("/account/password", methods=["GET", "POST"])
@roles_required(*ALL_ROLES)
def password():
    errors, status = {}, 200
    if request.method == "POST":
        values = form_data(request.form)
        user = current_user._get_current_object()

        def change():
            data = PasswordChangeSchema().load(values)
            services.change_own_password(user, data["current_password"], data["password"])

        # a wrong current password counts on the throttle, although the form is refused
        outcome = submit(change, keep=(services.WrongCurrentPassword, services.LoginThrottled))
        if outcome.ok:
            login_user(user)  # this session goes on under the new version; others end
            flash(_("Parola a fost schimbată. Celelalte sesiuni au fost închise."), "ok")
            return redirect(url_for("auth.home"))
        errors, status = outcome.errors, outcome.status
    return render_template("auth/password.html", errors=errors), status


@bp.route("/account/token", methods=["GET", "POST"])
@roles_required(*ALL_ROLES)
def token():
    new_token = None
    if request.method == "POST":
        new_token = submit(lambda: services.issue_token(current_user)).result
    return render_template("auth/token.html", token=new_token)
