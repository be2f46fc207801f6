"""Log records keep no personal data: PostgreSQL's DETAIL lines are taken out.

With `hide_parameters` the statement's values are gone from SQLAlchemy's messages, but
the server itself repeats the offending values in the error text, e.g.
`DETAIL:  Key (idnp)=(2000000000007) already exists.` Such lines are cut from the
message and from the formatted traceback of every record that passes the filter.
"""

import logging
import re

DETAIL = re.compile(r"^\s*(DETAIL|HINT|CONTEXT):.*$", re.MULTILINE)
FAILING_ROW = re.compile(r"Failing row contains \(.*?\)\.?", re.DOTALL)
KEY_VALUES = re.compile(r"Key \((.*?)\)=\(.*?\)", re.DOTALL)
# request lines and referrers (development server, gunicorn's access log): keep the
# path, drop the query, which may hold a name or an IDNP (?q=Popescu)
REQUEST_QUERY = re.compile(r"(/[^\s?\"']*)\?[^\s\"']+")
HIDDEN = "[hidden]"

# the loggers whose records can carry an exception or a request line; filters run for the
# records a logger creates, so each is named rather than only a parent
SCRUBBED_LOGGERS = (
    "app",
    "flask.app",
    "werkzeug",
    "gunicorn.error",
    "gunicorn.access",  # its request lines carry the query string (?q=name)
    "sqlalchemy.engine.Engine",
    "sqlalchemy.pool.impl.QueuePool",
    "apscheduler.executors.default",
    "scheduler",
)


def scrub(text: str) -> str:
    text = DETAIL.sub(f"DETAIL: {HIDDEN}", text)
    text = FAILING_ROW.sub(f"Failing row contains {HIDDEN}.", text)
    text = KEY_VALUES.sub(lambda m: f"Key ({m.group(1)})={HIDDEN}", text)
    return REQUEST_QUERY.sub(r"\1?" + HIDDEN, text)


class PrivateDataFilter(logging.Filter):
    """Rewrites a record so that its message and traceback carry no database values."""

    def filter(self, record: logging.LogRecord) -> bool:
        if getattr(record, "_scrubbed", False):
            return True
        if record.name.startswith("sqlalchemy.engine") and record.levelno <= logging.DEBUG:
            # result rows ("Row (1, 'Ion', ...)") are the data itself
            return False
        message = record.getMessage()
        cleaned = scrub(message)
        if cleaned != message:
            record.msg, record.args = cleaned, ()
        if record.exc_info and record.exc_info[0] is not None:
            text = record.exc_text or logging.Formatter().formatException(record.exc_info)
            record.exc_text = scrub(text)
        elif record.exc_text:
            record.exc_text = scrub(record.exc_text)
        record._scrubbed = True
        return True


def install_log_filter() -> None:
    """Attach the filter to the loggers that may log errors and to the root's handlers."""
    private = PrivateDataFilter()
    for name in SCRUBBED_LOGGERS:
        logger = logging.getLogger(name)
        if not any(isinstance(f, PrivateDataFilter) for f in logger.filters):
            logger.addFilter(private)
    for handler in logging.getLogger().handlers:
        if not any(isinstance(f, PrivateDataFilter) for f in handler.filters):
            handler.addFilter(private)
