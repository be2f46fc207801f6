"""The JSON API under /api/v1, documented from the same schemas that validate it."""

from flask_smorest import Api as SmorestApi
from marshmallow import fields

from app.errors import handle_http_exception


class Api(SmorestApi):
    """flask-smorest with our one error shape: {"message": ..., "errors": {field: [...]}}."""

    def handle_http_exception(self, error):
        return handle_http_exception(error)

    def _init_spec(self, **kwargs):
        super()._init_spec(**kwargs)
        self.ma_plugin.converter.add_attribute_function(decimal_bounds_as_numbers)


def decimal_bounds_as_numbers(converter, field, ret, **kwargs) -> dict:
    """A decimal field's bounds are numbers in the document ("minimum": 0), not the strings
    the field would write them as ("0.000"), which no OpenAPI client can read."""
    if not isinstance(field, fields.Decimal):
        return {}
    return {key: float(ret[key]) for key in ("minimum", "maximum") if key in ret}


api = Api(
    spec_kwargs={
        "components": {
            "securitySchemes": {
                "bearer": {"type": "http", "scheme": "bearer"},
                "session": {"type": "apiKey", "in": "cookie", "name": "session"},
            }
        },
        "security": [{"bearer": []}, {"session": []}],
    }
)
