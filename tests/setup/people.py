"""Helpers for the set-up tests of teams, judges and recusals: real pages, real rows."""

from __future__ import annotations

import re

import sqlalchemy as sa

from contest.extensions import db
from contest.models import AuditEntry, Judge, Recusal, StageState, Team, Venue
from tests.conftest import sign_in

CSRF_FIELD = re.compile(r'name="csrf_token" value="([^"]+)"')


def admin(client):
    """The client signed in as the demo's admin, with a CSRF token for its forms."""
    sign_in(client, "admin")
    client.csrf = CSRF_FIELD.search(client.get("/j").get_data(as_text=True)).group(1)
    return client


def post(client, url: str, **data):
    return client.post(url, data={"csrf_token": client.csrf, **data})


def second_venue(contest) -> Venue:
    venue = Venue(contest=contest, name="第二分会场（延安西路1882号）", short_name="第二分会场")
    venue.position = 2
    db.session.add_all([venue, StageState(venue=venue)])
    db.session.commit()
    return venue


def judge(number: int, venue_id: int | None = None) -> Judge:
    query = sa.select(Judge).where(Judge.number == number)
    if venue_id is not None:
        query = query.where(Judge.venue_id == venue_id)
    return db.session.scalar(query)


def team_named(team_name: str) -> Team:
    return db.session.scalar(sa.select(Team).where(Team.team_name == team_name))


def recusal_pairs() -> set[tuple[str, str, str]]:
    """(评委 N name, team name, kind) of every recusal."""
    rows = db.session.scalars(sa.select(Recusal)).all()
    return {(f"{r.judge.label}{r.judge.name}", r.team.team_name, r.kind.value) for r in rows}


def entries(action: str) -> list[AuditEntry]:
    return list(
        db.session.scalars(
            sa.select(AuditEntry).where(AuditEntry.action == action).order_by(AuditEntry.id)
        )
    )


def order_of(venue_id: int) -> list[tuple[int, str]]:
    """(order position, team name) of a venue's teams, in order."""
    rows = db.session.execute(
        sa.select(Team.order_position, Team.team_name)
        .where(Team.venue_id == venue_id)
        .order_by(Team.order_position)
    )
    return [tuple(r) for r in rows]


def text(response) -> str:
    return response.get_data(as_text=True)
