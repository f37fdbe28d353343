"""推荐通道 (/apply/recommender/): a 推荐单位 adds its enterprises and invites them."""

from flask import Blueprint

bp = Blueprint("apply_recommender", __name__, url_prefix="/apply/recommender")

from contest.season.recommender import (  # noqa: E402, F401  (routes on import)
    application,
    recommendation,
    report,
    review,
    views,
)
