"""Words for the delivery domain's stored values."""

from flask_babel import lazy_gettext as _l

from app.core.labels import LABELS

LABELS.update(
    {
        "delivered": _l("Livrat"),
        "not_delivered": _l("Nelivrat"),
        "not_home": _l("Nu era acasă"),
        "refused": _l("A refuzat"),
        "in_hospital": _l("În spital"),
    }
)

# "other" is shared with other domains' values, so failure reasons get their own words.
REASON_LABELS = {
    "not_home": _l("Nu era acasă"),
    "refused": _l("A refuzat"),
    "in_hospital": _l("În spital"),
    "other": _l("Alt motiv"),
}

WEEKDAY_NAMES = {
    "1": _l("Lu"),
    "2": _l("Ma"),
    "3": _l("Mi"),
    "4": _l("Jo"),
    "5": _l("Vi"),
    "6": _l("Sâ"),
    "7": _l("Du"),
}
