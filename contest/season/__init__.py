"""The season before the contest: applications, their files, 形式审查."""

from flask import Flask


def register(app: Flask) -> None:
    """The channels' blueprints (/apply/...) and the secretariat's season pages."""
    from contest.season.apply import bp as apply_bp
    from contest.season.recommender import bp as recommender_bp
    from contest.season.staff import bp as staff_bp
    from contest.season.team import bp as team_bp
    from contest.season.unit import bp as unit_bp

    for bp in (apply_bp, team_bp, unit_bp, recommender_bp, staff_bp):
        app.register_blueprint(bp)
