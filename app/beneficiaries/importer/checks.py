"""Checking the rows: the schema, the file's own consistency, then the registry.

`parse_rows` needs no database. `check_rows` only reads it: localities, which person
each row is, whether the user may edit that person, and whether the enrolment can be
made. A row the user may not act on is an error that names only its row and column.
"""

from dataclasses import dataclass, field
from typing import IO

from flask_babel import gettext as _
from marshmallow import ValidationError
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from app.beneficiaries.importer.reading import HEADER_OF, _loose, read_sheet
from app.beneficiaries.importer.rows import ImportRowSchema, differs, person_values
from app.beneficiaries.models import (
    LUNCH_SERVICES,
    Beneficiary,
    Enrolment,
    EnrolmentStatus,
)
from app.core.models import AuditEntry
from app.core.text import person_key
from app.extensions import db
from app.places.models import Locality, Service, Site


@dataclass
class RowError:
    row: int
    column: str
    message: str


@dataclass
class ImportRow:
    number: int  # as Excel shows it
    data: dict
    match_id: int | None = None
    failed: bool = False  # has an error already; kept only for the locality check
    changed: bool = False  # matched, and the file changes some of the person's fields


@dataclass
class ImportResult:
    imported: bool = False
    new: int = 0
    updated: int = 0
    unchanged: int = 0
    enrolled: int = 0
    errors: list[RowError] = field(default_factory=list)


def chunks(values: list, size: int = 500):
    for start in range(0, len(values), size):
        yield values[start : start + size]


def parse_rows(source: IO[bytes] | str, progress=None) -> tuple[list[ImportRow], list[RowError]]:
    """Read and check every row against the schema and the file itself (no database).

    `progress(number)` hears of every 500th row read."""
    schema = ImportRowSchema()
    rows, errors = [], []
    seen_idnp: dict[str, int] = {}
    for number, record in read_sheet(source):
        if progress is not None and number % 500 == 0:
            progress(number)
        try:
            data = schema.load(record)
        except ValidationError as exc:
            for name, messages in sorted(exc.messages.items()):
                message = messages[0] if isinstance(messages, list) else str(messages)
                errors.append(RowError(number, HEADER_OF.get(name, name), str(message)))
            continue
        problems = _row_problems(number, data, seen_idnp)
        errors.extend(problems)
        rows.append(ImportRow(number, data, failed=bool(problems)))
    if not rows and not errors:
        errors.append(RowError(2, "", _("Fișierul nu are niciun rând cu date.")))
    return rows, errors


def validate_rows(source: IO[bytes] | str) -> tuple[list[ImportRow], list[RowError]]:
    """Read and check every row; nothing touches the database except locality lookups."""
    rows, errors = parse_rows(source)
    rows, located = _locate(rows)
    rows = [row for row in rows if not row.failed]
    return rows, sorted(errors + located, key=lambda e: e.row)


def _row_problems(number: int, data: dict, seen_idnp: dict) -> list[RowError]:
    problems = []
    if data.get("idnp"):
        first = seen_idnp.setdefault(data["idnp"], number)
        if first != number:
            problems.append(
                RowError(number, "IDNP", _("IDNP repetat în fișier (rândul %(row)s).", row=first))
            )
    if data.get("can_travel") is False and not data.get("cannot_travel_reason"):
        problems.append(
            RowError(number, "Motiv", _("Scrieți motivul pentru care nu se poate deplasa."))
        )
    if data.get("service"):
        if not data.get("start_date"):
            problems.append(RowError(number, "Data început", _("Câmp obligatoriu.")))
        if not data.get("consent_date"):
            problems.append(
                RowError(
                    number,
                    "Data consimțământ",
                    _("Fără consimțământ persoana nu poate fi înscrisă."),
                )
            )
    return problems


def _locate(rows: list[ImportRow]) -> tuple[list[ImportRow], list[RowError]]:
    """Resolve each row's locality (and district) to the registry's one."""
    if not any(row.data.get("locality") for row in rows):
        return rows, []
    index: dict = {}
    query = select(Locality).options(selectinload(Locality.district))
    for loc in db.session.scalars(query):
        index.setdefault(_loose(loc.name), []).append(loc)
    kept, problems = [], []
    for row in rows:
        data = row.data
        if data.get("locality"):
            found = index.get(_loose(data["locality"]), [])
            if data.get("district"):
                wanted = _loose(data["district"])
                found = [loc for loc in found if _loose(loc.district.name) == wanted]
            if len(found) != 1:
                message = (
                    _("Localitatea nu există în registru.")
                    if not found
                    else _("Sunt mai multe localități cu acest nume; completați raionul.")
                )
                problems.append(RowError(row.number, "Localitate", message))
                continue
            data["locality_id"] = found[0].id
        kept.append(row)
    return kept, problems


def _match(rows: list[ImportRow]) -> dict[int, str]:
    """Find each row's person: by IDNP, else by name keys and birth date.

    Returns, for each matched row number, the column the match came from."""
    idnps = {row.data["idnp"] for row in rows if row.data.get("idnp")}
    by_idnp = {}
    for chunk in chunks(sorted(idnps)):
        by_idnp.update(
            db.session.execute(
                select(Beneficiary.idnp, Beneficiary.id).where(Beneficiary.idnp.in_(chunk))
            ).all()
        )
    keys = {
        person_key(row.data["first_name"], row.data["last_name"])
        for row in rows
        if not row.data.get("idnp") or row.data["idnp"] not in by_idnp
    }
    by_name: dict = {}
    for chunk in chunks(sorted(keys)):
        found = db.session.execute(
            select(Beneficiary.person_key, Beneficiary.birth_date, Beneficiary.id)
            .where(Beneficiary.person_key.in_(chunk))
            .order_by(Beneficiary.id)
        )
        for key, birth, person_id in found:
            by_name.setdefault((key, birth), person_id)
    matched_by = {}
    for row in rows:
        idnp = row.data.get("idnp")
        if idnp and idnp in by_idnp:
            row.match_id = by_idnp[idnp]
            matched_by[row.number] = "IDNP"
        else:
            key = (
                person_key(row.data["first_name"], row.data["last_name"]),
                row.data.get("birth_date"),
            )
            row.match_id = by_name.get(key)
            if row.match_id is not None:
                matched_by[row.number] = "Nume"
    return matched_by


