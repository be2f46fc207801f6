"""Input and output schemas of the parcels domain (API and forms)."""

from flask_babel import lazy_gettext as _l
from marshmallow import Schema, ValidationError, fields, validate, validates_schema

from app.core.schemas import LoadSchema, PageArgsSchema, PageMetaSchema, PartialLoadSchema
from app.parcels.models import (
    AdjustmentReason,
    DistributionMethod,
    DistributionStatus,
    MovementKind,
    SourceKind,
)

QUANTITY = validate.Range(min=1, max=100_000)
NOTE = validate.Length(max=500)


class ParcelItemLoadSchema(LoadSchema):
    name = fields.String(required=True, validate=validate.Length(min=1, max=80))
    quantity = fields.Decimal(
        required=True, places=3, validate=validate.Range(min=0, min_inclusive=False, max=10_000)
    )
    unit = fields.String(required=True, validate=validate.Length(min=1, max=20))


class ParcelTypeLoadSchema(LoadSchema):
    name = fields.String(required=True, validate=validate.Length(min=2, max=120))
    active = fields.Boolean(load_default=True)
    min_days_between = fields.Integer(
        load_default=None, allow_none=True, validate=validate.Range(min=1, max=366)
    )
    items = fields.List(
        fields.Nested(ParcelItemLoadSchema),
        required=True,
        validate=validate.Length(min=1, max=30, error=_l("Scrieți cel puțin un produs.")),
    )


class ParcelTypeUpdateSchema(PartialLoadSchema, ParcelTypeLoadSchema):
    pass


class ParcelItemSchema(Schema):
    name = fields.String()
    quantity = fields.Decimal(as_string=True)
    unit = fields.String()


class ParcelTypeSchema(Schema):
    id = fields.Integer()
    name = fields.String()
    active = fields.Boolean()
    min_days_between = fields.Integer(allow_none=True)
    contents = fields.String()
    items = fields.List(fields.Nested(ParcelItemSchema))


class ParcelTypeArgsSchema(LoadSchema):
    active = fields.Boolean(load_default=None, allow_none=True)


class ReceiptLoadSchema(LoadSchema):
    parcel_type_id = fields.Integer(required=True)
    quantity = fields.Integer(required=True, validate=QUANTITY)
    day = fields.Date(required=True)
    source = fields.Enum(SourceKind, by_value=True, required=True)
    donor_name = fields.String(load_default=None, validate=validate.Length(max=160))
    document_number = fields.String(load_default=None, validate=validate.Length(max=60))
    note = fields.String(load_default=None, validate=NOTE)


class AdjustmentLoadSchema(LoadSchema):
    parcel_type_id = fields.Integer(required=True)
    quantity = fields.Integer(
        required=True,
        validate=[
            validate.Range(min=-100_000, max=100_000),
            validate.NoneOf([0], error=_l("Cantitatea nu poate fi zero.")),
        ],
    )
    day = fields.Date(required=True)
    reason = fields.Enum(AdjustmentReason, by_value=True, required=True)
    note = fields.String(load_default=None, validate=NOTE)


class TransferLoadSchema(LoadSchema):
    parcel_type_id = fields.Integer(required=True)
    to_site_id = fields.Integer(required=True)
    quantity = fields.Integer(required=True, validate=QUANTITY)
    day = fields.Date(required=True)
    note = fields.String(load_default=None, validate=NOTE)


class DistributionLoadSchema(LoadSchema):
    parcel_type_id = fields.Integer(required=True)
    beneficiary_id = fields.Integer(required=True)
    quantity = fields.Integer(load_default=1, validate=validate.Range(min=1, max=20))
    day = fields.Date(required=True)
    method = fields.Enum(DistributionMethod, by_value=True, load_default=DistributionMethod.AT_SITE)
    override_reason = fields.String(
        load_default=None, allow_none=True, validate=validate.Length(min=3, max=300)
    )


class CancelLoadSchema(LoadSchema):
    reason = fields.String(required=True, validate=validate.Length(min=3, max=300))


class StockRowSchema(Schema):
    parcel_type_id = fields.Integer()
    parcel_type_name = fields.Function(lambda row: row["parcel_type"].name)
    active = fields.Function(lambda row: row["parcel_type"].active)
    on_hand = fields.Integer()


class MovementSchema(Schema):
    id = fields.Integer()
    site_id = fields.Integer()
    parcel_type_id = fields.Integer()
    kind = fields.Enum(MovementKind, by_value=True)
    quantity = fields.Integer()
    day = fields.Date()
    source = fields.Enum(SourceKind, by_value=True, allow_none=True)
    donor_name = fields.String(allow_none=True)
    document_number = fields.String(allow_none=True)
    reason = fields.Enum(AdjustmentReason, by_value=True, allow_none=True)
    other_site_id = fields.Integer(allow_none=True)
    distribution_id = fields.Integer(allow_none=True)
    note = fields.String(allow_none=True)


class TransferSchema(Schema):
    out = fields.Nested(MovementSchema)
    into = fields.Nested(MovementSchema, data_key="in")


class DistributionSchema(Schema):
    id = fields.Integer()
    site_id = fields.Integer()
    parcel_type_id = fields.Integer()
    beneficiary_id = fields.Integer()
    quantity = fields.Integer()
    day = fields.Date()
    status = fields.Enum(DistributionStatus, by_value=True)
    method = fields.Enum(DistributionMethod, by_value=True)
    override_reason = fields.String(allow_none=True)


class MovementPageSchema(PageMetaSchema):
    items = fields.List(fields.Nested(MovementSchema))


class DistributionPageSchema(PageMetaSchema):
    items = fields.List(fields.Nested(DistributionSchema))


class MovementArgsSchema(PageArgsSchema):
    kind = fields.Enum(MovementKind, by_value=True, load_default=None)


class DistributionArgsSchema(PageArgsSchema):
    beneficiary_id = fields.Integer(load_default=None)
    start = fields.Date(load_default=None)
    end = fields.Date(load_default=None)

    @validates_schema
    def dates_in_order(self, data, **kwargs):
        if data.get("start") and data.get("end") and data["end"] < data["start"]:
            raise ValidationError(_l("Data de sfârșit este înaintea datei de început."), "end")
