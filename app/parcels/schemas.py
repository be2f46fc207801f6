"""Input and output schemas of the parcels domain (API and forms)."""

from flask_babel import lazy_gettext as _l
from marshmallow import Schema, fields, validate, validates_schema

from app.beneficiaries.models import Category
from app.core.schemas import (
    LoadSchema,
    PageArgsSchema,
    PageMetaSchema,
    PartialLoadSchema,
    dates_in_order,
)
from app.parcels.models import (
    AdjustmentReason,
    DistributionMethod,
    DistributionStatus,
    MovementKind,
    SourceKind,
)
from app.places.models import Service

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
        dates_in_order(data, "start", "end")


class CampaignPlanLoadSchema(LoadSchema):
    parcel_type_id = fields.Integer(required=True)
    day = fields.Date(required=True)
    quantity = fields.Integer(load_default=1, validate=validate.Range(min=1, max=20))
    category = fields.String(
        load_default=None, allow_none=True, validate=validate.OneOf([c.value for c in Category])
    )
    service = fields.String(
        load_default=None, allow_none=True, validate=validate.OneOf([s.value for s in Service])
    )


class CampaignLoadSchema(CampaignPlanLoadSchema):
    name = fields.String(required=True, validate=validate.Length(min=2, max=120))
    accept_shortage = fields.Boolean(load_default=False)


class PersonRefSchema(Schema):
    id = fields.Integer()
    full_name = fields.String()


class TooSoonSchema(Schema):
    person = fields.Function(lambda row: {"id": row[0].id, "full_name": row[0].full_name})
    last = fields.Function(lambda row: row[1].isoformat())


class CampaignPlanSchema(Schema):
    people = fields.List(fields.Nested(PersonRefSchema))
    too_soon = fields.List(fields.Nested(TooSoonSchema))
    needed = fields.Integer()
    on_hand = fields.Integer()
    shortage = fields.Integer()


class CampaignEntrySchema(Schema):
    id = fields.Integer()
    beneficiary_id = fields.Integer()
    name = fields.Function(lambda entry: entry.beneficiary.full_name)
    handed_out = fields.Function(lambda entry: entry.distribution_id is not None)
    distribution_id = fields.Integer(allow_none=True)


class CampaignSchema(Schema):
    id = fields.Integer()
    site_id = fields.Integer()
    parcel_type_id = fields.Integer()
    name = fields.String()
    day = fields.Date()
    quantity = fields.Integer()
    category = fields.String(allow_none=True)
    service = fields.String(allow_none=True)
    handed_out = fields.Function(lambda c: sum(1 for e in c.entries if e.distribution_id))
    people = fields.Function(lambda c: len(c.entries))


class CampaignDetailSchema(CampaignSchema):
    entries = fields.List(fields.Nested(CampaignEntrySchema))


class CampaignPageSchema(PageMetaSchema):
    items = fields.List(fields.Nested(CampaignSchema))


class TickLoadSchema(LoadSchema):
    handed_out = fields.Boolean(required=True)
    override_reason = fields.String(
        load_default=None, allow_none=True, validate=validate.Length(min=3, max=300)
    )
