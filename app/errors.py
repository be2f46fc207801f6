"""One place that maps exceptions to JSON (API) or HTML (pages) answers."""

import logging

from flask import Flask, jsonify, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_wtf.csrf import CSRFError
from sqlalchemy.exc import IntegrityError
from werkzeug.exceptions import HTTPException, default_exceptions

from app.auth.permissions import AuthenticationRequired, wants_json
from app.core import integrity
from app.core.errors import DomainError
from app.core.logs import install_log_filter
from app.core.pages import read_signed_in_user
from app.extensions import db

log = logging.getLogger(__name__)


def flatten_messages(messages) -> dict:
    """webargs nests errors by location ({'json': {...}}); clients want the fields."""
    if not isinstance(messages, dict):
        return {"_schema": messages}
    flat: dict = {}
    for location, fields in messages.items():
        if location in {"json", "query", "form", "files", "view_args"} and isinstance(fields, dict):
            flat.update(fields)
        else:
            flat[location] = fields
    return flat


def error_response(status: int, message: str, errors: dict | None = None):
    if wants_json():
        body = {"message": message}
        if errors:
            body["errors"] = errors
        return jsonify(body), status
    return render_error_page(status, message, errors)


# Pages: our own words for what the web server would otherwise say in English.
PAGE_TITLES = {
    400: _l("Cerere greșită"),
    403: _l("Acces interzis"),
    404: _l("Pagina nu a fost găsită"),
    405: _l("Acțiune nepermisă"),
    413: _l("Fișier prea mare"),
    414: _l("Adresă prea lungă"),
    500: _l("Eroare internă"),
}
PAGE_MESSAGES = {
    400: _l("Cererea nu a putut fi înțeleasă. Reîncărcați pagina și încercați din nou."),
    403: _l("Nu aveți acces la această pagină."),
    404: _l("Pagina căutată nu există. Verificați adresa sau porniți de la pagina principală."),
    405: _l("Această acțiune nu se poate face la această adresă."),
    413: _l("Fișierul trimis este prea mare."),
    414: _l("Adresa este prea lungă. Scurtați căutarea și încercați din nou."),
    500: _l("A apărut o eroare internă. Încercați din nou."),
}


def render_error_page(status: int, message: str, errors: dict | None = None):
    """The HTML error page, in the reader's language even for the server's own errors."""
    default = default_exceptions.get(status)
    if default is not None and message in (default.description, default.name):
        message = str(PAGE_MESSAGES.get(status, _l("Cererea nu a putut fi îndeplinită.")))
    title = str(PAGE_TITLES.get(status, _l("Eroare")))
    # a URL no route answers reaches here before any view has asked who is logged in
    read_signed_in_user()
    page = render_template("error.html", status=status, title=title, message=message, errors=errors)
    return page, status


def handle_http_exception(exc: HTTPException):
    data = getattr(exc, "data", None) or {}
    errors = flatten_messages(data["messages"]) if "messages" in data else None
    if exc.code == 422:
        message = _("Datele trimise nu sunt valide.")
    else:
        message = data.get("message") or exc.description or exc.name
    return error_response(exc.code or 500, message, errors)


def register_error_handlers(app: Flask) -> None:
    install_log_filter()

    @app.errorhandler(DomainError)
    def domain_error(exc: DomainError):
        errors = {exc.field: [exc.message]} if exc.field else None
        return error_response(exc.status_code, exc.message, errors)

    @app.errorhandler(IntegrityError)
    def constraint_refused(exc: IntegrityError):
        # two people saved the same thing at once: the constraint refused the second
        db.session.rollback()
        return domain_error(integrity.refusal(exc))

    @app.errorhandler(AuthenticationRequired)
    def authentication_required(exc):
        if wants_json():
            return error_response(401, _("Autentificarea este necesară."))
        return redirect(url_for("auth.login", next=request.full_path))

    @app.errorhandler(CSRFError)
    def csrf_error(exc: CSRFError):
        return error_response(
            400,
            _("Formularul a expirat sau nu este valid. Reîncărcați pagina și încercați din nou."),
        )

    app.register_error_handler(HTTPException, handle_http_exception)

    @app.errorhandler(RecursionError)
    @app.errorhandler(UnicodeError)
    def unreadable_body(exc):
        # JSON nested thousands deep, bytes that are not UTF-8, text no database can
        # store: the request cannot be read, it is not a fault of the service
        if not request.get_data(cache=True):
            raise exc
        return error_response(400, _("Cererea nu poate fi citită."))

    @app.errorhandler(500)
    def server_error(exc):
        # the traceback goes to the log; the user sees a plain sentence
        return error_response(500, _("A apărut o eroare internă. Încercați din nou."))
