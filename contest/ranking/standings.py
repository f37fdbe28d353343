"""Load the current scores, run the scoring engine, and return standings with breakdowns."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal

import sqlalchemy as sa

from contest.extensions import db
from contest.models import (
    Contest,
    Deduction,
    Judge,
    ManualTieBreak,
    Recusal,
    ScoreSubmission,
    Team,
    TeamStatus,
)
from contest.scoring import (
    JudgeMark,
    RankEntry,
    ScoringRules,
    Standing,
    TeamScore,
    rank_teams,
    score_team,
)
from contest.settings import merged


@dataclass(frozen=True)
class TeamResult:
    team: Team
    score: TeamScore
    standing: Standing
    judges: dict[str, Judge]  # engine judge key -> judge, to label marks on screens


def judge_key(judge: Judge) -> str:
    # Zero-padded so the engine's (total, key) sort drops equal marks in judge-number order.
    return f"J{judge.venue_id or 0:03d}-{judge.number:03d}"


def rules_for(contest: Contest) -> ScoringRules:
    return ScoringRules.from_settings(merged(contest.settings)["scoring"])


def current_submissions(team_ids: list[int]) -> list[ScoreSubmission]:
    """The highest version of each judge's submission for these teams, recusals excluded."""
    if not team_ids:
        return []
    latest = (
        sa.select(
            ScoreSubmission.team_id,
            ScoreSubmission.judge_id,
            sa.func.max(ScoreSubmission.version).label("version"),
        )
        .where(ScoreSubmission.team_id.in_(team_ids))
        .group_by(ScoreSubmission.team_id, ScoreSubmission.judge_id)
        .subquery()
    )
    recused = sa.select(Recusal.id).where(
        Recusal.team_id == ScoreSubmission.team_id, Recusal.judge_id == ScoreSubmission.judge_id
    )
    query = (
        sa.select(ScoreSubmission)
        .join(
            latest,
            sa.and_(
                ScoreSubmission.team_id == latest.c.team_id,
                ScoreSubmission.judge_id == latest.c.judge_id,
                ScoreSubmission.version == latest.c.version,
            ),
        )
        .where(~sa.exists(recused))
        .options(
            sa.orm.selectinload(ScoreSubmission.marks), sa.orm.joinedload(ScoreSubmission.judge)
        )
    )
    return list(db.session.scalars(query))


def compute(
    contest: Contest, *, venue_id: int | None = None, only_revealed: bool = False
) -> list[TeamResult]:
    """Standings of the teams whose scoring has closed (or been revealed), best first."""
    query = sa.select(Team).where(
        Team.contest_id == contest.id,
        Team.scoring_closed_at.is_not(None),
        # A team disqualified or withdrawn after presenting keeps its scores but is not ranked.
        Team.status.not_in([TeamStatus.DISQUALIFIED, TeamStatus.WITHDRAWN, TeamStatus.ABSENT]),
    )
    if venue_id is not None:
        query = query.where(Team.venue_id == venue_id)
    if only_revealed:
        query = query.where(Team.revealed_at.is_not(None))
    teams = {team.id: team for team in db.session.scalars(query)}
    by_team: dict[int, list[ScoreSubmission]] = defaultdict(list)
    for submission in current_submissions(list(teams)):
        by_team[submission.team_id].append(submission)
    deductions = _deductions(list(teams))
    manual = _manual_positions(list(teams))
    rules = rules_for(contest)
    # Item means only matter to an "item:<name>" tie-break; they were half the cost of this.
    wanted = {rule.removeprefix("item:") for rule in rules.tie_breaks if rule.startswith("item:")}
    item_names = {i.id: i.name for i in contest.items if i.name in wanted}

    scores: dict[int, TeamScore] = {}
    judges: dict[int, dict[str, Judge]] = {}
    entries: list[RankEntry] = []
    for team_id, submissions in by_team.items():
        judges[team_id] = {judge_key(s.judge): s.judge for s in submissions}
        marks = [JudgeMark(judge=judge_key(s.judge), total=s.total) for s in submissions]
        scores[team_id] = score_team(marks, rules, deductions.get(team_id, ()))
        entries.append(
            RankEntry(
                team=str(team_id),
                published=scores[team_id].published,
                untrimmed_mean=scores[team_id].untrimmed_mean,
                item_means=_item_means(submissions, item_names) if item_names else {},
                manual_position=manual.get(team_id),
            )
        )
    return [
        TeamResult(teams[int(s.team)], scores[int(s.team)], s, judges[int(s.team)])
        for s in rank_teams(entries, rules)
    ]


def _item_means(submissions: list[ScoreSubmission], names: dict[int, str]) -> dict[str, Decimal]:
    sums: dict[str, Decimal] = defaultdict(Decimal)
    counts: dict[str, int] = defaultdict(int)
    for submission in submissions:
        for mark in submission.marks:
            name = names.get(mark.item_id)
            if name is not None:
                sums[name] += mark.value
                counts[name] += 1
    return {name: sums[name] / counts[name] for name in sums}


def _deductions(team_ids: list[int]) -> dict[int, list[Decimal]]:
    result: dict[int, list[Decimal]] = defaultdict(list)
    query = sa.select(Deduction).where(
        Deduction.team_id.in_(team_ids), Deduction.voided_at.is_(None)
    )
    for deduction in db.session.scalars(query):
        result[deduction.team_id].append(deduction.amount)
    return result


def _manual_positions(team_ids: list[int]) -> dict[int, int]:
    query = sa.select(ManualTieBreak).where(ManualTieBreak.team_id.in_(team_ids))
    return {row.team_id: row.position for row in db.session.scalars(query)}
