"""A season after its contest: the review world's 12 applications, four of them teams of the
demo contest with scores closed, three selected for 推荐国家级 (one of another owner)."""

from __future__ import annotations

from dataclasses import dataclass

from contest.extensions import db
from contest.models import NationalSelection, Team, passwords
from contest.season.models import Applicant, Application
from tests.factories import close_scoring, judges_of, marks_totalling, submit, team_at
from tests.review import world as review_world
from tests.season import helpers

PASSWORD = "x"
TOTALS = ("92", "88", "85", "80")  # the four teams' marks from every judge: ranks 1..4


@dataclass
class National:
    world: review_world.World
    teams: list[Team]  # the contest's teams of applications 0..3
    candidates: list[Application]  # applications 0, 1, 2 (2 owned by another person)
    other: Applicant  # the owner of application 2


def build(demo, *, consent: tuple[int, ...] = (0,)) -> National:
    """Everything above, committed. `consent`: applications whose form ticks both consents."""
    built = review_world.build()
    other = Applicant(
        username="team-other", display_name="李卫东", password_hash=passwords.make(PASSWORD)
    )
    db.session.add(other)
    db.session.flush()
    judges = judges_of(demo)
    teams = []
    for index, application in enumerate(built.applications[:4]):
        team = team_at(demo, index + 1)
        application.contest_team_id = team.id
        for judge in judges:
            submit(team, judge, marks_totalling(TOTALS[index]))
        close_scoring(team)
        teams.append(team)
        db.session.add(NationalSelection(team_id=team.id, selected=index < 3))
    built.applications[2].owner_id = other.id
    for index in consent:
        application = built.applications[index]
        ticked = {**application.form, "share_team": "1", "share_unit": "1"}
        application.form = ticked
        application.submissions[-1].form = ticked
    db.session.commit()
    return National(built, teams, built.applications[:3], other)


def signed_in(app, username: str):
    """A client signed in to the channels as `username` (password PASSWORD)."""
    client = app.test_client()
    form = {
        "csrf_token": helpers.token(client, "/apply/login"),
        "username": username,
        "password": PASSWORD,
    }
    assert client.post("/apply/login", data=form).status_code == 302
    return client
