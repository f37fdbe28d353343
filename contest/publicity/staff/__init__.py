"""The secretariat's pages: contests of the season, the proposed list, the 公示, 异议, 发布."""

from flask import Blueprint

bp = Blueprint("publicity_staff", __name__, url_prefix="/admin/season/publicity")

from contest.publicity.staff import objection_views, views  # noqa: E402,F401
