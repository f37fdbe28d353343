"""Staff sign-in (admin and host). Judges never sign in here: they use their key."""

from flask import Blueprint

bp = Blueprint("auth", __name__, url_prefix="/staff")

from contest.auth import views  # noqa: E402,F401  (routes register on import)
