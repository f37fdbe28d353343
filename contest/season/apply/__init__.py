"""The channels' front door (/apply/): sign-in, joining by invitation, one's channels."""

from flask import Blueprint

bp = Blueprint("apply", __name__, url_prefix="/apply")

from contest.season.apply import views  # noqa: E402, F401  (routes register on import)
