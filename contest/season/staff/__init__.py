"""The secretariat's season pages (管理后台 → 在线申报): the season, its 推荐单位."""

from flask import Blueprint

bp = Blueprint("season_admin", __name__, url_prefix="/admin/season")

# Routes register on import.
from contest.season.staff import registrations, review, unit_forms, views  # noqa: E402, F401
