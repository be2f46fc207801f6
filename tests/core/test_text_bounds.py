"""Every text an input schema accepts has a length limit: a 10 MB note is refused with
422 and a message on the field, never stored and never a database error."""

import importlib
import inspect

from marshmallow import fields, validate

from app.auth.models import Role
from app.core.schemas import LoadSchema

DOMAINS = ("attendance", "auth", "beneficiaries", "delivery", "parcels", "places", "reports")
# fields whose own validator bounds them (passwords: 200 characters; IDNP: 13 digits)
BOUNDED_ELSEWHERE = {"password", "current_password", "idnp"}
TEN_MB = "x" * (10 * 1024 * 1024)


def _unbounded(schema, prefix=""):
    found = []
    for name, field in schema.fields.items():
        if isinstance(field, fields.Nested):
            found += _unbounded(field.schema, f"{prefix}{name}.")
            continue
        if isinstance(field, fields.List):
            inner = field.inner
            if isinstance(inner, fields.Nested):
                found += _unbounded(inner.schema, f"{prefix}{name}[].")
                continue
            field, name = inner, f"{name}[]"
        if not isinstance(field, fields.String) or name in BOUNDED_ELSEWHERE:
            continue
        bounds = (validate.OneOf, validate.Regexp, validate.Equal)
        if not any(
            (isinstance(v, validate.Length) and v.max is not None) or isinstance(v, bounds)
            for v in field.validators
        ):
            found.append(prefix + name)
    return found


def test_every_text_a_schema_loads_has_a_limit(app):
    unbounded = []
    for domain in DOMAINS:
        module = importlib.import_module(f"app.{domain}.schemas")
        for name, cls in inspect.getmembers(module, inspect.isclass):
            if issubclass(cls, LoadSchema) and cls.__module__ == module.__name__:
                unbounded += [f"{domain}.{name}.{f}" for f in _unbounded(cls())]
    assert unbounded == []


def test_a_ten_megabyte_note_is_refused_per_field(client, login_as):
    login_as(Role.MANAGER)
    answer = client.post(
        "/api/v1/beneficiaries",
        json={"first_name": "Ion", "last_name": "Lungu", "notes": TEN_MB},
    )
    assert answer.status_code == 422
    assert list(answer.json["errors"]) == ["notes"]


def test_an_email_longer_than_its_column_is_refused(client, login_as):
    """The address is valid, but longer than the 120 characters stored: PostgreSQL
    refused the insert with a 500 before."""
    login_as(Role.ADMIN)
    answer = client.post(
        "/api/v1/users",
        json={"username": "ana.lunga", "full_name": "Ana Lungu", "role": "manager",
              "password": "o-parola-destul-de-lunga", "email": "a" * 115 + "@example.md"},
    )  # fmt: skip
    assert answer.status_code == 422, answer.get_data(as_text=True)
    assert list(answer.json["errors"]) == ["email"]
