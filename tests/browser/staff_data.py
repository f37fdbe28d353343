"""Scores and a supervisor account written straight into a live server's database."""

from __future__ import annotations

import copy

from contest import create_app
from contest.extensions import db
from contest.models import Contest, StaffRole
from contest.settings import merged
from tests.factories import close_scoring, judges_of, marks_totalling, submit, team_at


def _app(database_url: str, instance: str):
    return create_app(
        {
            "TESTING": True,
            "SECRET_KEY": "x",
            "SQLALCHEMY_DATABASE_URI": database_url,
            "CONTEST_ASYNC_MODE": "threading",
            "CONTEST_INSTANCE_PATH": instance,
        }
    )


def score_three(database_url: str, instance: str) -> None:
    """Teams 1–3 scored and closed: 90.00 alone, then 85.00 twice, split by the untrimmed mean."""
    from contest.roster.recusals import recused_judge_ids

    app = _app(database_url, instance)
    with app.app_context():
        import sqlalchemy as sa

        contest = db.session.scalar(sa.select(Contest))
        settings = copy.deepcopy(merged(contest.settings))
        settings["scoring"]["tie_breaks"] = ["untrimmed_mean"]
        contest.settings = settings
        plans = {1: ["90"] * 9, 2: ["95", "80"] + ["85"] * 7, 3: ["85"] * 9}
        for order, totals in plans.items():
            team = team_at(contest, order)
            recused = recused_judge_ids(team.id)
            judges = [j for j in judges_of(contest) if j.id not in recused]
            for judge, total in zip(judges, totals, strict=False):
                submit(team, judge, marks_totalling(total))
            close_scoring(team, reveal=True)
        db.session.commit()
        db.engine.dispose()


def add_supervisor(
    database_url: str, instance: str, username: str, password: str, *, role=StaffRole.SUPERVISOR
) -> None:
    """An account (a 监督 unless `role` says otherwise) made as the CLI would."""
    from contest.setup.accounts import create_account

    app = _app(database_url, instance)
    with app.app_context():
        create_account(
            username=username,
            display_name="纪检监督 李明" if role is StaffRole.SUPERVISOR else "秘书处 王芳",
            role=role,
            password=password,
            venues=[],
            actor="cli",
        )
        db.session.commit()
        db.engine.dispose()
