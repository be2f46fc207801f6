"""/api/v1 endpoints of the beneficiaries domain."""

from flask_smorest import Blueprint

blp = Blueprint("beneficiaries_api", __name__, url_prefix="/api/v1", description="Beneficiaries")
