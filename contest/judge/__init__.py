"""The judge's phone page, reached through a personal link (no password)."""

from flask import Blueprint

bp = Blueprint("judge", __name__)

from contest.judge import code, views  # noqa: E402,F401  (routes register on import)
