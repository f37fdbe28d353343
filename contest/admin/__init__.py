"""Staff (秘书处) pages: set up the contest, follow it, publish results."""

from flask import Blueprint

bp = Blueprint("admin", __name__, url_prefix="/admin")

# Route modules register on import; one name a line, so concurrent additions merge cleanly.
from contest.admin import (  # noqa: E402,F401
    audit,
    certificates,
    clerk,
    consistency_views,
    corrections,
    exports,
    finalise,
    imports,
    judges,
    paper,
    results_views,
    settings,
    setup,
    team_page,
    teams,
    views,
)