def editable_people(ids: set[int], site_ids: set[int] | None, user_id: int | None) -> set[int]:
    """Of these people, those the user may edit: the registry's rule for staff (enrolled,
    in any status, at one of their sites, or added by them); everyone for None."""
    if site_ids is None:
        return set(ids)
    allowed: set[int] = set()
    for chunk in chunks(sorted(ids)):
        allowed.update(
            db.session.scalars(
                select(Enrolment.beneficiary_id).where(
                    Enrolment.beneficiary_id.in_(chunk), Enrolment.site_id.in_(sorted(site_ids))
                )
            )
        )
        if user_id is not None:
            allowed.update(
                db.session.scalars(
                    select(AuditEntry.entity_id).where(
                        AuditEntry.entity == "beneficiary",
                        AuditEntry.action == "create",
                        AuditEntry.user_id == user_id,
                        AuditEntry.entity_id.in_(chunk),
                    )
                )
            )
    return allowed


def _not_editable_message(column: str) -> str:
    if column == "IDNP":
        return _(
            "Rândul nu poate fi importat: o persoană cu acest IDNP este deja înregistrată; "
            "adresați-vă unui manager."
        )
    return _(
        "Rândul nu poate fi importat: o persoană cu acest nume și această dată a nașterii "
        "este deja înregistrată; adresați-vă unui manager."
    )


def _refuse_others(
    rows: list[ImportRow], matched_by: dict[int, str], site_ids, user_id
) -> tuple[list[ImportRow], list[RowError]]:
    """Rows matching someone the user may not edit become errors, saying only that."""
    matched = {row.match_id for row in rows if row.match_id is not None}
    allowed = editable_people(matched, site_ids, user_id)
    kept, problems = [], []
    for row in rows:
        if row.match_id is not None and row.match_id not in allowed:
            column = matched_by[row.number]
            problems.append(RowError(row.number, column, _not_editable_message(column)))
        else:
            kept.append(row)
    return kept, problems


def load_people(ids: set[int]) -> dict[int, Beneficiary]:
    people = {}
    for chunk in chunks(sorted(ids)):
        query = (
            select(Beneficiary)
            .where(Beneficiary.id.in_(chunk))
            .options(selectinload(Beneficiary.category_rows))
        )
        people.update({p.id: p for p in db.session.scalars(query)})
    return people


def _enrolment_problems(rows: list[ImportRow], site: Site, site_ids) -> list[RowError]:
    """Rows whose service the site does not offer, or a lunch place held elsewhere.

    The other site is named only to a user who may see it."""
    problems = []
    matched = [row.match_id for row in rows if row.match_id]
    holders: dict[int, tuple[int, str]] = {}
    for chunk in chunks(sorted(set(matched))):
        found = db.session.execute(
            select(Enrolment.beneficiary_id, Site.id, Site.name)
            .join(Site, Site.id == Enrolment.site_id)
            .where(
                Enrolment.beneficiary_id.in_(chunk),
                Enrolment.status == EnrolmentStatus.ACTIVE,
                Enrolment.service.in_(LUNCH_SERVICES),
                Enrolment.site_id != site.id,
            )
        )
        holders.update({person: (sid, name) for person, sid, name in found})
    lunch_rows: dict[int, int] = {}
    for row in rows:
        service = row.data.get("service")
        if not service:
            continue
        if not site.offers(Service(service)):
            problems.append(RowError(row.number, "Serviciu", _("Centrul nu oferă acest serviciu.")))
        elif Service(service) in LUNCH_SERVICES:
            if row.match_id in holders:
                message = _lunch_held(*holders[row.match_id], site_ids)
                problems.append(RowError(row.number, "Serviciu", message))
            elif row.match_id is not None:
                first = lunch_rows.setdefault(row.match_id, row.number)
                if first != row.number:
                    problems.append(
                        RowError(
                            row.number,
                            "Serviciu",
                            _("Persoana apare de două ori (rândul %(row)s).", row=first),
                        )
                    )
    return problems


def _lunch_held(holder_site_id: int, holder_site: str, site_ids: set[int] | None) -> str:
    if site_ids is None or holder_site_id in site_ids:
        return _("Persoana are deja un loc activ la prânz la %(site)s.", site=holder_site)
    return _("Persoana are deja un loc activ la prânz în program.")


def check_rows(
    rows: list[ImportRow], site: Site, site_ids: set[int] | None, user_id: int | None
) -> tuple[list[ImportRow], list[RowError], ImportResult]:
    """Check the parsed rows against the registry (reads only) and count what would
    change. Returns the rows to write, the errors, and the counts."""
    rows, problems = _locate(rows)
    rows = [row for row in rows if not row.failed]
    matched_by = _match(rows)
    rows, refused = _refuse_others(rows, matched_by, site_ids, user_id)
    problems += refused
    existing = load_people({row.match_id for row in rows if row.match_id})
    result = ImportResult()
    for row in rows:
        if row.match_id is None:
            result.new += 1
        elif differs(existing[row.match_id], person_values(row.data)):
            row.changed = True
            result.updated += 1
        else:
            result.unchanged += 1
    problems += _enrolment_problems(rows, site, site_ids)
    return rows, problems, result
