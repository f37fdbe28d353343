"""推荐国家级: 材料完善 tasks for the contest's national candidates, the recommendation
package (ZIP with manifest and xlsx index), and 典型经验 sharing.

models · tasks (window, uploads, 提交, check) · package · sharing · staff/team/public views.
"""

from __future__ import annotations

from flask import Flask


def register(app: Flask) -> None:
    """The staff pages, the team's task pages and the public 典型经验 page."""
    from contest.national.views import public_bp, staff_bp, team_bp

    app.register_blueprint(staff_bp)
    app.register_blueprint(team_bp)
    app.register_blueprint(public_bp)
    app.add_template_global(_tasks_of, "national_tasks_of")
    app.add_template_global(_state_name, "national_state_name")


def _tasks_of(person) -> list:
    """The person's own 材料完善 tasks, for the 班组通道's home (none when signed out)."""
    from contest.national import tasks

    return tasks.of_person(person) if person is not None else []


def _state_name(state) -> str:
    from contest.national import tasks

    return tasks.state_name(state)
