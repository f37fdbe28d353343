"""The secretariat's 材料文审 pages: the round, reviewers, assignments, results, outputs."""

from flask import Blueprint

bp = Blueprint("review_staff", __name__, url_prefix="/admin/season/expert-review")

from contest.review.staff import results_views, setup_views, work_views  # noqa: E402,F401
