"""Finalise teams scored on paper or by import: closed and revealed without the stage.

A team counts in the standings once its scoring has closed, and on public screens once it
has been revealed; on the day the host's 结束评分 and 揭晓成绩 do both. A contest scored on
paper (or whose totals were imported) never passes the stage, so staff finalise each team,
or a whole venue, from the scores it has: the same timestamps and status as the stage
would give, audited, with no reveal on the hall display (the stage row is left alone, so
the display only sees its standings grow).
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

import sqlalchemy as sa
from flask_babel import gettext as _

from contest import audit
from contest.extensions import db
from contest.live import feed
from contest.models import (
    Contest,
    Judge,
    Recusal,
    ScoreSubmission,
    StageState,
    Team,
    TeamStatus,
    Venue,
    utcnow,
)
from contest.ranking import standings

NOT_COMPETING = (TeamStatus.ABSENT, TeamStatus.WITHDRAWN, TeamStatus.DISQUALIFIED)


class FinaliseRefused(Exception):
    """A finalisation that is not valid now; `message` says why and what to do, in Chinese."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


@dataclass(frozen=True)
class TeamState:
    """Where a team stands: its scores, whether it is final, and what stops finalising it."""

    team: Team
    scores: int  # current scores that count (recusals excluded)
    expected: int  # active judges of the venue who do not recuse from the team
    finalised: bool
    on_stage: bool
    blocker: str | None  # why it cannot be finalised now; None when it can

    @property
    def incomplete(self) -> bool:
        return 0 < self.scores < self.expected


@dataclass(frozen=True)
class Done:
    """What a finalisation did: teams finalised now (with their final score), teams skipped."""

    finalised: list[tuple[TeamState, Decimal]]
    skipped: list[TeamState]
    message: str

    @property
    def changed(self) -> bool:
        return bool(self.finalised)


def _score_counts(team_ids: list[int]) -> dict[int, int]:
    if not team_ids:
        return {}
    recused = sa.exists().where(
        Recusal.judge_id == ScoreSubmission.judge_id, Recusal.team_id == ScoreSubmission.team_id
    )
    rows = db.session.execute(
        sa.select(ScoreSubmission.team_id, sa.func.count(sa.distinct(ScoreSubmission.judge_id)))
        .where(ScoreSubmission.team_id.in_(team_ids), ~recused)
        .group_by(ScoreSubmission.team_id)
    )
    return {team_id: count for team_id, count in rows}


def _expected(teams: list[Team]) -> dict[int, int]:
    """Active judges of each team's venue, less those recused from the team."""
    venue_ids = {t.venue_id for t in teams if t.venue_id is not None}
    panels = dict(
        db.session.execute(
            sa.select(Judge.venue_id, sa.func.count(Judge.id))
            .where(Judge.venue_id.in_(venue_ids), Judge.active.is_(True))
            .group_by(Judge.venue_id)
        ).all()
    )
    recusals = dict(
        db.session.execute(
            sa.select(Recusal.team_id, sa.func.count(Recusal.id))
            .join(Judge, Judge.id == Recusal.judge_id)
            .where(Recusal.team_id.in_([t.id for t in teams]), Judge.active.is_(True))
            .group_by(Recusal.team_id)
        ).all()
    )
    return {t.id: panels.get(t.venue_id, 0) - recusals.get(t.id, 0) for t in teams}


def _blocker(team: Team, scores: int, on_stage: bool) -> str | None:
    if team.status in NOT_COMPETING:
        return _("该班组已标记为缺席、退赛或取消资格，不参加排名，不能定分")
    if on_stage:
        return _("该班组正在台上，请由主持人在主持人控制台结束评分并揭晓成绩")
    if scores == 0:
        return _("该班组还没有任何评分，请先在 导入评分 中导入其评分")
    return None


def states(teams: list[Team]) -> list[TeamState]:
    """The finalisation state of each of these teams, in the order given."""
    counts = _score_counts([t.id for t in teams])
    expected = _expected(teams)
    venue_ids = {t.venue_id for t in teams}
    on_stage = set(
        db.session.scalars(
            sa.select(StageState.team_id).where(
                StageState.venue_id.in_(venue_ids), StageState.team_id.is_not(None)
            )
        )
    )
    result = []
    for team in teams:
        finalised = team.scoring_closed_at is not None and team.revealed_at is not None
        stage = team.id in on_stage
        scores = counts.get(team.id, 0)
        blocker = None if finalised else _blocker(team, scores, stage)
        result.append(TeamState(team, scores, expected[team.id], finalised, stage, blocker))
    return result


def venue_teams(venue: Venue) -> list[Team]:
    return list(
        db.session.scalars(
            sa.select(Team)
            .where(Team.venue_id == venue.id)
            .order_by(Team.order_position, Team.serial, Team.id)
        )
    )


def pending_counts(*, contest: Contest) -> dict[int, int]:
    """Team id -> number of scores, for competing teams with scores whose scoring never closed."""
    teams = list(
        db.session.scalars(
            sa.select(Team).where(
                Team.contest_id == contest.id,
                Team.scoring_closed_at.is_(None),
                Team.status.not_in(NOT_COMPETING),
            )
        )
    )
    return {k: v for k, v in _score_counts([t.id for t in teams]).items() if v}


