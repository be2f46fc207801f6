"""One unit of work per request, ended in one place.

Services flush and never commit; pages and API handlers do not commit either. After
the view has answered, a success (any status below 400) commits the request's changes
once, and every other answer (a refusal, a form shown again, an error page) rolls them
back, so a request that fails half-way leaves nothing half-written. A commit the
database refuses (a constraint met only at commit, a lost connection) is answered by
the application's own handlers (409 with the field, 503 with Retry-After), not the
success the view had prepared.
"""

from flask import Flask, Response, current_app
from sqlalchemy.exc import SQLAlchemyError

from app.extensions import db


def end_request(response: Response) -> Response:
    if response.status_code >= 400:
        db.session.rollback()
        return response
    try:
        db.session.commit()
    except SQLAlchemyError as exc:
        db.session.rollback()
        return current_app.make_response(current_app.handle_user_exception(exc))
    return response


def init_app(app: Flask) -> None:
    app.after_request(end_request)
