"""Pure scoring engine: trimmed means, half-up rounding and tie-broken competition ranking."""

from contest.scoring.ranking import RankEntry, Standing, rank_teams
from contest.scoring.rules import ScoringRules
from contest.scoring.trimmed import JudgeMark, TeamScore, judge_total, round_half_up, score_team

__all__ = [
    "JudgeMark",
    "RankEntry",
    "ScoringRules",
    "Standing",
    "TeamScore",
    "judge_total",
    "rank_teams",
    "round_half_up",
    "score_team",
]
