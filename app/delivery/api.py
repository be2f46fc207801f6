"""/api/v1 endpoints of the delivery domain."""

from flask_smorest import Blueprint

blp = Blueprint("delivery_api", __name__, url_prefix="/api/v1", description="Delivery")
