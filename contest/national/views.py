"""The blueprints of 推荐国家级: the secretariat's (/admin/season/national), the team's own
tasks in the 班组通道 (/apply/team/national) and the public 典型经验 page (/experiences)."""

from flask import Blueprint

staff_bp = Blueprint("national_staff", __name__, url_prefix="/admin/season/national")
team_bp = Blueprint("national_team", __name__, url_prefix="/apply/team/national")
public_bp = Blueprint("sharing", __name__, url_prefix="/experiences")

# Routes register on import.
from contest.national import public_views, staff_views, team_views  # noqa: E402, F401
