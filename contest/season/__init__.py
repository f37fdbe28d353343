"""The season before the contest: applications, their files, 形式审查."""

from flask import Flask


def register(app: Flask) -> None:
    """The channels' blueprints (/apply/...) and the secretariat's season pages."""
    from contest.season.apply import bp as apply_bp
    from contest.season.papers import views as _papers  # noqa: F401  (adds the downloads)
    from contest.season.recommender import bp as recommender_bp
    from contest.season.signup import bp as register_bp
    from contest.season.staff import bp as staff_bp
    from contest.season.team import bp as team_bp
    from contest.season.unit import bp as unit_bp

    for bp in (apply_bp, team_bp, unit_bp, recommender_bp, register_bp, staff_bp):
        app.register_blueprint(bp)
    app.add_template_global(_unread_messages, "season_unread")
    app.add_template_global(_formal_return, "formal_return_of")


def _formal_return(application, group: str):
    """The standing 形式审查 return naming this party's items, for its page (or None)."""
    from contest.season import formal

    return formal.shown_to(application, group)


def _unread_messages() -> int:
    """Unread notices of the person signed in to the channels (0 for anyone else)."""
    from contest.season import notify, session

    person = session.current()
    return notify.unread(person) if person is not None else 0
