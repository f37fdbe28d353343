"""Sign a judge in through their link and call the API as their phone would."""

from __future__ import annotations

import re

import sqlalchemy as sa

from contest.day import stage
from contest.extensions import db
from contest.models import Judge, Team
from tests.factories import team_at


def judge_client(app, number: int):
    """A test client signed in as judge `number`, with the page's CSRF token."""
    client = app.test_client()
    judge = db.session.scalar(sa.select(Judge).where(Judge.number == number))
    assert client.get(f"/j/{judge.access_key}").status_code == 302
    page = client.get("/judge/").get_data(as_text=True)
    # The score sheet's meta tag, or the form of a pledge or signing page shown instead.
    found = re.search(r'name="csrf-token" content="([^"]+)"', page) or re.search(
        r'name="csrf_token" value="([^"]+)"', page
    )
    client.csrf = found.group(1)
    client.judge = judge
    return client


def post_json(client, url: str, body, *, csrf: bool = True, raw: str | None = None):
    headers = {"Content-Type": "application/json"}
    if csrf:
        headers["X-CSRFToken"] = client.csrf
    import json

    return client.post(url, data=raw if raw is not None else json.dumps(body), headers=headers)


def open_team(demo, order: int) -> Team:
    venue = demo.venues[0]
    team = team_at(demo, order)
    stage.call_team(venue, team.id, actor="test")
    stage.open_scoring(venue, actor="test")
    db.session.commit()
    return team
