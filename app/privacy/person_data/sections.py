"""One section per kind of record held about a person; each column is named once,
beside the value it reads."""

from collections.abc import Callable

from sqlalchemy import Select, and_, or_, select
from sqlalchemy.orm import aliased

from app.attendance.models import AttendanceMark
from app.auth.models import User
from app.beneficiaries.models import (
    Beneficiary,
    Enrolment,
    EnrolmentPause,
    EnrolmentStatusChange,
)
from app.beneficiaries.services import PERSON_FIELDS, person_history
from app.core.models import AuditEntry
from app.delivery.models import DeliveryList, DeliveryStop, Route, RouteStop
from app.extensions import db
from app.parcels.models import Campaign, CampaignEntry, Distribution, ParcelType
from app.places.models import Locality, Site
from app.privacy.person_data.words import Section, plain, plain_rows

# the person's own fields, in the registry's order, with what the export adds
_NAMED = ("last_name", "first_name", "idnp", "birth_date", "sex")
PERSON_COLUMNS = (
    "id",
    *_NAMED,
    "categories",
    "locality",
    *(f for f in PERSON_FIELDS if f not in {*_NAMED, "locality_id"}),
    "created_at",
    "updated_at",
    "anonymised_at",
)


def _section(key: str, columns: dict, shape: Callable[[Select], Select]) -> Section:
    """A section read by one query: `columns` maps each column key to what it reads,
    `shape` adds the joins, the person's condition and the order."""
    query = shape(select(*columns.values()))
    return Section(key, tuple(columns), plain_rows(db.session.execute(query)))


def person_section(person: Beneficiary) -> Section:
    locality = db.session.get(Locality, person.locality_id) if person.locality_id else None
    values = {
        **{c: getattr(person, c, None) for c in PERSON_COLUMNS},
        "categories": ", ".join(c.value for c in person.categories),
        "locality": locality.name if locality else None,
    }
    return Section("person", ("field", "value"), [(c, plain(values[c])) for c in PERSON_COLUMNS])


def enrolments(person_id: int) -> Section:
    names = ("service", "status", "decision_number", "decision_date", "referral_source")
    more = ("referral_name", "start_date", "review_date", "end_date", "exit_reason")
    columns = {
        "id": Enrolment.id,
        "site": Site.name,
        **{name: getattr(Enrolment, name) for name in (*names, *more)},
        "waiting_since": Enrolment.waiting_since,
        "created_at": Enrolment.created_at,
    }
    return _section(
        "enrolments",
        columns,
        lambda q: (
            q.join(Site, Site.id == Enrolment.site_id)
            .where(Enrolment.beneficiary_id == person_id)
            .order_by(Enrolment.start_date, Enrolment.id)
        ),
    )


def _of_enrolments(key: str, model, names: tuple[str, ...], order) -> Callable[[int], Section]:
    def section(person_id: int) -> Section:
        return _section(
            key,
            {name: getattr(model, name) for name in names},
            lambda q: (
                q.join(Enrolment, Enrolment.id == model.enrolment_id)
                .where(Enrolment.beneficiary_id == person_id)
                .order_by(*order)
            ),
        )

    return section


pauses = _of_enrolments(
    "pauses",
    EnrolmentPause,
    ("enrolment_id", "start_date", "end_date", "reason"),
    (EnrolmentPause.start_date, EnrolmentPause.id),
)
status_changes = _of_enrolments(
    "status_changes",
    EnrolmentStatusChange,
    ("enrolment_id", "status", "effective_date", "reason"),
    (EnrolmentStatusChange.id,),
)


def attendance(person_id: int) -> Section:
    mark = AttendanceMark
    columns = {"day": mark.day, "site": Site.name}
    columns.update({name: getattr(mark, name) for name in ("meal", "mark", "source", "reason")})
    columns["marked_at"] = mark.marked_at
    return _section(
        "attendance",
        columns,
        lambda q: (
            q.join(Site, Site.id == mark.site_id)
            .where(mark.beneficiary_id == person_id)
            .order_by(mark.day, mark.meal)
        ),
    )


def route_stops(person_id: int) -> Section:
    columns = {
        "route": Route.name,
        "site": Site.name,
        "position": RouteStop.position,
        "portions": RouteStop.portions,
    }
    return _section(
        "route_stops",
        columns,
        lambda q: (
            q.join(Route, Route.id == RouteStop.route_id)
            .join(Site, Site.id == Route.site_id)
            .where(RouteStop.beneficiary_id == person_id)
        ),
    )


STOP_COLUMNS = (
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


def deliveries(person_id: int) -> Section:
    columns = {"day": DeliveryList.day, "route": DeliveryList.route_name, "site": Site.name}
    columns.update({name: getattr(DeliveryStop, name) for name in STOP_COLUMNS})
    return _section(
        "deliveries",
        columns,
        lambda q: (
            q.join(DeliveryList, DeliveryList.id == DeliveryStop.delivery_list_id)
            .join(Site, Site.id == DeliveryList.site_id)
            .where(DeliveryStop.beneficiary_id == person_id)
            .order_by(DeliveryList.day, DeliveryList.id)
        ),
    )


def parcels(person_id: int) -> Section:
    given = ("quantity", "status", "method", "override_reason", "created_at")
    columns = {
        "id": Distribution.id,
        "day": Distribution.day,
        "site": Site.name,
        "parcel_type": ParcelType.name,
        **{name: getattr(Distribution, name) for name in given},
    }
    return _section(
        "parcels",
        columns,
        lambda q: (
            q.join(Site, Site.id == Distribution.site_id)
            .join(ParcelType, ParcelType.id == Distribution.parcel_type_id)
            .where(Distribution.beneficiary_id == person_id)
            .order_by(Distribution.day, Distribution.id)
        ),
    )


def campaigns(person_id: int) -> Section:
    columns = {
        "campaign": Campaign.name,
        "day": Campaign.day,
        "site": Site.name,
        "distribution_id": CampaignEntry.distribution_id,
    }
    return _section(
        "campaigns",
        columns,
        lambda q: (
            q.join(Campaign, Campaign.id == CampaignEntry.campaign_id)
            .join(Site, Site.id == Campaign.site_id)
            .where(CampaignEntry.beneficiary_id == person_id)
            .order_by(Campaign.day, Campaign.id)
        ),
    )


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


HISTORY_COLUMNS = ("entity", "entity_id", "action", "field", "old_value", "new_value", "reason")


def history(person_id: int) -> Section:
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
            for v in (e.at, names.get(e.user_id), *(getattr(e, c) for c in HISTORY_COLUMNS))
        )
        for e in entries
    ]
    return Section("history", ("at", "user", *HISTORY_COLUMNS), rows)
