"""One unit of work per request, ended in one place.

Services flush and never commit; pages and API handlers do not commit either. After
the view has answered, a success (any status below 400) commits the request's changes
once, and every other answer (a refusal, a form shown again, an error page) rolls them
back, so a request that fails half-way leaves nothing half-written.
"""

from flask import Flask, Response

from app.extensions import db


def end_request(response: Response) -> Response:
    if response.status_code < 400:
        db.session.commit()
    else:
        db.session.rollback()
    return response


def init_app(app: Flask) -> None:
    app.after_request(end_request)
