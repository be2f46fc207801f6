"""Human words (translatable) for the values stored in the database."""

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
