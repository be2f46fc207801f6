"""One section per kind of record held about a person; each column is named once,
beside the value it reads."""

from dataclasses import dataclass

from sqlalchemy import and_, or_, select
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
_IDENTITY = ("last_name", "first_name", "idnp", "birth_date", "sex")
PERSON_COLUMNS = (
    "id",
    *_IDENTITY,
    "categories",
    "locality",
    *(f for f in PERSON_FIELDS if f not in {*_IDENTITY, "locality_id"}),
    "created_at",
    "updated_at",
    "anonymised_at",
)


@dataclass(frozen=True)
class Kind:
    """One kind of record about a person, read by one query: each column key beside
    what it reads, the tables joined to reach the site (or the enrolment), the column
    naming the person, and the order of the rows."""

    key: str
    columns: dict
    joins: tuple
    person: object
    order: tuple = ()

    def section(self, person_id: int) -> Section:
        query = select(*self.columns.values())
        for table, condition in self.joins:
            query = query.join(table, condition)
        query = query.where(self.person == person_id).order_by(*self.order)
        return Section(self.key, tuple(self.columns), plain_rows(db.session.execute(query)))


def _named(model, *names: str) -> dict:
    return {name: getattr(model, name) for name in names}


def person_section(person: Beneficiary) -> Section:
    locality = db.session.get(Locality, person.locality_id) if person.locality_id else None
    values = {
        **{c: getattr(person, c, None) for c in PERSON_COLUMNS},
        "categories": ", ".join(c.value for c in person.categories),
        "locality": locality.name if locality else None,
    }
    return Section("person", ("field", "value"), [(c, plain(values[c])) for c in PERSON_COLUMNS])


_STOP = (
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

KINDS = (
    Kind(
        "enrolments",
        {
            "id": Enrolment.id,
            "site": Site.name,
            **_named(
                Enrolment,
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
            ),
        },
        ((Site, Site.id == Enrolment.site_id),),
        Enrolment.beneficiary_id,
        (Enrolment.start_date, Enrolment.id),
    ),
    Kind(
        "pauses",
        _named(EnrolmentPause, "enrolment_id", "start_date", "end_date", "reason"),
        ((Enrolment, Enrolment.id == EnrolmentPause.enrolment_id),),
        Enrolment.beneficiary_id,
        (EnrolmentPause.start_date, EnrolmentPause.id),
    ),
    Kind(
        "status_changes",
        _named(EnrolmentStatusChange, "enrolment_id", "status", "effective_date", "reason"),
        ((Enrolment, Enrolment.id == EnrolmentStatusChange.enrolment_id),),
        Enrolment.beneficiary_id,
        (EnrolmentStatusChange.id,),
    ),
    Kind(
        "attendance",
        {
            "day": AttendanceMark.day,
            "site": Site.name,
            **_named(AttendanceMark, "meal", "mark", "source", "reason", "marked_at"),
        },
        ((Site, Site.id == AttendanceMark.site_id),),
        AttendanceMark.beneficiary_id,
        (AttendanceMark.day, AttendanceMark.meal),
    ),
    Kind(
        "route_stops",
        {"route": Route.name, "site": Site.name, **_named(RouteStop, "position", "portions")},
        ((Route, Route.id == RouteStop.route_id), (Site, Site.id == Route.site_id)),
        RouteStop.beneficiary_id,
    ),
    Kind(
        "deliveries",
        {
            "day": DeliveryList.day,
            "route": DeliveryList.route_name,
            "site": Site.name,
            **_named(DeliveryStop, *_STOP),
        },
        (
            (DeliveryList, DeliveryList.id == DeliveryStop.delivery_list_id),
            (Site, Site.id == DeliveryList.site_id),
        ),
        DeliveryStop.beneficiary_id,
        (DeliveryList.day, DeliveryList.id),
    ),
    Kind(
        "parcels",
        {
            "id": Distribution.id,
            "day": Distribution.day,
            "site": Site.name,
            "parcel_type": ParcelType.name,
            **_named(Distribution, "quantity", "status", "method", "override_reason", "created_at"),
        },
        (
            (Site, Site.id == Distribution.site_id),
            (ParcelType, ParcelType.id == Distribution.parcel_type_id),
        ),
        Distribution.beneficiary_id,
        (Distribution.day, Distribution.id),
    ),
    Kind(
        "campaigns",
        {
            "campaign": Campaign.name,
            "day": Campaign.day,
            "site": Site.name,
            "distribution_id": CampaignEntry.distribution_id,
        },
        ((Campaign, Campaign.id == CampaignEntry.campaign_id), (Site, Site.id == Campaign.site_id)),
        CampaignEntry.beneficiary_id,
        (Campaign.day, Campaign.id),
    ),
)


def history_entries(person_id: int) -> list[AuditEntry]:
    """The audit rows about a person: their record, their enrolments, their marks."""
    marks = select(AttendanceMark.id).where(AttendanceMark.beneficiary_id == person_id)
    stops = select(DeliveryStop.id).where(DeliveryStop.beneficiary_id == person_id)
    ids = {e.id for e in person_history(person_id)}
    # rows naming the person reach a cleared (deleted) mark too; a row naming someone
    # else is not theirs, even when that person's deleted mark's id came back for theirs
    more = db.session.scalars(
        select(AuditEntry.id).where(
            or_(
                AuditEntry.person_id == person_id,
                and_(
                    AuditEntry.person_id.is_(None),
                    or_(
                        and_(
                            AuditEntry.entity == "attendance_mark",
                            AuditEntry.entity_id.in_(marks),
                        ),
                        and_(AuditEntry.entity == "delivery_stop", AuditEntry.entity_id.in_(stops)),
                    ),
                ),
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
