"""/api/v1 endpoints of the attendance domain."""

from flask_smorest import Blueprint

blp = Blueprint("attendance_api", __name__, url_prefix="/api/v1", description="Attendance")
