"""Anyone's pages: the 公示, filing an 异议, its status by receipt, the published results."""

from flask import Blueprint

bp = Blueprint("publicity", __name__)

from contest.publicity.public import objection_views, views  # noqa: E402,F401
