from decimal import Decimal

from flask_babel import lazy_gettext as _l
from marshmallow import Schema, ValidationError, fields, validate, validates_schema

from app.core.schemas import LoadSchema, PartialLoadSchema
from app.places.models import LOCALITY_KINDS, Service, SiteKind

NAME = validate.Length(min=2, max=80)


class DistrictLoadSchema(LoadSchema):
    name = fields.String(required=True, validate=NAME)


class DistrictSchema(Schema):
    id = fields.Integer()
    name = fields.String()


class LocalityLoadSchema(LoadSchema):
    name = fields.String(required=True, validate=NAME)
    district_id = fields.Integer(required=True)
    kind = fields.String(load_default="village", validate=validate.OneOf(LOCALITY_KINDS))


class LocalitySchema(Schema):
    id = fields.Integer()
    name = fields.String()
    kind = fields.String()
    district_id = fields.Integer()
    district = fields.Function(lambda loc: loc.district.name)


class SiteServiceSchema(Schema):
    service = fields.Enum(Service, by_value=True, required=True)
    capacity = fields.Integer(
        load_default=None, allow_none=True, validate=validate.Range(min=0, max=100000)
    )


class SiteLoadSchema(LoadSchema):
    name = fields.String(required=True, validate=validate.Length(min=2, max=120))
    kind = fields.Enum(SiteKind, by_value=True, required=True)
    locality_id = fields.Integer(required=True)
    address = fields.String(load_default="", validate=validate.Length(max=200))
    phone = fields.String(load_default=None, allow_none=True, validate=validate.Length(max=40))
    latitude = fields.Float(load_default=None, allow_none=True, validate=validate.Range(-90, 90))
    longitude = fields.Float(load_default=None, allow_none=True, validate=validate.Range(-180, 180))
    # Numeric(10, 2) holds at most 99999999.99; the document states the bounds as numbers
    cost_norm_lei = fields.Decimal(
        load_default=None,
        allow_none=True,
        places=2,
        validate=validate.Range(min=0, max=Decimal("99999999.99")),
        metadata={"minimum": 0, "maximum": 99999999.99},
    )
    active = fields.Boolean(load_default=True)
    services = fields.List(fields.Nested(SiteServiceSchema), load_default=list)

    @validates_schema
    def one_entry_per_service(self, data, **kwargs):
        names = [s["service"] for s in data.get("services", [])]
        if len(names) != len(set(names)):
            raise ValidationError(_l("Un serviciu apare de două ori."), "services")


class SiteUpdateSchema(PartialLoadSchema, SiteLoadSchema):
    pass


class SiteSchema(Schema):
    id = fields.Integer()
    name = fields.String()
    kind = fields.Enum(SiteKind, by_value=True)
    locality_id = fields.Integer()
    locality = fields.Function(lambda s: s.locality.name)
    district = fields.Function(lambda s: s.locality.district.name)
    address = fields.String()
    phone = fields.String(allow_none=True)
    latitude = fields.Float(allow_none=True)
    longitude = fields.Float(allow_none=True)
    cost_norm_lei = fields.Decimal(as_string=True, allow_none=True)
    active = fields.Boolean()
    services = fields.List(fields.Nested(SiteServiceSchema))
