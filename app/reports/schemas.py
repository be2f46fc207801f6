"""What the Reports page accepts."""

from flask_babel import lazy_gettext as _l
from marshmallow import ValidationError, fields, validate, validates_schema

from app.core.schemas import LoadSchema

REPORTS = ("summary", "delivery", "beneficiaries", "parcels")


class ReportFormSchema(LoadSchema):
    report = fields.String(load_default="summary", validate=validate.OneOf(REPORTS))
    start = fields.Date(required=True)
    end = fields.Date(required=True)
    district_id = fields.Integer(load_default=None, allow_none=True)
    site_id = fields.Integer(load_default=None, allow_none=True)

    @validates_schema
    def end_not_before_start(self, data, **kwargs):
        if data.get("start") and data.get("end") and data["end"] < data["start"]:
            raise ValidationError(
                str(_l("Data de sfârșit este înaintea datei de început.")), field_name="end"
            )
