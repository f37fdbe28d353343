"""The expert's 材料文审 pages, reached by a personal link (phone or desktop)."""

from flask import Blueprint

bp = Blueprint("reviewer", __name__, url_prefix="/review")

from contest.review.reviewer import chair, views  # noqa: E402,F401
