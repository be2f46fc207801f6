"""The JSON API under /api/v1, documented from the same schemas that validate it."""

from flask_smorest import Api as SmorestApi

from app.errors import handle_http_exception


class Api(SmorestApi):
    """flask-smorest with our one error shape: {"message": ..., "errors": {field: [...]}}."""

    def handle_http_exception(self, error):
        return handle_http_exception(error)


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
