"""Staff sign-in (admin and host). Judges never sign in here: they use their key."""

from flask import Blueprint

bp = Blueprint("auth", __name__, url_prefix="/staff")

from contest.auth import password, views  # noqa: E402, F401  (routes register on import)
from contest.auth.guards import can_change  # noqa: E402

# For templates: hide change buttons from the 监督; the brand link leads to one's start page.
bp.add_app_template_global(can_change)
bp.add_app_template_global(views.staff_home)
