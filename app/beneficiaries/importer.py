"""Excel import of an existing beneficiary list.

Every row is read and validated first; all errors are collected as (row, column,
message) with the row number Excel shows. If any row is wrong nothing is written.
Otherwise the rows are matched to people already in the registry (by IDNP, else by
name and birth date): new people are added, changed fields updated (audited field by
field), and a service column enrols the person at the chosen site. The caller commits.
"""

import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date, datetime
from functools import lru_cache
from typing import IO

from flask_babel import force_locale
from flask_babel import gettext as _
from marshmallow import ValidationError, fields, validate
from sqlalchemy import insert, select
from sqlalchemy.orm import selectinload

from app.beneficiaries import labels as _labels  # noqa: F401 - the Romanian words
from app.beneficiaries import services
from app.beneficiaries.models import (
    LUNCH_SERVICES,
    Beneficiary,
    BeneficiaryCategory,
    Category,
    DisabilityDegree,
    Enrolment,
    EnrolmentStatus,
    EnrolmentStatusChange,
    ReferralSource,
    Sex,
)
from app.beneficiaries.schemas import IDNP, Text
from app.core import audit
from app.core.clock import utcnow
from app.core.errors import NotFoundError
from app.core.labels import LABELS
from app.core.models import AuditEntry
from app.core.schemas import LoadSchema
from app.core.text import fold, person_key
from app.core.xlsx import open_workbook
from app.extensions import db
from app.places.models import Locality, Service, Site

# (header in the file, field name) in template order
COLUMNS = [
    ("Nume", "last_name"),
    ("Prenume", "first_name"),
    ("IDNP", "idnp"),
    ("Data nașterii", "birth_date"),
    ("Sex", "sex"),
    ("Localitate", "locality"),
    ("Raion", "district"),
    ("Adresa", "address"),
    ("Telefon", "phone"),
    ("Mărime gospodărie", "household_size"),
    ("Categorii", "categories"),
    ("Grad dizabilitate", "disability_degree"),
    ("Locuiește singur", "lives_alone"),
    ("Se poate deplasa", "can_travel"),
    ("Motiv", "cannot_travel_reason"),
    ("Ref. anchetă", "inquiry_reference"),
    ("Dietă", "diet_notes"),
    ("Persoană de contact", "contact_name"),
    ("Telefon contact", "contact_phone"),
    ("Data consimțământ", "consent_date"),
    ("Serviciu", "service"),
    ("Nr. decizie", "decision_number"),
    ("Data decizie", "decision_date"),
    ("Sursa trimiterii", "referral_source"),
    ("Data început", "start_date"),
    ("Data revizuire", "review_date"),
]
HEADERS = [header for header, _name in COLUMNS]
HEADER_OF = {name: header for header, name in COLUMNS}
REQUIRED_HEADERS = ("Nume", "Prenume")
PERSON_COLUMNS = (
    "last_name",
    "first_name",
    "idnp",
    "birth_date",
    "sex",
    "address",
    "phone",
    "household_size",
    "disability_degree",
    "lives_alone",
    "can_travel",
    "cannot_travel_reason",
    "inquiry_reference",
    "diet_notes",
    "contact_name",
    "contact_phone",
    "consent_date",
)
YES = {"da", "yes", "1", "true", "x", "+"}
NO = {"nu", "no", "0", "false", "-"}


def _loose(text) -> str:
    """Lower case, no diacritics, single spaces; digits kept (unlike name folding)."""
    decomposed = unicodedata.normalize("NFKD", str(text or "").lower())
    plain = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return " ".join(plain.split())


@lru_cache(maxsize=16)
def _words(enum_cls, extra: tuple[tuple[str, str], ...] = ()) -> dict[str, str]:
    """Accepted spellings of an enum's values: the code and the Romanian word, folded."""
    words = {}
    with force_locale("ro"):  # the file speaks Romanian whatever the user's language
        for member in enum_cls:
            words[_loose(member.value)] = member.value
            if member.value in LABELS:
                words[_loose(str(LABELS[member.value]))] = member.value
    for word, value in extra:
        words[_loose(word)] = value
    return words


class Choice(fields.String):
    """A word from a fixed list, matched ignoring case and diacritics."""

    def __init__(self, words_factory, **kwargs):
        super().__init__(**kwargs)
        self.words_factory = words_factory

    def _deserialize(self, value, attr, data, **kwargs):
        text = _loose(super()._deserialize(value, attr, data, **kwargs))
        if not text:
            return None
        found = self.words_factory().get(text)
        if found is None:
            raise ValidationError(_("Valoare necunoscută: „%(value)s”.", value=value))
        return found


class YesNo(fields.String):
    def _deserialize(self, value, attr, data, **kwargs):
        if isinstance(value, bool):
            return value
        text = _loose(str(value))
        if text in YES:
            return True
        if text in NO:
            return False
        raise ValidationError(_("Scrieți „da” sau „nu”."))