def _lock_stage(venue_id: int) -> None:
    # The stage row first, as the host's actions take it: a team cannot be called on stage
    # while it is being finalised, nor finalised while being called.
    db.session.get(StageState, venue_id, with_for_update=True, populate_existing=True)


def _close(team: Team) -> None:
    now = utcnow()
    team.scoring_closed_at = team.scoring_closed_at or now
    team.revealed_at = team.revealed_at or now
    team.status = TeamStatus.SCORED


def _finals(contest: Contest, venue_id: int) -> dict[int, Decimal]:
    return {r.team.id: r.score.published for r in standings.compute(contest, venue_id=venue_id)}


def _need_reason(incomplete: list[TeamState], reason: str) -> None:
    if incomplete and not reason:
        shown = "；".join(f"{s.team.display_name}（{s.scores} / {s.expected}）" for s in incomplete)
        raise FinaliseRefused(
            _(
                "还有评委未评分：%(teams)s。按已有评分定分须填写原因（例如评委缺席）",
                teams=shown,
            )
        )


def finalise_team(*, team_id: int, staff_id: int, reason: str = "") -> Done:
    """Close and reveal one team from the scores it has (audited as team.finalised)."""
    team = db.session.get(Team, team_id)
    if team is None:
        raise FinaliseRefused(_("没有这个班组"))
    if team.venue_id is not None:
        _lock_stage(team.venue_id)
    db.session.refresh(team)
    state = states([team])[0]
    if state.finalised:
        final = _finals(team.contest, team.venue_id).get(team.id)
        return Done(
            [],
            [state],
            _(
                "%(team)s 已定分（最后得分 %(final)s），无需重复定分",
                team=team.display_name,
                final=final if final is not None else "—",
            ),
        )
    if state.blocker:
        raise FinaliseRefused(state.blocker)
    reason = reason.strip()[:500]
    _need_reason([state] if state.incomplete else [], reason)
    _close(team)
    db.session.flush()
    final = _finals(team.contest, team.venue_id)[team.id]
    audit.record(
        "team.finalised",
        actor=f"staff:{staff_id}",
        subject=f"team:{team.id}",
        data={
            "scores": state.scores,
            "expected": state.expected,
            "final": str(final),
            "reason": reason,
        },
        contest_id=team.contest_id,
    )
    feed.bump(team.venue_id)
    message = _(
        "%(team)s 已按 %(n)s 份评分定分，最后得分 %(final)s",
        team=team.display_name,
        n=state.scores,
        final=final,
    )
    return Done([(state, final)], [], message)


def plan(venue: Venue) -> tuple[list[TeamState], list[TeamState]]:
    """The venue's teams to finalise and the unfinalised ones that will be skipped."""
    every = states(venue_teams(venue))
    todo = [s for s in every if not s.finalised and s.blocker is None]
    skipped = [s for s in every if not s.finalised and s.blocker is not None]
    return todo, skipped


def finalise_venue(*, venue_id: int, staff_id: int, reason: str = "") -> Done:
    """Finalise every team of a venue that has scores, all or none (audited as venue.finalised).

    Teams without scores, and absent or withdrawn teams, are skipped and listed; a team on
    stage stops the whole action, since the host is still running it.
    """
    venue = db.session.get(Venue, venue_id)
    if venue is None:
        raise FinaliseRefused(_("没有这个分会场"))
    _lock_stage(venue.id)
    db.session.expire_all()
    todo, skipped = plan(venue)
    on_stage = [s for s in skipped if s.on_stage and s.team.status not in NOT_COMPETING]
    if on_stage:
        raise FinaliseRefused(
            _(
                "%(team)s 正在台上，请主持人先在主持人控制台结束评分并揭晓，或逐个为其他班组定分",
                team=on_stage[0].team.display_name,
            )
        )
    if not todo:
        return Done([], skipped, _("%(venue)s 没有需要定分的班组", venue=venue.name))
    reason = reason.strip()[:500]
    _need_reason([s for s in todo if s.incomplete], reason)
    for state in todo:
        _close(state.team)
    db.session.flush()
    finals = _finals(venue.contest, venue.id)
    done = [(s, finals[s.team.id]) for s in todo]
    audit.record(
        "venue.finalised",
        actor=f"staff:{staff_id}",
        subject=f"venue:{venue.id}",
        data={
            "teams": [
                {"team": s.team.id, "scores": s.scores, "expected": s.expected, "final": str(f)}
                for s, f in done
            ],
            "skipped": [{"team": s.team.id, "why": s.blocker} for s in skipped],
            "reason": reason,
        },
        contest_id=venue.contest_id,
    )
    feed.bump(venue.id)
    message = _("%(venue)s 已定分 %(n)s 个班组", venue=venue.name, n=len(done))
    if skipped:
        message += _("；未定分 %(n)s 个（没有评分、缺席或退赛）", n=len(skipped))
    return Done(done, skipped, message)
