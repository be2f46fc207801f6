"""Pages of the beneficiaries domain."""

from flask import Blueprint

bp = Blueprint("beneficiaries", __name__)
