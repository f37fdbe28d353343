"""注册申请 (/apply/register/): the public pages, and the channels' decisions on them."""

from flask import Blueprint

bp = Blueprint("apply_register", __name__, url_prefix="/apply/register")

from contest.season.signup import views  # noqa: E402, F401  (routes register on import)
