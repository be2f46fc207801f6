"""One log line per request: request id (sent back in a header), user, route, duration.

The route is the URL rule (`/api/v1/sites/<int:site_id>/...`), never the path with its
query string, so search terms and names typed by users stay out of the log.
"""

import logging
import re
import time
import uuid

from flask import Flask, g, request
from flask_login import current_user

log = logging.getLogger("cantina.request")
REQUEST_ID_HEADER = "X-Request-Id"
_VALID_ID = re.compile(r"^[A-Za-z0-9._-]{8,64}$")


def request_id() -> str | None:
    return getattr(g, "request_id", None)


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
        user_id = None
        try:
            if current_user and current_user.is_authenticated:
                user_id = current_user.id
        except Exception:  # noqa: BLE001 - the log line must not fail the answer
            user_id = None
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
