"""班组通道 (/apply/team/): a team fills in and submits its 申报表 (form 1-2)."""

from flask import Blueprint

bp = Blueprint("apply_team", __name__, url_prefix="/apply/team")

from contest.season.team import views  # noqa: E402, F401  (routes register on import)
