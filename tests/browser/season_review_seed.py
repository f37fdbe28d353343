"""Seed a live server's database for the season's review-to-publication test (run as
`python -m tests.browser.season_review_seed <step>` with the server's environment).

`world`: the shared review world (12 applications, 5 reviewers) and an empty 发表赛 with one
venue, 5 judges, a host and the secretariat's admin."""

from __future__ import annotations

import sys

from contest import create_app
from contest.extensions import db
from contest.models import (
    Contest,
    Judge,
    ScoreItem,
    StaffRole,
    StaffUser,
    StageState,
    Venue,
)
from contest.roster.keys import new_access_key, new_fallback_code
from contest.settings import DEFAULT_SCORE_SHEET, DEFAULT_SETTINGS

STAFF = ("mishu", "mishu-zhiliang-1")
HOST = ("host-a", "host-a-pass")
CONTEST = "2026年上海市质量信得过班组发表赛"
JUDGES = ("评委一", "评委二", "评委三", "评委四", "评委五")


def world() -> None:
    """The review world and the contest its shortlist will fill."""
    from tests.review import world as review_world

    review_world.build()
    contest = Contest(name=CONTEST, year=2026, settings=dict(DEFAULT_SETTINGS))
    db.session.add(contest)
    for position, (name, maximum, step, _) in enumerate(DEFAULT_SCORE_SHEET, 1):
        db.session.add(
            ScoreItem(contest=contest, name=name, maximum=maximum, step=step, position=position)
        )
    venue = Venue(contest=contest, name="主会场", position=1)
    db.session.add_all([venue, StageState(venue=venue)])
    for number, name in enumerate(JUDGES, 1):
        db.session.add(
            Judge(
                contest=contest,
                venue=venue,
                number=number,
                name=name,
                access_key=new_access_key(),
                fallback_code=new_fallback_code(),
            )
        )
    host = StaffUser(username=HOST[0], role=StaffRole.HOST)
    host.set_password(HOST[1])
    host.venues.append(venue)
    admin = StaffUser(username=STAFF[0], role=StaffRole.ADMIN)
    admin.set_password(STAFF[1])
    db.session.add_all([host, admin])
    db.session.commit()


if __name__ == "__main__":
    app = create_app()
    with app.app_context():
        {"world": world}[sys.argv[1]]()
        db.engine.dispose()
