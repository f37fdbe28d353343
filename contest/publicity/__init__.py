"""公示, 异议/复核 and publication of the season's results.

models · workdays (pure working-day arithmetic) · calendar (overrides from the database) ·
results (snapshots and versions) · notice (the 公示 period) · objections · publish · gate
(certificates wait for publication) · staff/ (the secretariat's pages) · public/ (anyone's).
"""

from __future__ import annotations

from flask import Flask


def register(app: Flask) -> None:
    from contest.publicity.public import bp as public_bp
    from contest.publicity.staff import bp as staff_bp

    app.register_blueprint(staff_bp)
    app.register_blueprint(public_bp)
