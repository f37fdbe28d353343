"""申诉 and 复核: after its reveal (or after the results are published) a team's 活动推进者
may file one appeal within a window (setting `appeals`, off by default; minutes on site,
hours online) through the team's link or at the desk; staff and the 评委组长 rule on it with
reasons and both signatures. 维持 shows 「已复核」 beside the team in the standings; a
change is made as a correction (a new version, with its reason) before the ruling.

models (Appeal) · service (setting, window, links, file, rule) · views.
"""

from __future__ import annotations

from flask import Flask


def register(app: Flask) -> None:
    from contest.appeals.views import bp

    app.register_blueprint(bp)
    app.add_template_global(_notices_for, "appeal_notices_for")


def _notices_for(person) -> list:
    """The 班组通道's home: its contest teams' appeal windows (none when signed out)."""
    from contest.appeals import service

    return service.notices_for(person) if person is not None else []
