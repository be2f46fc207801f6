"""Schemas and helpers shared by every domain's API and forms."""

import re
from collections.abc import Mapping
from datetime import date

from flask_babel import lazy_gettext as _l
from marshmallow import EXCLUDE, Schema, ValidationError, fields, missing, pre_load, validate
from sqlalchemy import func, select
from werkzeug.datastructures import FileStorage

from app.core.messages import first_message
from app.extensions import db

# Integer columns are 32-bit on PostgreSQL: a number past them fails in the database.
INT32_MIN = -(2**31)
INT32_MAX = 2**31 - 1
# No date the registry keeps (birth, decision, service day, pause) lies outside these;
# past them the calendar arithmetic overflows (date.max + 1 day) or the holidays table
# has nothing to say.
FIRST_DATE = date(1900, 1, 1)
LAST_DATE = date(2100, 12, 31)


def text_problem(value) -> str | None:
    """Why a text (or any text inside a list or object) cannot be stored, or None.

    PostgreSQL refuses the NUL character and no database stores half of a UTF-16
    surrogate pair (JSON may carry one as an escape like "\\ud800")."""
    if isinstance(value, str):
        if "\x00" in value:
            return str(_l("Textul conține caractere nepermise."))
        try:
            value.encode("utf-8")
        except UnicodeEncodeError:
            return str(_l("Textul conține caractere nepermise."))
        return None
    if isinstance(value, Mapping):
        value = [*value.keys(), *value.values()]
    if isinstance(value, list | tuple):
        for item in value:
            problem = text_problem(item)
            if problem:
                return problem
    return None


def _is_id(name: str) -> bool:
    return name == "id" or name.endswith(("_id", "_ids"))


def _range_sides(field) -> tuple[bool, bool]:
    ranges = [v for v in field.validators if isinstance(v, validate.Range)]
    return any(r.min is not None for r in ranges), any(r.max is not None for r in ranges)


def bound_field(name: str, field) -> None:
    """Give every number and date a range the database and the calendar can hold.

    Ids start at 1; other integers stay within 32 bits; dates within FIRST_DATE ..
    LAST_DATE. A bound the field already states is kept; only a missing side is added.
    """
    if isinstance(field, fields.List):
        bound_field(name, field.inner)
        return
    if isinstance(field, fields.Integer):
        has_min, has_max = _range_sides(field)
        low = None if has_min else (1 if _is_id(name) else INT32_MIN)
        high = None if has_max else INT32_MAX
        if low is not None or high is not None:
            field.validators.append(validate.Range(min=low, max=high))
    elif isinstance(field, fields.Date) and not isinstance(field, fields.DateTime):
        if any(getattr(v, "is_date_window", False) for v in field.validators):
            return  # a narrower window of its own, with its own words
        field.validators.append(
            validate.Range(
                min=FIRST_DATE,
                max=LAST_DATE,
                error=_l("Data trebuie să fie între {min} și {max}."),
            )
        )


class LoadSchema(Schema):
    """Input schemas ignore nothing silently except unknown keys from HTML forms.

    Every text arrives trimmed, and a text left empty counts as not sent (a required
    field then says it is missing) unless the field's default would put something in
    its place; NUL characters and lone surrogates are refused per
    field; integers and dates are bounded (see bound_field). Fields listed in
    `keep_spaces` (passwords) are passed on as typed.
    """

    keep_spaces: tuple[str, ...] = ("password", "current_password", "new_password")

    class Meta:
        unknown = EXCLUDE

    def on_bind_field(self, field_name, field_obj):
        bound_field(field_name, field_obj)

    @pre_load
    def clean_text(self, data, **kwargs):
        if not isinstance(data, Mapping):
            return data  # marshmallow answers "Invalid input type"
        known = {f.data_key or name: f for name, f in self.load_fields.items()}
        cleaned, errors = {}, {}
        for key, value in data.items():
            field = known.get(key)
            if field is None:
                continue
            problem = text_problem(value)
            if problem:
                errors[key] = [problem]
                continue
            if isinstance(value, str) and key not in self.keep_spaces:
                value = value.strip()
                if value == "" and field.load_default in (missing, None, ""):
                    continue  # a default that means something ("12345") is not implied
            cleaned[key] = value
        if errors:
            raise ValidationError(errors)
        return cleaned


ASCII_ID = re.compile(r"[0-9]{1,10}")


class FormId(fields.Integer):
    """An id chosen in a form (a select's value): ASCII digits, as the page wrote them.

    int() would also read "٣" as 3 and "²" as 2: such a value names no row the page
    offered, so it is refused as invalid rather than taken for another id."""

    def _deserialize(self, value, attr, data, **kwargs):
        if isinstance(value, str) and not ASCII_ID.fullmatch(value):
            raise self.make_error("invalid")
        return super()._deserialize(value, attr, data, **kwargs)


class Upload(fields.Field):
    """A file sent with a form, as `form_data(form, files=request.files)` passes it on."""

    default_error_messages = {"invalid": "Invalid value."}

    def _deserialize(self, value, attr, data, **kwargs):
        if not isinstance(value, FileStorage):
            raise self.make_error("invalid")  # a text field sent under the file's name
        return value


class PartialLoadSchema(LoadSchema):
    """For PATCH: every field optional, and absent fields stay absent (no defaults)."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("partial", True)
        super().__init__(*args, **kwargs)


class PageArgsSchema(LoadSchema):
    page = fields.Integer(load_default=1, validate=validate.Range(min=1))
    per_page = fields.Integer(load_default=50, validate=validate.Range(min=1, max=500))


class PageMetaSchema(Schema):
    page = fields.Integer()
    per_page = fields.Integer()
    total = fields.Integer()
    pages = fields.Integer()


def paginate(query, page: int, per_page: int) -> dict:
    """Run a select() for one page; returns items and the counts a list needs."""
    total = db.session.scalar(select(func.count()).select_from(query.order_by(None).subquery()))
    items = list(db.session.scalars(query.limit(per_page).offset((page - 1) * per_page)))
    pages = max(1, -(-total // per_page))
    return {"items": items, "page": page, "per_page": per_page, "total": total, "pages": pages}


def form_data(form, lists: tuple[str, ...] = (), files=None) -> dict:
    """An HTML form as a dict for a schema: empty fields become missing.

    With `files` (request.files), each file sent joins under its field's name (an Upload
    field in the schema); a file input left empty sends no file name and counts as
    missing too."""
    data = {}
    for key in form:
        if key == "csrf_token":
            continue
        if key in lists:
            data[key] = [v for v in form.getlist(key) if v != ""]
            continue
        value = form.get(key, "").strip()
        if value != "":
            data[key] = value
    for key in lists:
        data.setdefault(key, [])
    for key, upload in (files or {}).items():
        data.pop(key, None)
        if upload.filename:
            data[key] = upload
    return data


END_BEFORE_START = _l("Data de sfârșit este înaintea datei de început.")


def dates_in_order(data: dict, start: str, end: str, message=END_BEFORE_START) -> None:
    """Refuse, on the `end` field, an end that comes before the start (a schema's
    @validates_schema calls it; with either date missing there is nothing to say)."""
    if data.get(start) and data.get(end) and data[end] < data[start]:
        raise ValidationError(str(message), end)


def first_errors(messages: dict) -> dict[str, str]:
    """One message per field, in the reader's language, for showing beside form fields."""
    result = {}
    for key, value in messages.items():
        if isinstance(value, dict):
            nested = first_errors(value)
            result[key] = next(iter(nested.values()), "")
        else:
            result[key] = first_message(value)
    return result