class CategoryList(fields.String):
    def _deserialize(self, value, attr, data, **kwargs):
        words = _words(Category)
        found, unknown = [], []
        for part in str(value).replace(",", ";").split(";"):
            key = _loose(part)
            if not key:
                continue
            if key in words:
                found.append(words[key])
            else:
                unknown.append(part.strip())
        if unknown:
            raise ValidationError(_("Categorie necunoscută: %(names)s.", names=", ".join(unknown)))
        return sorted(set(found))


class ExcelDate(fields.Date):
    """A date cell, or text as 31.12.1950, 31/12/1950 or 1950-12-31."""

    def _deserialize(self, value, attr, data, **kwargs):
        if isinstance(value, datetime):
            return value.date()
        if isinstance(value, date):
            return value
        text = str(value).strip()
        for pattern in ("%d.%m.%Y", "%d/%m/%Y", "%Y-%m-%d", "%d-%m-%Y"):
            try:
                return datetime.strptime(text, pattern).date()
            except ValueError:
                continue
        raise ValidationError(_("Dată nevalidă; scrieți ZZ.LL.AAAA."))


SERVICE_WORDS = {
    "cantina": "lunch",
    "pranz": "lunch",
    "pranz la cantina": "lunch",
    "livrare": "delivery",
    "domiciliu": "delivery",
    "livrare la domiciliu": "delivery",
    "pachete": "parcels",
    "pachet": "parcels",
    "centru de zi": "day_care",
}


class ImportRowSchema(LoadSchema):
    last_name = Text(required=True, validate=validate.Length(min=1, max=80))
    first_name = Text(required=True, validate=validate.Length(min=1, max=80))
    idnp = IDNP()
    birth_date = ExcelDate()
    sex = Choice(lambda: _words(Sex, (("femeie", "F"), ("barbat", "M"))))
    locality = Text(validate=validate.Length(max=80))
    district = Text(validate=validate.Length(max=80))
    address = Text(validate=validate.Length(max=200))
    phone = Text(validate=validate.Length(max=40))
    household_size = fields.Integer(validate=validate.Range(min=1, max=30))
    categories = CategoryList()
    disability_degree = Choice(lambda: _words(DisabilityDegree))
    lives_alone = YesNo()
    can_travel = YesNo()
    cannot_travel_reason = Text(validate=validate.Length(max=200))
    inquiry_reference = Text(validate=validate.Length(max=80))
    diet_notes = Text(validate=validate.Length(max=300))
    contact_name = Text(validate=validate.Length(max=120))
    contact_phone = Text(validate=validate.Length(max=40))
    consent_date = ExcelDate()
    service = Choice(lambda: _words(Service, tuple(SERVICE_WORDS.items())))
    decision_number = Text(validate=validate.Length(max=60))
    decision_date = ExcelDate()
    referral_source = Choice(
        lambda: _words(ReferralSource, (("asistent social", "social_worker"),))
    )
    start_date = ExcelDate()
    review_date = ExcelDate()


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


@dataclass
class ImportResult:
    imported: bool = False
    new: int = 0
    updated: int = 0
    unchanged: int = 0
    enrolled: int = 0
    errors: list[RowError] = field(default_factory=list)


class ImportFileError(Exception):
    """The file cannot be read as the template (not xlsx, headers missing)."""


def _cell(value):
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, int) and not isinstance(value, bool):
        return str(value)
    if isinstance(value, str):
        value = value.strip()
        return value or None
    return value


def read_sheet(source: IO[bytes] | str) -> Iterator[tuple[int, dict]]:
    """Rows of the first sheet as (Excel row number, {field name: cell value})."""
    try:
        workbook = open_workbook(source)  # refuses XML entity declarations
    except Exception as exc:  # noqa: BLE001 - openpyxl raises many kinds for a bad file
        raise ImportFileError(_("Fișierul nu este un tabel Excel (.xlsx) valid.")) from exc
    try:
        sheet = workbook.worksheets[0]
        rows = sheet.iter_rows(values_only=True)
        header_row = next(rows, None) or ()
        by_header = {_loose(str(h)): i for i, h in enumerate(header_row) if h is not None}
        missing = [h for h in REQUIRED_HEADERS if _loose(h) not in by_header]
        if missing:
            raise ImportFileError(
                _("Lipsesc coloanele: %(names)s (rândul 1).", names=", ".join(missing))
            )
        positions = [
            (name, by_header[_loose(header)])
            for header, name in COLUMNS
            if _loose(header) in by_header
        ]
        for number, values in enumerate(rows, start=2):
            record = {}
            for name, index in positions:
                value = _cell(values[index]) if index < len(values) else None
                if value is not None:
                    record[name] = value
            if record:
                yield number, record
    finally:
        workbook.close()


