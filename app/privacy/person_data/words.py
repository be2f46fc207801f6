"""The words and plain values of a person's data: column labels, section titles."""

from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal
from enum import Enum

from flask_babel import lazy_gettext as _l

from app.beneficiaries.labels import FIELD_LABELS
from app.core.clock import local_tz

# column words not already given by the person's history
LABELS = {
    "id": _l("Nr."),
    "field": _l("Câmp"),
    "value": _l("Valoare"),
    "site": _l("Centru"),
    "locality": _l("Localitate"),
    "created_at": _l("Creat la"),
    "updated_at": _l("Modificat la"),
    "anonymised_at": _l("Anonimizat la"),
    "waiting_since": _l("În așteptare din"),
    "enrolment_id": _l("Nr. înscriere"),
    "reason": _l("Motivul"),
    "effective_date": _l("Data"),
    "day": _l("Ziua"),
    "meal": _l("Masa"),
    "mark": _l("Marcaj"),
    "source": _l("Sursa"),
    "marked_at": _l("Marcat la"),
    "route": _l("Traseu"),
    "position": _l("Ordinea"),
    "portions": _l("Porții"),
    "name": _l("Numele"),
    "contact": _l("Persoană de contact"),
    "parcel_note": _l("Pachet"),
    "outcome": _l("Rezultat"),
    "failure_reason": _l("Motivul nelivrării"),
    "remark": _l("Observație"),
    "concern": _l("Îngrijorare"),
    "concern_note": _l("Îngrijorarea"),
    "concern_action": _l("Ce s-a făcut"),
    "parcel_type": _l("Tip pachet"),
    "quantity": _l("Cantitate"),
    "method": _l("Mod"),
    "override_reason": _l("Motivul excepției"),
    "campaign": _l("Campanie"),
    "distribution_id": _l("Nr. distribuire"),
    "at": _l("Când"),
    "user": _l("Cine"),
    "entity": _l("Înregistrare"),
    "entity_id": _l("Nr. înregistrare"),
    "action": _l("Acțiune"),
    "old_value": _l("Valoare veche"),
    "new_value": _l("Valoare nouă"),
}

TITLES = {
    "person": _l("Persoana"),
    "enrolments": _l("Înscrieri"),
    "pauses": _l("Suspendări"),
    "status_changes": _l("Schimbări de stare"),
    "attendance": _l("Prezență"),
    "route_stops": _l("Trasee"),
    "deliveries": _l("Livrări"),
    "parcels": _l("Pachete"),
    "campaigns": _l("Campanii"),
    "history": _l("Istoric"),
}


def column_label(key: str) -> str:
    return str(LABELS.get(key) or FIELD_LABELS.get(key) or key)


@dataclass
class Section:
    key: str
    columns: tuple[str, ...]
    rows: list[tuple]

    @property
    def title(self) -> str:
        return str(TITLES[self.key])

    @property
    def headers(self) -> list[str]:
        return [column_label(c) for c in self.columns]


def plain(value):
    """A stored value as a plain one: codes for enums, local time for instants."""
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, datetime):
        if value.tzinfo is not None:
            value = value.astimezone(local_tz()).replace(tzinfo=None)
        return value.replace(microsecond=0)
    if isinstance(value, Decimal):
        return float(value)
    return value


def plain_rows(result) -> list[tuple]:
    return [tuple(plain(v) for v in row) for row in result]
