"""One log line per request: request id (sent back in a header), user, route, duration.

The route is the URL rule (`/api/v1/sites/<int:site_id>/...`), never the path with its
query string, so search terms and names typed by users stay out of the log.
"""

import logging
import re
import time
import uuid

from flask import Flask, g, request
from sqlalchemy import inspect

log = logging.getLogger("cantina.request")
REQUEST_ID_HEADER = "X-Request-Id"
_VALID_ID = re.compile(r"^[A-Za-z0-9._-]{8,64}$")


def request_id() -> str | None:
    return getattr(g, "request_id", None)


def _user_id() -> int | None:
    """The id of the user the request loaded, without reloading the user: after the
    request's commit its attributes are expired, and reading one would cost a query."""
    user = g.get("_login_user")  # set by Flask-Login when the request looked for one
    state = inspect(user, raiseerr=False) if user is not None else None
    if state is None or not state.identity:  # anonymous: not a stored user
        return None
    return state.identity[0]


def init_app(app: Flask) -> None:
    @app.before_request
    def start_request():
        incoming = request.headers.get(REQUEST_ID_HEADER, "")
        g.request_id = incoming if _VALID_ID.match(incoming) else uuid.uuid4().hex
        g.request_started = time.perf_counter()

    @app.after_request
    def log_request(response):
        started = getattr(g, "request_started", None)
        if started is None:
            return response
        response.headers[REQUEST_ID_HEADER] = g.request_id
        user_id = _user_id()
        rule = request.url_rule.rule if request.url_rule is not None else None
        log.info(
            "request",
            extra={
                "fields": {
                    "event": "request",
                    "request_id": g.request_id,
                    "user_id": user_id,
                    "method": request.method,
                    "route": rule,
                    "endpoint": request.endpoint,
                    "status": response.status_code,
                    "duration_ms": round((time.perf_counter() - started) * 1000, 1),
                }
            },
        )
        return response
