"""Words for the parcels domain's stored values (kept apart: "other" and such are shared)."""

from flask_babel import lazy_gettext as _l

PARCEL_LABELS = {
    # ledger lines
    "receipt": _l("Intrare"),
    "distribution": _l("Distribuire"),
    "transfer_out": _l("Transfer trimis"),
    "transfer_in": _l("Transfer primit"),
    "adjustment": _l("Corecție"),
    "return": _l("Returnat în stoc"),
    # receipt sources
    "donation": _l("Donație"),
    "purchase": _l("Achiziție"),
    # adjustment reasons
    "damaged": _l("Deteriorat"),
    "expired": _l("Expirat"),
    "count_correction": _l("Corecție după numărare"),
    # distribution status
    "planned": _l("Pe lista de livrare"),
    "handed_over": _l("Înmânat"),
    "returned": _l("Nelivrat, înapoi în stoc"),
    "cancelled": _l("Anulat"),
    # how it reaches the person
    "at_site": _l("La centru"),
    "delivery": _l("Cu livrarea la domiciliu a zilei"),
}


def parcel_label(value) -> str:
    key = getattr(value, "value", value)
    return str(PARCEL_LABELS.get(key, key if key is not None else ""))
