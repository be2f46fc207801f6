"""What the Reports page accepts."""

from marshmallow import fields, validate, validates_schema

from app.core.schemas import LoadSchema, dates_in_order

REPORTS = ("summary", "delivery", "beneficiaries", "parcels")


class ReportFormSchema(LoadSchema):
    report = fields.String(load_default="summary", validate=validate.OneOf(REPORTS))
    start = fields.Date(required=True)
    end = fields.Date(required=True)
    district_id = fields.Integer(load_default=None, allow_none=True)
    site_id = fields.Integer(load_default=None, allow_none=True)

    @validates_schema
    def end_not_before_start(self, data, **kwargs):
        dates_in_order(data, "start", "end")
