"""Publish award grades and national candidates straight into a live server's database.

The staff pages for this come with the staff issue; the screens only read what is stored.
"""

from __future__ import annotations

import sqlalchemy as sa

from contest import create_app
from contest.extensions import db
from contest.models import AwardGrade, Contest, NationalSelection, Team, TeamAward, utcnow


def live_app(database_url: str, instance: str):
    """An app on a live server's database, to write what the staff pages would."""
    return create_app(
        {
            "TESTING": True,
            "SECRET_KEY": "x",
            "SQLALCHEMY_DATABASE_URI": database_url,
            "CONTEST_ASYNC_MODE": "threading",
            "CONTEST_INSTANCE_PATH": instance,
        }
    )


def publish(database_url: str, instance: str, awards: dict[str, list[int]], national: list[int]):
    """awards: grade name -> running-order positions; national: running-order positions."""
    with live_app(database_url, instance).app_context():
        contest = db.session.scalar(sa.select(Contest))

        def team(order: int) -> Team:
            return db.session.scalar(sa.select(Team).where(Team.order_position == order))

        for position, (name, orders) in enumerate(awards.items()):
            grade = AwardGrade(contest=contest, name=name, position=position)
            db.session.add(grade)
            for order in orders:
                db.session.add(TeamAward(team=team(order), grade=grade))
        for order in national:
            db.session.add(NationalSelection(team=team(order), selected=True))
        contest.results_published_at = utcnow()
        db.session.commit()
        db.engine.dispose()
