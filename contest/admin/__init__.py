"""Staff (秘书处) pages: set up the contest, follow it, publish results."""

from flask import Blueprint

bp = Blueprint("admin", __name__, url_prefix="/admin")

from contest.admin import audit, corrections, judges, paper, results_views, settings, views  # noqa: E402,F401  (routes register on import)
