"""Public screens: the hall display (大屏) and the remote viewers' page."""

from flask import Blueprint

bp = Blueprint("display", __name__)

from contest.display import views  # noqa: E402,F401
