"""Input and output schemas of the delivery domain (API and forms)."""

from flask_babel import lazy_gettext as _l
from marshmallow import Schema, ValidationError, fields, validate, validates_schema

from app.core.schemas import LoadSchema, PartialLoadSchema, dates_in_order
from app.delivery.models import FailureReason, Outcome

WEEKDAYS = validate.Regexp(r"^[1-7]{1,7}$", error=_l("Alegeți cel puțin o zi a săptămânii."))


class RouteLoadSchema(LoadSchema):
    name = fields.String(required=True, validate=validate.Length(min=2, max=80))
    driver_id = fields.Integer(load_default=None, allow_none=True)
    weekdays = fields.String(load_default="12345", validate=WEEKDAYS)
    active = fields.Boolean(load_default=True)


class RouteUpdateSchema(PartialLoadSchema, RouteLoadSchema):
    pass


class StopLoadSchema(LoadSchema):
    beneficiary_id = fields.Integer(required=True)
    portions = fields.Integer(load_default=1, validate=validate.Range(min=1, max=10))


class OrderLoadSchema(LoadSchema):
    stop_ids = fields.List(fields.Integer(), required=True)


class MoveLoadSchema(LoadSchema):
    direction = fields.String(required=True, validate=validate.OneOf(("up", "down")))


class TransferLoadSchema(LoadSchema):
    to_route_id = fields.Integer(required=True)


class SubstituteLoadSchema(LoadSchema):
    driver_id = fields.Integer(required=True)
    start_date = fields.Date(required=True)
    end_date = fields.Date(required=True)

    @validates_schema
    def dates_in_order(self, data, **kwargs):
        dates_in_order(data, "start_date", "end_date")


class OutcomeLoadSchema(LoadSchema):
    outcome = fields.Enum(Outcome, by_value=True, required=True)
    failure_reason = fields.Enum(FailureReason, by_value=True, load_default=None, allow_none=True)
    remark = fields.String(load_default=None, allow_none=True, validate=validate.Length(max=500))
    concern = fields.Boolean(load_default=None, allow_none=True)
    concern_note = fields.String(
        load_default=None, allow_none=True, validate=validate.Length(max=500)
    )

    @validates_schema
    def reason_when_not_delivered(self, data, **kwargs):
        if data.get("outcome") == Outcome.NOT_DELIVERED and data.get("failure_reason") is None:
            raise ValidationError(
                _l("Alegeți motivul pentru care nu s-a livrat."), "failure_reason"
            )


class ConcernLoadSchema(LoadSchema):
    concern = fields.Boolean(load_default=False)
    concern_note = fields.String(
        load_default=None, allow_none=True, validate=validate.Length(max=500)
    )


class ConcernHandledLoadSchema(LoadSchema):
    concern_action = fields.String(required=True, validate=validate.Length(min=1, max=500))


class ListArgsSchema(LoadSchema):
    date = fields.Date(load_default=None)
    site_id = fields.Integer(load_default=None)


class RouteStopSchema(Schema):
    id = fields.Integer()
    position = fields.Integer()
    portions = fields.Integer()
    beneficiary_id = fields.Integer()
    name = fields.Function(lambda stop: stop.beneficiary.full_name)
    address = fields.Function(lambda stop: stop.beneficiary.address)


class SubstituteSchema(Schema):
    id = fields.Integer()
    driver_id = fields.Integer()
    start_date = fields.Date()
    end_date = fields.Date()


class RouteSchema(Schema):
    id = fields.Integer()
    site_id = fields.Integer()
    name = fields.String()
    driver_id = fields.Integer(allow_none=True)
    weekdays = fields.String()
    active = fields.Boolean()
    stops = fields.List(fields.Nested(RouteStopSchema))
    substitutes = fields.List(fields.Nested(SubstituteSchema))


class DeliveryStopSchema(Schema):
    id = fields.Integer()
    position = fields.Integer()
    beneficiary_id = fields.Integer()
    name = fields.String()
    address = fields.String()
    phone = fields.String(allow_none=True)
    contact = fields.String(allow_none=True)
    contact_phone = fields.String(allow_none=True)
    diet_notes = fields.String(allow_none=True)
    access_notes = fields.String(allow_none=True)
    latitude = fields.Float(allow_none=True)
    longitude = fields.Float(allow_none=True)
    portions = fields.Integer()
    parcel_note = fields.String(allow_none=True)
    outcome = fields.Enum(Outcome, by_value=True, allow_none=True)
    failure_reason = fields.Enum(FailureReason, by_value=True, allow_none=True)
    remark = fields.String(allow_none=True)
    concern = fields.Boolean()
    concern_note = fields.String(allow_none=True)
    concern_handled_at = fields.DateTime(allow_none=True)
    concern_action = fields.String(allow_none=True)
    marked_at = fields.DateTime(allow_none=True)


class DeliveryListSchema(Schema):
    id = fields.Integer()
    route_id = fields.Integer()
    site_id = fields.Integer()
    day = fields.Date()
    driver_id = fields.Integer(allow_none=True)
    route_name = fields.String()
    generated_at = fields.DateTime()
    generated_by = fields.String()
    emailed_at = fields.DateTime(allow_none=True)
    done = fields.Function(lambda dl: sum(1 for s in dl.stops if s.outcome is not None))
    total = fields.Function(lambda dl: len(dl.stops))


class DeliveryListDetailSchema(DeliveryListSchema):
    stops = fields.List(fields.Nested(DeliveryStopSchema))
