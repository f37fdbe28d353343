"""JSON API: stage state, judges' scores, host actions. Documented at /api/openapi.json."""

from flask import Blueprint

bp = Blueprint("api", __name__, url_prefix="/api")

from contest.api import judge, openapi, public, stage  # noqa: E402,F401
