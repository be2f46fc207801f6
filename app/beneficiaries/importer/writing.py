"""Writing checked rows, one short transaction per batch.

Each batch reloads its people, so what it writes is what is in the registry now; the
registry's own functions keep the name keys, audit snapshots and place counts.
"""

from flask_babel import gettext as _
from sqlalchemy import insert, select

from app.beneficiaries import services
from app.beneficiaries.importer.checks import ImportRow, load_people
from app.beneficiaries.importer.rows import PERSON_COLUMNS, differs, person_values
from app.beneficiaries.models import (
    Beneficiary,
    BeneficiaryCategory,
    Category,
    Enrolment,
    EnrolmentStatus,
    EnrolmentStatusChange,
    ReferralSource,
)
from app.core import audit
from app.core.clock import utcnow
from app.core.models import AuditEntry
from app.core.text import fold, person_key
from app.extensions import db
from app.places.models import Service, Site


def write_batch(rows: list[ImportRow], site: Site, user_id: int | None) -> int:
    """Update, add and enrol the people of some checked rows; returns the enrolments made."""
    actor = audit._actor_id(user_id)
    # only the people to change, or to mark as not travelling, need loading
    existing = load_people(
        {
            row.match_id
            for row in rows
            if row.match_id is not None
            and (row.changed or row.data.get("service") == Service.DELIVERY.value)
        }
    )
    for row in rows:
        if row.match_id is None or not row.changed:
            continue
        person = existing[row.match_id]
        values = person_values(row.data)
        if differs(person, values):
            before = services.person_snapshot(person)
            _set_person(person, values, actor)
            audit.record_changes(
                "beneficiary",
                person.id,
                before,
                services.person_snapshot(person),
                reason=_("import Excel"),
                user_id=actor,
            )
    db.session.flush()
    _insert_new_people([row for row in rows if row.match_id is None], actor)
    return _enrol_rows(rows, existing, site, actor)


NEW_PERSON_DEFAULTS = {"address": "", "lives_alone": False, "can_travel": True}


def _insert_new_people(rows: list[ImportRow], actor: int | None) -> None:
    """Insert new people in bulk (one statement per table), audited as created."""
    if not rows:
        return
    now = utcnow()
    records, categories = [], []
    for row in rows:
        values = person_values(row.data)
        categories.append(values.pop("categories", []))
        record = {name: None for name in (*PERSON_COLUMNS, "locality_id")}
        record.update({k: v for k, v in NEW_PERSON_DEFAULTS.items()})
        record.update({k: v for k, v in values.items() if v is not None})
        if row.data.get("service") == Service.DELIVERY.value:
            record["can_travel"] = False
        record["first_name_key"] = fold(record["first_name"])
        record["last_name_key"] = fold(record["last_name"])
        record["person_key"] = person_key(record["first_name"], record["last_name"])
        record["consent_recorded_by_id"] = actor if record["consent_date"] else None
        record["created_at"] = record["updated_at"] = now
        records.append(record)
    ids = list(
        db.session.scalars(
            insert(Beneficiary).returning(Beneficiary.id, sort_by_parameter_order=True),
            records,
        )
    )
    for row, person_id in zip(rows, ids, strict=True):
        row.match_id = person_id
    links = [
        {"beneficiary_id": person_id, "category": Category(c)}
        for person_id, chosen in zip(ids, categories, strict=True)
        for c in chosen
    ]
    if links:
        db.session.execute(insert(BeneficiaryCategory), links)
    reason = _("import Excel")
    db.session.execute(
        insert(AuditEntry),
        [
            {
                "at": now,
                "user_id": actor,
                "entity": "beneficiary",
                "entity_id": person_id,
                "action": "create",
                "field": None,
                "old_value": None,
                "new_value": f"{record['last_name']} {record['first_name']}",
                "reason": reason,
                "site_id": None,
            }
            for person_id, record in zip(ids, records, strict=True)
        ],
    )


def _set_person(person: Beneficiary, values: dict, actor: int | None) -> None:
    for name, value in values.items():
        if name != "categories":
            setattr(person, name, value)
    if "consent_date" in values and person.consent_recorded_by_id is None:
        person.consent_recorded_by_id = actor
    if "categories" in values:
        wanted = set(values["categories"])
        for row in list(person.category_rows):
            if row.category.value not in wanted:
                person.category_rows.remove(row)
        have = {row.category.value for row in person.category_rows}
        for category in sorted(wanted - have):
            person.category_rows.append(BeneficiaryCategory(category=Category(category)))
    services.sync_keys(person)


def _enrol_rows(
    rows: list[ImportRow], people: dict[int, Beneficiary], site: Site, actor: int | None
) -> int:
    """Enrol rows with a service, unless already enrolled there; full services queue."""
    wanted = [row for row in rows if row.data.get("service")]
    if not wanted:
        return 0
    already = set(
        db.session.execute(
            select(Enrolment.beneficiary_id, Enrolment.service).where(
                Enrolment.site_id == site.id,
                Enrolment.status != EnrolmentStatus.EXITED,
                Enrolment.beneficiary_id.in_(sorted({row.match_id for row in wanted})),
            )
        ).all()
    )
    taken = {s.service: services.places_taken(site.id, s.service) for s in site.services}
    records = []
    now = utcnow()
    for row in wanted:
        service = Service(row.data["service"])
        if (row.match_id, service) in already:
            continue
        already.add((row.match_id, service))
        capacity = site.capacity(service)
        waiting = capacity is not None and taken[service] >= capacity
        if not waiting:
            taken[service] += 1
        if service == Service.DELIVERY and row.match_id in people:
            people[row.match_id].can_travel = False
        referral = row.data.get("referral_source")
        records.append(
            {
                "beneficiary_id": row.match_id,
                "site_id": site.id,
                "service": service,
                "status": EnrolmentStatus.WAITING if waiting else EnrolmentStatus.ACTIVE,
                "decision_number": row.data.get("decision_number"),
                "decision_date": row.data.get("decision_date"),
                "referral_source": ReferralSource(referral) if referral else None,
                "referral_name": None,
                "start_date": row.data["start_date"],
                "review_date": row.data.get("review_date"),
                "end_date": None,
                "exit_reason": None,
                "waiting_since": now if waiting else None,
                "created_at": now,
            }
        )
    if not records:
        return 0
    db.session.flush()
    ids = list(
        db.session.scalars(
            insert(Enrolment).returning(Enrolment.id, sort_by_parameter_order=True), records
        )
    )
    reason = _("import Excel")
    db.session.execute(
        insert(EnrolmentStatusChange),
        [
            {
                "enrolment_id": enrolment_id,
                "status": record["status"].value,
                "effective_date": record["start_date"],
                "reason": reason,
                "changed_by_id": actor,
                "changed_at": now,
            }
            for enrolment_id, record in zip(ids, records, strict=True)
        ],
    )
    db.session.execute(
        insert(AuditEntry),
        [
            {
                "at": now,
                "user_id": actor,
                "entity": "enrolment",
                "entity_id": enrolment_id,
                "action": "create",
                "field": "status",
                "old_value": None,
                "new_value": record["status"].value,
                "reason": f"{site.name}: {record['service'].value} (import)",
                "site_id": site.id,
            }
            for enrolment_id, record in zip(ids, records, strict=True)
        ],
    )
    return len(records)
