"""Everything held about one person, for a data subject's request (Law 133/2011, art. 13).

The data are gathered into plain sections (a key, column keys, rows of plain values) that
exports/person_data.py writes as a workbook and `as_json` turns into JSON. Every export
is recorded in the audit log: who exported whom, and when.
"""

from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from enum import Enum

from flask_babel import lazy_gettext as _l
from sqlalchemy import and_, or_, select
from sqlalchemy.orm import aliased

from app.attendance.models import AttendanceMark
from app.auth.models import User
from app.beneficiaries.labels import FIELD_LABELS
from app.beneficiaries.models import (
    Beneficiary,
    Enrolment,
    EnrolmentPause,
    EnrolmentStatusChange,
)
from app.beneficiaries.services import get_beneficiary, person_history
from app.core import audit
from app.core.clock import local_tz
from app.core.models import AuditEntry
from app.delivery.models import DeliveryList, DeliveryStop, Route, RouteStop
from app.extensions import db
from app.parcels.models import Campaign, CampaignEntry, Distribution, ParcelType
from app.places.models import Locality, Site

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

PERSON_COLUMNS = (
    "id",
    "last_name",
    "first_name",
    "idnp",
    "birth_date",
    "sex",
    "categories",
    "locality",
    "address",
    "latitude",
    "longitude",
    "phone",
    "household_size",
    "disability_degree",
    "lives_alone",
    "can_travel",
    "cannot_travel_reason",
    "inquiry_reference",
    "diet_notes",
    "access_notes",
    "contact_name",
    "contact_phone",
    "consent_date",
    "notes",
    "created_at",
    "updated_at",
    "anonymised_at",
)


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


def _rows(result) -> list[tuple]:
    return [tuple(plain(v) for v in row) for row in result]


def person_data(beneficiary_id: int) -> list[Section]:
    """Every record held about one person, section by section (raises NotFoundError)."""
    person = get_beneficiary(beneficiary_id)
    return [
        _person_section(person),
        _enrolments(person.id),
        _pauses(person.id),
        _status_changes(person.id),
        _attendance(person.id),
        _route_stops(person.id),
        _deliveries(person.id),
        _parcels(person.id),
        _campaigns(person.id),
        _history(person.id),
    ]


def _person_section(person: Beneficiary) -> Section:
    locality = db.session.get(Locality, person.locality_id) if person.locality_id else None
    values = {
        **{c: getattr(person, c, None) for c in PERSON_COLUMNS},
        "categories": ", ".join(c.value for c in person.categories),
        "locality": locality.name if locality else None,
    }
    return Section("person", ("field", "value"), [(c, plain(values[c])) for c in PERSON_COLUMNS])


def _enrolments(person_id: int) -> Section:
    columns = (
        "id",
        "site",
        "service",
        "status",
        "decision_number",
        "decision_date",
        "referral_source",
        "referral_name",
        "start_date",
        "review_date",
        "end_date",
        "exit_reason",
        "waiting_since",
        "created_at",
    )
    query = (
        select(
            Enrolment.id,
            Site.name,
            Enrolment.service,
            Enrolment.status,
            Enrolment.decision_number,
            Enrolment.decision_date,
            Enrolment.referral_source,
            Enrolment.referral_name,
            Enrolment.start_date,
            Enrolment.review_date,
            Enrolment.end_date,
            Enrolment.exit_reason,
            Enrolment.waiting_since,
            Enrolment.created_at,
        )
        .join(Site, Site.id == Enrolment.site_id)
        .where(Enrolment.beneficiary_id == person_id)
        .order_by(Enrolment.start_date, Enrolment.id)
    )
    return Section("enrolments", columns, _rows(db.session.execute(query)))


def _pauses(person_id: int) -> Section:
    query = (
        select(
            EnrolmentPause.enrolment_id,
            EnrolmentPause.start_date,
            EnrolmentPause.end_date,
            EnrolmentPause.reason,
        )
        .join(Enrolment, Enrolment.id == EnrolmentPause.enrolment_id)
        .where(Enrolment.beneficiary_id == person_id)
        .order_by(EnrolmentPause.start_date, EnrolmentPause.id)
    )
    columns = ("enrolment_id", "start_date", "end_date", "reason")
    return Section("pauses", columns, _rows(db.session.execute(query)))


def _status_changes(person_id: int) -> Section:
    query = (
        select(
            EnrolmentStatusChange.enrolment_id,
            EnrolmentStatusChange.status,
            EnrolmentStatusChange.effective_date,
            EnrolmentStatusChange.reason,
        )
        .join(Enrolment, Enrolment.id == EnrolmentStatusChange.enrolment_id)
        .where(Enrolment.beneficiary_id == person_id)
        .order_by(EnrolmentStatusChange.id)
    )
    columns = ("enrolment_id", "status", "effective_date", "reason")
    return Section("status_changes", columns, _rows(db.session.execute(query)))


def _attendance(person_id: int) -> Section:
    query = (
        select(
            AttendanceMark.day,
            Site.name,
            AttendanceMark.meal,
            AttendanceMark.mark,
            AttendanceMark.source,
            AttendanceMark.reason,
            AttendanceMark.marked_at,
        )
        .join(Site, Site.id == AttendanceMark.site_id)
        .where(AttendanceMark.beneficiary_id == person_id)
        .order_by(AttendanceMark.day, AttendanceMark.meal)
    )
    columns = ("day", "site", "meal", "mark", "source", "reason", "marked_at")
    return Section("attendance", columns, _rows(db.session.execute(query)))


def _route_stops(person_id: int) -> Section:
    query = (
        select(Route.name, Site.name, RouteStop.position, RouteStop.portions)
        .join(Route, Route.id == RouteStop.route_id)
        .join(Site, Site.id == Route.site_id)
        .where(RouteStop.beneficiary_id == person_id)
    )
    columns = ("route", "site", "position", "portions")
    return Section("route_stops", columns, _rows(db.session.execute(query)))