def validate_rows(source: IO[bytes] | str) -> tuple[list[ImportRow], list[RowError]]:
    """Read and check every row; nothing touches the database except locality lookups."""
    schema = ImportRowSchema()
    rows, errors = [], []
    seen_idnp: dict[str, int] = {}
    localities = _locality_index()
    for number, record in read_sheet(source):
        try:
            data = schema.load(record)
        except ValidationError as exc:
            for name, messages in sorted(exc.messages.items()):
                message = messages[0] if isinstance(messages, list) else str(messages)
                errors.append(RowError(number, HEADER_OF.get(name, name), str(message)))
            continue
        problems = _row_problems(number, data, seen_idnp, localities)
        if problems:
            errors.extend(problems)
            continue
        rows.append(ImportRow(number, data))
    if not rows and not errors:
        errors.append(RowError(2, "", _("Fișierul nu are niciun rând cu date.")))
    return rows, errors


def _locality_index() -> dict:
    index: dict = {}
    query = select(Locality).options(selectinload(Locality.district))
    for loc in db.session.scalars(query):
        index.setdefault(_loose(loc.name), []).append(loc)
    return index


def _row_problems(number: int, data: dict, seen_idnp: dict, localities: dict) -> list[RowError]:
    problems = []
    if data.get("idnp"):
        first = seen_idnp.setdefault(data["idnp"], number)
        if first != number:
            problems.append(
                RowError(number, "IDNP", _("IDNP repetat în fișier (rândul %(row)s).", row=first))
            )
    if data.get("locality"):
        found = localities.get(_loose(data["locality"]), [])
        if data.get("district"):
            found = [loc for loc in found if _loose(loc.district.name) == _loose(data["district"])]
        if len(found) != 1:
            message = (
                _("Localitatea nu există în registru.")
                if not found
                else _("Sunt mai multe localități cu acest nume; completați raionul.")
            )
            problems.append(RowError(number, "Localitate", message))
        else:
            data["locality_id"] = found[0].id
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


def _person_values(data: dict) -> dict:
    values = {name: data[name] for name in PERSON_COLUMNS if name in data}
    for name in ("sex", "disability_degree"):
        if name in values:
            values[name] = (Sex if name == "sex" else DisabilityDegree)(values[name])
    if "locality_id" in data:
        values["locality_id"] = data["locality_id"]
    if "categories" in data:
        values["categories"] = data["categories"]
    return values


def _differs(person: Beneficiary, values: dict) -> bool:
    for name, value in values.items():
        current = (
            [c.value for c in person.categories] if name == "categories" else getattr(person, name)
        )
        if audit._text(current) != audit._text(value):
            return True
    return False


def import_beneficiaries(
    source: IO[bytes] | str, site_id: int, *, dry_run: bool = False, user_id: int | None = None
) -> ImportResult:
    """Validate a file, then (unless dry_run or any error) import it in the current
    transaction. Returns the counts of new, updated and unchanged people."""
    site = db.session.get(Site, site_id)
    if site is None:
        raise NotFoundError(_("Centrul nu a fost găsit."))
    rows, errors = validate_rows(source)
    result = ImportResult(errors=errors)
    if errors:
        return result
    _match(rows)
    existing = _load_people({row.match_id for row in rows if row.match_id})
    for row in rows:
        if row.match_id is None:
            result.new += 1
        elif _differs(existing[row.match_id], _person_values(row.data)):
            result.updated += 1
        else:
            result.unchanged += 1
    enrolment_errors = _enrolment_problems(rows, site)
    if enrolment_errors:
        result.errors = enrolment_errors
        return result
    if dry_run:
        return result
    result.enrolled = _apply(rows, existing, site, user_id)
    result.imported = True
    return result


def _match(rows: list[ImportRow]) -> None:
    """Find each row's person: by IDNP, else by name keys and birth date."""
    idnps = {row.data["idnp"] for row in rows if row.data.get("idnp")}
    by_idnp = {}
    for chunk in _chunks(sorted(idnps)):
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
    for chunk in _chunks(sorted(keys)):
        found = db.session.execute(
            select(Beneficiary.person_key, Beneficiary.birth_date, Beneficiary.id)
            .where(Beneficiary.person_key.in_(chunk))
            .order_by(Beneficiary.id)
        )
        for key, birth, person_id in found:
            by_name.setdefault((key, birth), person_id)
    for row in rows:
        idnp = row.data.get("idnp")
        if idnp and idnp in by_idnp:
            row.match_id = by_idnp[idnp]
        else:
            key = (
                person_key(row.data["first_name"], row.data["last_name"]),
                row.data.get("birth_date"),
            )
            row.match_id = by_name.get(key)


