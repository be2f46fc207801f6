"""Logs as one line of JSON each, so an operator can filter them by field.

Fields are chosen by the code that logs (`extra={"fields": {...}}`); the message of a
record is kept as written. No request body, query string or SQL parameter is logged.
"""

import json
import logging
import os
from datetime import UTC, datetime


class JsonFormatter(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        entry = {
            "ts": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname.lower(),
            "logger": record.name,
            "message": record.getMessage(),
        }
        fields = getattr(record, "fields", None)
        if isinstance(fields, dict):
            entry.update(fields)
        if record.exc_info:
            entry["error"] = self.formatException(record.exc_info)
        return json.dumps(entry, ensure_ascii=False, default=str)


def configure_logging() -> None:
    """JSON lines on stderr (LOG_FORMAT=text gives the plain format for a terminal)."""
    root = logging.getLogger()
    if getattr(root, "_cantina_configured", False):
        return
    handler = logging.StreamHandler()
    if os.environ.get("LOG_FORMAT", "json").lower() == "text":
        handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    else:
        handler.setFormatter(JsonFormatter())
    root.addHandler(handler)
    root.setLevel(os.environ.get("LOG_LEVEL", "INFO"))
    # werkzeug's own access line repeats the path with its query string (search terms)
    logging.getLogger("werkzeug").setLevel(logging.WARNING)
    root._cantina_configured = True