def _deliveries(person_id: int) -> Section:
    columns = (
        "day",
        "route",
        "site",
        "position",
        "name",
        "address",
        "phone",
        "contact",
        "contact_phone",
        "diet_notes",
        "access_notes",
        "portions",
        "parcel_note",
        "outcome",
        "failure_reason",
        "remark",
        "concern",
        "concern_note",
        "concern_action",
        "marked_at",
    )
    query = (
        select(
            DeliveryList.day,
            DeliveryList.route_name,
            Site.name,
            DeliveryStop.position,
            DeliveryStop.name,
            DeliveryStop.address,
            DeliveryStop.phone,
            DeliveryStop.contact,
            DeliveryStop.contact_phone,
            DeliveryStop.diet_notes,
            DeliveryStop.access_notes,
            DeliveryStop.portions,
            DeliveryStop.parcel_note,
            DeliveryStop.outcome,
            DeliveryStop.failure_reason,
            DeliveryStop.remark,
            DeliveryStop.concern,
            DeliveryStop.concern_note,
            DeliveryStop.concern_action,
            DeliveryStop.marked_at,
        )
        .join(DeliveryList, DeliveryList.id == DeliveryStop.delivery_list_id)
        .join(Site, Site.id == DeliveryList.site_id)
        .where(DeliveryStop.beneficiary_id == person_id)
        .order_by(DeliveryList.day, DeliveryList.id)
    )
    return Section("deliveries", columns, _rows(db.session.execute(query)))


def _parcels(person_id: int) -> Section:
    columns = (
        "id",
        "day",
        "site",
        "parcel_type",
        "quantity",
        "status",
        "method",
        "override_reason",
        "created_at",
    )
    query = (
        select(
            Distribution.id,
            Distribution.day,
            Site.name,
            ParcelType.name,
            Distribution.quantity,
            Distribution.status,
            Distribution.method,
            Distribution.override_reason,
            Distribution.created_at,
        )
        .join(Site, Site.id == Distribution.site_id)
        .join(ParcelType, ParcelType.id == Distribution.parcel_type_id)
        .where(Distribution.beneficiary_id == person_id)
        .order_by(Distribution.day, Distribution.id)
    )
    return Section("parcels", columns, _rows(db.session.execute(query)))


def _campaigns(person_id: int) -> Section:
    query = (
        select(Campaign.name, Campaign.day, Site.name, CampaignEntry.distribution_id)
        .join(Campaign, Campaign.id == CampaignEntry.campaign_id)
        .join(Site, Site.id == Campaign.site_id)
        .where(CampaignEntry.beneficiary_id == person_id)
        .order_by(Campaign.day, Campaign.id)
    )
    columns = ("campaign", "day", "site", "distribution_id")
    return Section("campaigns", columns, _rows(db.session.execute(query)))


def history_entries(person_id: int) -> list[AuditEntry]:
    """The audit rows about a person: their record, their enrolments, their marks."""
    marks = select(AttendanceMark.id).where(AttendanceMark.beneficiary_id == person_id)
    stops = select(DeliveryStop.id).where(DeliveryStop.beneficiary_id == person_id)
    ids = {e.id for e in person_history(person_id)}
    more = db.session.scalars(
        select(AuditEntry.id).where(
            or_(
                and_(AuditEntry.entity == "attendance_mark", AuditEntry.entity_id.in_(marks)),
                and_(AuditEntry.entity == "delivery_stop", AuditEntry.entity_id.in_(stops)),
            )
        )
    )
    ids.update(more)
    return list(
        db.session.scalars(
            select(AuditEntry).where(AuditEntry.id.in_(ids)).order_by(AuditEntry.at, AuditEntry.id)
        )
    )


def _history(person_id: int) -> Section:
    entries = history_entries(person_id)
    who = aliased(User)
    names = dict(
        db.session.execute(
            select(who.id, who.full_name).where(who.id.in_({e.user_id for e in entries}))
        ).all()
    )
    rows = [
        tuple(
            plain(v)
            for v in (
                e.at,
                names.get(e.user_id),
                e.entity,
                e.entity_id,
                e.action,
                e.field,
                e.old_value,
                e.new_value,
                e.reason,
            )
        )
        for e in entries
    ]
    columns = (
        "at",
        "user",
        "entity",
        "entity_id",
        "action",
        "field",
        "old_value",
        "new_value",
        "reason",
    )
    return Section("history", columns, rows)


def _json_value(value):
    if isinstance(value, (date, datetime)):
        return value.isoformat()
    return value


def as_json(sections: list[Section]) -> dict:
    """The sections as JSON: the person as an object, every other kind as a list."""
    out = {}
    for section in sections:
        if section.key == "person":
            out["person"] = {k: _json_value(v) for k, v in section.rows}
        else:
            out[section.key] = [
                {c: _json_value(v) for c, v in zip(section.columns, row, strict=True)}
                for row in section.rows
            ]
    return out


def record_export(
    beneficiary_id: int, kind: str, *, user_id: int | None = None, via: str | None = None
) -> None:
    """Write down that the person's data left the system: who, whom, when, how."""
    audit.record("beneficiary", beneficiary_id, "export", new=kind, reason=via, user_id=user_id)


def write_workbook(sections: list[Section], target) -> None:
    """The sections as a workbook, the person's fields named in words."""
    from exports.person_data import write_person_data

    plain_sections = []
    for section in sections:
        rows = section.rows
        if section.key == "person":
            rows = [(column_label(k), v) for k, v in rows]
        plain_sections.append((section.title, section.headers, rows))
    write_person_data(plain_sections, target)
