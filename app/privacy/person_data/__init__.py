"""Everything held about one person, for a data subject's request (Law 133/2011, art. 13).

The data are gathered into plain sections (a key, column keys, rows of plain values) that
exports/person_data.py writes as a workbook and `as_json` turns into JSON. Every export
is recorded in the audit log: who exported whom, and when. The sections are read in
sections.py; their words are in words.py.
"""

from datetime import date, datetime

from app.beneficiaries.services import get_beneficiary
from app.core import audit
from app.privacy.person_data import sections as read
from app.privacy.person_data.sections import PERSON_COLUMNS, history_entries
from app.privacy.person_data.words import LABELS, TITLES, Section, column_label, plain

__all__ = [
    "LABELS",
    "PERSON_COLUMNS",
    "TITLES",
    "Section",
    "as_json",
    "column_label",
    "history_entries",
    "person_data",
    "plain",
    "record_export",
    "write_workbook",
]


def person_data(beneficiary_id: int) -> list[Section]:
    """Every record held about one person, section by section (raises NotFoundError)."""
    person = get_beneficiary(beneficiary_id)
    return [
        read.person_section(person),
        *(kind.section(person.id) for kind in read.KINDS),
        read.history(person.id),
    ]


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
