"""The running order of a venue: the draw of lots, and changes by hand, all audited."""

from __future__ import annotations

import sqlalchemy as sa
from flask_babel import gettext as _

from contest.day import draw
from contest.day.stage import StageRefused, checked, touch
from contest.extensions import db
from contest.models import Draw, Scene, StaffUser, Team, TeamStatus, Venue

MOVABLE = (TeamStatus.WAITING, TeamStatus.ABSENT, TeamStatus.WITHDRAWN)


def _teams(venue: Venue) -> list[Team]:
    return list(
        db.session.scalars(
            sa.select(Team).where(Team.venue_id == venue.id).order_by(Team.order_position, Team.id)
        )
    )


def draw_lots(
    venue: Venue,
    seed: str,
    *,
    witnesses: str = "",
    actor: str,
    staff: StaffUser | None = None,
    expected_version: int | None = None,
) -> Draw:
    """Draw the order before the first team is called; the display shows it as drawn."""
    stage = checked(venue, expected_version)
    seed = seed.strip()
    if not seed or len(seed) > 200:
        raise StageRefused("bad_seed", _("请填写抽签随机码（1 至 200 个字符）"))
    teams = _teams(venue)
    if stage.team_id is not None or any(t.status not in MOVABLE for t in teams):
        raise StageRefused("started", _("比赛已经开始，不能再抽签"))
    entrants = sorted(t.id for t in teams if t.status is TeamStatus.WAITING)
    if len(entrants) < 2:
        raise StageRefused("too_few", _("待发表的班组不足两个，无需抽签"))
    order = draw.shuffle(seed, entrants)
    by_id = {t.id: t for t in teams}
    for position, team_id in enumerate(order, 1):
        by_id[team_id].order_position = position
    rest = [t for t in teams if t.id not in set(order)]
    for position, team in enumerate(rest, len(order) + 1):
        team.order_position = position  # absent or withdrawn before the draw: at the end
    record = Draw(
        venue=venue,
        seed=seed,
        algorithm=draw.ALGORITHM,
        witnesses=witnesses.strip()[:200],
        entrants=entrants,
        order=order,
        drawn_by=staff,
    )
    db.session.add(record)
    stage.scene = Scene.DRAW
    touch(stage, venue, "order_drawn", actor, seed=seed, order=order, witnesses=witnesses)
    return record


def move(
    venue: Venue, team_id: int, to: str, *, actor: str, expected_version: int | None = None
) -> None:
    """Move a team one place up or down, or to the end (a late team)."""
    stage = checked(venue, expected_version)
    teams = _teams(venue)
    team = next((t for t in teams if t.id == team_id), None)
    if team is None:
        raise StageRefused("unknown_team", _("该班组不在本分会场"))
    if team.status not in MOVABLE:
        raise StageRefused("not_movable", _("该班组已发表，不能调整顺序"))
    index = teams.index(team)
    if to == "end":
        teams.append(teams.pop(index))
    elif to in ("up", "down"):
        other = index - 1 if to == "up" else index + 1
        if other < 0 or other >= len(teams) or teams[other].status not in MOVABLE:
            raise StageRefused("cannot_move", _("无法再移动"))
        teams[index], teams[other] = teams[other], teams[index]
    else:
        raise StageRefused("bad_move", _("未知的调整方式"))
    for position, t in enumerate(teams, 1):
        t.order_position = position
    touch(stage, venue, "order_moved", actor, moved=team.id, to=to, position=team.order_position)


def set_status(
    venue: Venue, team_id: int, status: str, *, actor: str, expected_version: int | None = None
) -> None:
    """Mark a waiting team absent or withdrawn, or bring it back to waiting."""
    stage = checked(venue, expected_version)
    team = db.session.get(Team, team_id)
    if team is None or team.venue_id != venue.id:
        raise StageRefused("unknown_team", _("该班组不在本分会场"))
    try:
        wanted = TeamStatus(status)
    except ValueError:
        raise StageRefused("bad_status", _("未知的状态")) from None
    if wanted not in MOVABLE or team.status not in MOVABLE or team.id == stage.team_id:
        raise StageRefused("not_waiting", _("只能调整尚未发表的班组"))
    previous = team.status
    team.status = wanted
    touch(stage, venue, "team_status", actor, changed=team.id, to=wanted.value, was=previous.value)


def latest_draw(venue_id: int) -> Draw | None:
    return db.session.scalar(
        sa.select(Draw).where(Draw.venue_id == venue_id).order_by(Draw.id.desc()).limit(1)
    )


def replay(record: Draw) -> list[int]:
    """The order the stored seed gives today, to compare with the stored order."""
    assert record.algorithm == draw.ALGORITHM, record.algorithm
    return draw.shuffle(record.seed, record.entrants)
