"""Schemas and helpers shared by every domain's API and forms."""

from marshmallow import EXCLUDE, Schema, fields, validate
from sqlalchemy import func, select

from app.core.messages import first_message
from app.extensions import db


class LoadSchema(Schema):
    """Input schemas ignore nothing silently except unknown keys from HTML forms."""

    class Meta:
        unknown = EXCLUDE


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


def form_data(form, lists: tuple[str, ...] = ()) -> dict:
    """An HTML form as a dict for a schema: empty fields become missing."""
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
    return data


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
