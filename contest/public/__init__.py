"""Public pages that belong to no single audience: the index and the health check."""

from flask import Blueprint

bp = Blueprint("public", __name__)

from contest.public import verify_views, views  # noqa: E402,F401
