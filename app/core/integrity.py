"""A database constraint that refused a write, told as a 409 with the field it concerns.

Services check for duplicates before they write, but two people saving the same name
at the same moment both pass the check; the unique constraint then refuses the second.
That is a conflict for the user to resolve, not a fault of the service: the API answers
409 with a message on the field, a page shows its form again with the message.

The constraint is found by its name on PostgreSQL (uq_<table>_<columns>, from the
naming convention) and by its table and columns in SQLite's message. Only the name
is logged: the database's own message may quote the values (a name, an IDNP).
"""

import logging
import re
from functools import cache

from flask_babel import lazy_gettext as _l
from sqlalchemy import UniqueConstraint
from sqlalchemy.exc import IntegrityError

from app.core.db import constraint_name
from app.core.errors import DomainError
from app.extensions import db

log = logging.getLogger(__name__)

# the constraints a person can run into, with the field they concern and what to say
UNIQUE_FIELDS = {
    "uq_beneficiary_idnp": ("idnp", _l("Acest IDNP este deja înregistrat la altă persoană.")),
    "uq_district_name": ("name", _l("Există deja un raion cu acest nume.")),
    "uq_locality_district_id_name": ("name", _l("Raionul are deja o localitate cu acest nume.")),
    "uq_site_name": ("name", _l("Există deja un centru cu acest nume.")),
    "uq_site_service_site_id_service": ("services", _l("Serviciul apare de două ori.")),
    "uq_user_username": ("username", _l("Acest nume de utilizator este deja folosit.")),
    "uq_route_site_id_name": ("name", _l("Centrul are deja un traseu cu acest nume.")),
    "uq_route_stop_beneficiary_id": ("beneficiary_id", _l("Persoana este deja pe un traseu.")),
    "uq_parcel_type_name": ("name", _l("Există deja un tip de pachet cu acest nume.")),
    "uq_site_day_override_site_id_day": (
        "day",
        _l("Ziua are deja o excepție în calendarul centrului."),
    ),
}
SAVED_MEANWHILE = _l(
    "Aceeași înregistrare a fost salvată între timp. Reîncărcați pagina și verificați."
)
CHANGED_MEANWHILE = _l("Datele s-au schimbat între timp. Reîncărcați pagina și încercați din nou.")

_SQLITE_UNIQUE = re.compile(r"UNIQUE constraint failed: (?:index '(?P<index>[^']+)'|(?P<cols>.+))")


@cache
def unique_constraints() -> dict[str, tuple[str, tuple[str, ...]]]:
    """Every unique constraint and unique index: name -> (table, columns)."""
    found = {}
    for table in db.metadata.tables.values():
        for constraint in table.constraints:
            if isinstance(constraint, UniqueConstraint):
                columns = tuple(c.name for c in constraint.columns)
                found[f"uq_{table.name}_{'_'.join(columns)}"] = (table.name, columns)
        for index in table.indexes:
            if index.unique:
                found[index.name] = (table.name, tuple(c.name for c in index.columns))
    return found


def violated_unique(exc: IntegrityError) -> str | None:
    """The name of the unique constraint the error reports, if it is one."""
    name = constraint_name(exc)
    constraints = unique_constraints()
    if name in constraints:
        return name
    match = _SQLITE_UNIQUE.search(name)
    if match is None:
        return None
    if match["index"]:
        return match["index"]
    pairs = [part.strip().split(".", 1) for part in match["cols"].split(",")]
    table, columns = pairs[0][0], tuple(pair[-1] for pair in pairs)
    for constraint, (other_table, other_columns) in constraints.items():
        if (other_table, set(other_columns)) == (table, set(columns)):
            return constraint
    return None


def refusal(exc: IntegrityError) -> DomainError:
    """What to answer for a write a constraint refused: 409, with the field when known."""
    unique = violated_unique(exc)
    log.warning(
        "write refused by constraint %s (%s)",
        unique or constraint_name(exc).split(":")[0][:80],
        type(exc).__name__,
    )
    if unique is None:
        return DomainError(str(CHANGED_MEANWHILE))
    if unique in UNIQUE_FIELDS:
        field, message = UNIQUE_FIELDS[unique]
        return DomainError(str(message), field)
    return DomainError(str(SAVED_MEANWHILE), unique_constraints()[unique][1][-1])