def _chunks(values: list, size: int = 500):
    for start in range(0, len(values), size):
        yield values[start : start + size]


def _load_people(ids: set[int]) -> dict[int, Beneficiary]:
    people = {}
    for chunk in _chunks(sorted(ids)):
        query = (
            select(Beneficiary)
            .where(Beneficiary.id.in_(chunk))
            .options(selectinload(Beneficiary.category_rows))
        )
        people.update({p.id: p for p in db.session.scalars(query)})
    return people


def _enrolment_problems(rows: list[ImportRow], site: Site) -> list[RowError]:
    """Rows whose service the site does not offer, or a lunch place held elsewhere."""
    problems = []
    matched = [row.match_id for row in rows if row.match_id]
    holders = {}
    for chunk in _chunks(sorted(set(matched))):
        holders.update(
            db.session.execute(
                select(Enrolment.beneficiary_id, Site.name)
                .join(Site, Site.id == Enrolment.site_id)
                .where(
                    Enrolment.beneficiary_id.in_(chunk),
                    Enrolment.status == EnrolmentStatus.ACTIVE,
                    Enrolment.service.in_(LUNCH_SERVICES),
                    Enrolment.site_id != site.id,
                )
            ).all()
        )
    lunch_rows: dict[int, int] = {}
    for row in rows:
        service = row.data.get("service")
        if not service:
            continue
        if not site.offers(Service(service)):
            problems.append(RowError(row.number, "Serviciu", _("Centrul nu oferă acest serviciu.")))
        elif Service(service) in LUNCH_SERVICES:
            if row.match_id in holders:
                problems.append(
                    RowError(
                        row.number,
                        "Serviciu",
                        _(
                            "Persoana are deja un loc activ la prânz la %(site)s.",
                            site=holders[row.match_id],
                        ),
                    )
                )
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


def _apply(
    rows: list[ImportRow], existing: dict[int, Beneficiary], site: Site, user_id: int | None
) -> int:
    actor = audit._actor_id(user_id)
    for row in rows:
        if row.match_id is None:
            continue
        person = existing[row.match_id]
        values = _person_values(row.data)
        if _differs(person, values):
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
        values = _person_values(row.data)
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
                Enrolment.site_id == site.id, Enrolment.status != EnrolmentStatus.EXITED
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


def error_lines(errors: list[RowError]) -> list[str]:
    """One line per error: row, column, message (for the command line)."""
    return [
        _(
            "rândul %(row)s, coloana „%(column)s”: %(message)s",
            row=e.row,
            column=e.column,
            message=e.message,
        )
        for e in errors
    ]


def write_template(target) -> None:
    """The import template with one example row and the accepted values."""
    from exports.beneficiaries_template import write_beneficiaries_template

    example = {
        "last_name": "Țurcanu",
        "first_name": "Ștefan",
        "idnp": "2002001234563",
        "birth_date": date(1950, 5, 2),
        "sex": "M",
        "locality": "Lăpușna",
        "district": "Hîncești",
        "address": "str. Livezilor 4",
        "phone": "069123456",
        "household_size": 1,
        "categories": "solitary_elderly; disability",
        "disability_degree": "accentuated",
        "lives_alone": "da",
        "can_travel": "nu",
        "cannot_travel_reason": "se deplasează greu",
        "inquiry_reference": "AS-2026/14",
        "diet_notes": "diabetic",
        "contact_name": "Maria Țurcanu (fiică)",
        "contact_phone": "079111222",
        "consent_date": date(2026, 1, 10),
        "service": "delivery",
        "decision_number": "145",
        "decision_date": date(2026, 1, 8),
        "referral_source": "social_worker",
        "start_date": date(2026, 1, 12),
        "review_date": date(2026, 12, 31),
    }
    with force_locale("ro"):
        notes = [
            ("Nume, Prenume", "obligatorii"),
            ("IDNP", "13 cifre, opțional; dacă există, persoana se recunoaște după el"),
            ("Date", "ZZ.LL.AAAA sau celulă de tip dată"),
            ("Sex", "F sau M"),
            ("Localitate, Raion", "ca în registrul de localități"),
            ("Categorii", "separate prin ; — " + ", ".join(c.value for c in Category)),
            ("Grad dizabilitate", ", ".join(d.value for d in DisabilityDegree)),
            ("Locuiește singur, Se poate deplasa", "da / nu"),
            ("Serviciu", ", ".join(s.value for s in Service) + " (gol: fără înscriere)"),
            ("Sursa trimiterii", ", ".join(r.value for r in ReferralSource)),
            ("Data consimțământ", "obligatorie pentru înscriere la un serviciu"),
        ]
    write_beneficiaries_template(
        target, HEADERS, [[example.get(name) for _h, name in COLUMNS]], notes
    )
