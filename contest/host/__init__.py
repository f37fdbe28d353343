"""The host console (主持人): runs the stage of one venue."""

from flask import Blueprint

bp = Blueprint("host", __name__, url_prefix="/host")

from contest.host import views  # noqa: E402,F401
