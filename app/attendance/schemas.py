"""Input and output schemas of the attendance API and forms."""

from flask_babel import lazy_gettext as _l
from marshmallow import Schema, fields, validate

from app.attendance.models import Mark, MarkSource, Meal
from app.attendance.services import CLOSURE_REASONS
from app.core import calendar
from app.core.schemas import LoadSchema
from app.places.models import Service

REASON = validate.Length(max=200)


class MarkItemSchema(LoadSchema):
    beneficiary_id = fields.Integer(required=True, validate=validate.Range(min=1))
    mark = fields.Enum(Mark, by_value=True, required=True)
    reason = fields.String(load_default=None, allow_none=True, validate=REASON)


class SheetMarksSchema(LoadSchema):
    marks = fields.List(
        fields.Nested(MarkItemSchema),
        required=True,
        validate=validate.Length(min=1, max=2000, error=_l("Trimiteți cel puțin un marcaj.")),
    )
    reason = fields.String(load_default=None, allow_none=True, validate=REASON)


class SingleMarkSchema(LoadSchema):
    mark = fields.Enum(Mark, by_value=True, required=True)
    reason = fields.String(load_default=None, allow_none=True, validate=REASON)


class ClearMarkSchema(LoadSchema):
    reason = fields.String(load_default=None, allow_none=True, validate=REASON)


class SheetFormSchema(LoadSchema):
    """The sheet page posts one button: 'all', 'all_delivered', '<beneficiary_id>:<mark>'
    or '<beneficiary_id>:clear'."""

    tap = fields.String(
        required=True, validate=validate.Regexp(r"^(all|all_delivered|[1-9][0-9]{0,8}:[a-z_]+)$")
    )
    reason = fields.String(load_default=None, validate=REASON)


class DayOverrideSchema(LoadSchema):
    is_open = fields.Boolean(required=True)
    reason = fields.String(load_default=None, validate=validate.OneOf(CLOSURE_REASONS))
    note = fields.String(load_default=None, validate=REASON)
    # closing a day that has marks: true keeps them as served meals of that day
    keep_marks = fields.Boolean(load_default=False)


class DayOverrideFormSchema(LoadSchema):
    day = fields.Date(required=True, validate=calendar.editable_day)
    action = fields.String(required=True, validate=validate.OneOf(("close", "open", "remove")))
    reason = fields.String(load_default=None, validate=validate.OneOf(CLOSURE_REASONS))
    note = fields.String(load_default=None, validate=REASON)
    # the answer to "this day has marks": keep them, or give up the closure
    marks = fields.String(load_default=None, validate=validate.OneOf(("keep", "refuse")))


class AlertArgsSchema(LoadSchema):
    site_id = fields.Integer(load_default=None)


# --- answers -------------------------------------------------------------------


class DaySchema(Schema):
    day = fields.Date()
    serves = fields.Boolean()
    weekend = fields.Boolean()
    holiday = fields.String(allow_none=True)
    override = fields.Method("_override")
    reason = fields.String(allow_none=True)
    keeps_marks = fields.Boolean()  # closed, the marks made before counted as served

    def _override(self, status):
        if status.override_open is None:
            return None
        return "open" if status.override_open else "closed"


class MonthSchema(Schema):
    site_id = fields.Integer()
    year = fields.Integer()
    month = fields.Integer()
    days = fields.List(fields.Nested(DaySchema))


class KitchenCountSchema(Schema):
    site_id = fields.Integer()
    day = fields.Date()
    serves = fields.Boolean()
    closed_message = fields.String(allow_none=True)
    at_canteen = fields.Integer()
    to_deliver = fields.Integer()
    total = fields.Integer()
    by_diet = fields.Dict(keys=fields.String(), values=fields.Integer())


class SheetRowSchema(Schema):
    beneficiary_id = fields.Integer()
    name = fields.String()
    service = fields.Enum(Service, by_value=True)
    diet_notes = fields.String(allow_none=True)
    portions = fields.Integer()
    mark = fields.Enum(Mark, by_value=True, allow_none=True)
    source = fields.Enum(MarkSource, by_value=True, allow_none=True)
    reason = fields.String(allow_none=True)


class SheetSchema(Schema):
    site_id = fields.Integer()
    day = fields.Date()
    meal = fields.Enum(Meal, by_value=True)
    serves = fields.Boolean(attribute="status.serves")
    closed_message = fields.String(allow_none=True)
    counts = fields.Dict(keys=fields.String(), values=fields.Integer())
    rows = fields.List(fields.Nested(SheetRowSchema))


class MarkAnswerSchema(Schema):
    row = fields.Nested(SheetRowSchema)
    counts = fields.Dict(keys=fields.String(), values=fields.Integer())


class MarksAnswerSchema(Schema):
    """A sheet write's answer: the rows written (in the order sent) and the sheet's counts."""

    rows = fields.List(fields.Nested(SheetRowSchema))
    counts = fields.Dict(keys=fields.String(), values=fields.Integer())
    changed = fields.Integer()


class AlertSchema(Schema):
    site_id = fields.Integer()
    beneficiary_id = fields.Integer()
    name = fields.String()
    meal = fields.Enum(Meal, by_value=True)
    since = fields.Date()
    days = fields.Integer()


class AlertListSchema(Schema):
    items = fields.List(fields.Nested(AlertSchema))
