"""Words for the attendance domain's stored values."""

from flask_babel import lazy_gettext as _l

from app.core.labels import LABELS

LABELS.update(
    {
        # marks
        "present": _l("Prezent"),
        "absent": _l("Absent"),
        "excused": _l("Motivat"),
        "delivered": _l("Livrat"),
        "not_delivered": _l("Nelivrat"),
        "unmarked": _l("Nemarcat"),
        # calendar
        "no_water": _l("lipsă apă"),
        "no_gas": _l("lipsă gaz"),
        "no_power": _l("lipsă energie electrică"),
        "training": _l("instruirea personalului"),
        "other": _l("alt motiv"),
        "exceptional_opening": _l("deschidere excepțională"),
        "normal": _l("normal"),
    }
)
