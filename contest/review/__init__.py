"""材料文审: expert review of the written materials, between 形式审查 and the 发表赛.

models (the round, sheet, reviewers, assignments, reviews) · assign (balanced assignment and
conflicts, pure) · staff/ (the secretariat's pages) · reviewer/ (the expert's pages).
"""

from __future__ import annotations

from flask import Flask


def register(app: Flask) -> None:
    from contest.review.reviewer import bp as reviewer_bp
    from contest.review.staff import bp as staff_bp

    app.register_blueprint(staff_bp)
    app.register_blueprint(reviewer_bp)
