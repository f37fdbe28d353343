"""单位通道 (/apply/unit/): an enterprise sees its teams' applications and invites its teams,
writes its 评分与推荐意见 and decides."""

from flask import Blueprint

bp = Blueprint("apply_unit", __name__, url_prefix="/apply/unit")

from contest.season.unit import opinion, views  # noqa: E402, F401  (routes register on import)
