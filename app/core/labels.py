"""Human words (translatable) for the values stored in the database."""

import re

from flask_babel import lazy_gettext as _l

LABELS = {
    # roles
    "admin": _l("Administrator"),
    "manager": _l("Manager de program"),
    "staff": _l("Personal centru"),
    "driver": _l("Șofer"),
    # site kinds
    "canteen": _l("Cantină de ajutor social"),
    "community_centre": _l("Centru comunitar de asistență socială"),
    # services
    "lunch": _l("Prânz la cantină"),
    "delivery": _l("Prânz livrat la domiciliu"),
    "parcels": _l("Pachete alimentare"),
    "day_care": _l("Centru de zi pentru copii"),
    # locality kinds
    "city": _l("municipiu"),
    "town": _l("oraș"),
    "commune": _l("comună"),
    "village": _l("sat"),
}


def label(value) -> str:
    """The translated word for a stored value (enum member or string)."""
    key = getattr(value, "value", value)
    return str(LABELS.get(key, key if key is not None else ""))


# --- the change history, in words ----------------------------------------------------

ACTION_LABELS = {
    "create": _l("creat"),
    "update": _l("modificat"),
    "delete": _l("șters"),
    "export": _l("date exportate"),
    "anonymise": _l("anonimizat"),
}

# fields whose stored values are codes (one, or several joined by ", ")
CODED_FIELDS = {
    "status",
    "service",
    "sex",
    "categories",
    "referral_source",
    "disability_degree",
    "role",
    "kind",
}
YES_NO = {"true": _l("da"), "false": _l("nu")}
ISO_DAY = re.compile(r"^(\d{4})-(\d{2})-(\d{2})$")
# "<site>: <service code>" and "<site>: <service code> (<reason>)", as enrolments write it
SITE_AND_CODE = re.compile(r"^(?P<site>.+): (?P<code>[a-z_]+)(?P<rest> \(.*\))?$", re.DOTALL)


def action_label(action: str | None) -> str:
    return str(ACTION_LABELS.get(action, action or ""))


def history_value(field: str | None, value: str | None) -> str:
    """A value of the change history as a person reads it: words, not codes."""
    if value is None or value == "":
        return "—"
    if value in YES_NO:
        return str(YES_NO[value])
    day = ISO_DAY.match(value)
    if day:
        return f"{day[3]}.{day[2]}.{day[1]}"
    if field in CODED_FIELDS:
        return ", ".join(label(part) for part in value.split(", "))
    return value


def history_reason(reason: str | None) -> str:
    """The reason of a history row, with a service code after the site's name in words."""
    if not reason:
        return ""
    found = SITE_AND_CODE.match(reason)
    if found and found["code"] in LABELS:
        return f"{found['site']}: {label(found['code'])}{found['rest'] or ''}"
    return reason
