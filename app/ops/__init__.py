"""Operations: health and readiness, request logs, backup and restore."""

from flask import Flask


def init_app(app: Flask) -> None:
    """Register the health endpoints, the request log and the lost-database answer."""
    from app.ops import health, requestlog

    app.register_blueprint(health.bp)
    requestlog.init_app(app)
    health.register_unavailable_handler(app)
