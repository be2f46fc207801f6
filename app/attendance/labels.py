"""Words for the attendance domain's stored values."""

from flask_babel import lazy_gettext as _l
from flask_babel import lazy_pgettext

from app.core.labels import LABELS
from app.core.text import fold

LABELS.update(
    {
        # marks
        "present": _l("Prezent"),
        "absent": _l("Absent"),
        "excused": _l("Motivat"),
        "delivered": _l("Livrat"),
        "not_delivered": _l("Nelivrat"),
        "unmarked": _l("Nemarcat"),
        # calendar ("other" is a value of other domains too: see CLOSURE_LABELS)
        "no_water": _l("lipsă apă"),
        "no_gas": _l("lipsă gaz"),
        "no_power": _l("lipsă energie electrică"),
        "training": _l("instruirea personalului"),
        "exceptional_opening": _l("deschidere excepțională"),
        "normal": _l("normal"),
    }
)

# Closure reasons have their own words: "other" here is not the registry's "other".
CLOSURE_LABELS = {
    "no_water": _l("lipsă apă"),
    "no_gas": _l("lipsă gaz"),
    "no_power": _l("lipsă energie electrică"),
    "training": _l("instruirea personalului"),
    "other": lazy_pgettext("calendar", "alt motiv"),
}

# Why a driver could not deliver, as the reason of a "not delivered" mark on the sheet.
NOT_DELIVERED_LABELS = {
    "not_home": _l("Nu era acasă"),
    "refused": _l("A refuzat"),
    "in_hospital": _l("În spital"),
    "other": lazy_pgettext("delivery", "alt motiv"),
}


def closure_reason_label(reason: str | None) -> str:
    """A closure reason in words; a reason typed by hand (an "other" note) as typed."""
    if reason is None:
        return ""
    return str(CLOSURE_LABELS.get(reason, reason))


def mark_reason_label(mark, reason: str | None) -> str:
    """The reason of a mark in words: a driver's failure reason, or what staff typed."""
    if reason is None:
        return ""
    if getattr(mark, "value", mark) == "not_delivered":
        return str(NOT_DELIVERED_LABELS.get(reason, reason))
    return reason


# Diets are written by hand; the usual ones are shown in the reader's language.
DIET_LABELS = {
    "normal": _l("normal"),
    "diabetic": _l("diabetic"),
    "hrana moale": _l("hrană moale"),
    "fara sare": _l("fără sare"),
    "fara zahar": _l("fără zahăr"),
    "fara gluten": _l("fără gluten"),
    "fara lactoza": _l("fără lactoză"),
    "vegetarian": _l("vegetarian"),
    "alergie la nuci": _l("alergie la nuci"),
}


def diet_label(text: str | None) -> str:
    """A diet in words: a usual one translated, any other as it was written."""
    if not text:
        return ""
    return str(DIET_LABELS.get(fold(text), text))
