"""Judge consistency: how each judge's totals sit against the rest of the panel (pure).

For every team a judge scored, the judge's *deviation* is their total minus the mean of the
other eligible judges' totals for that team. Per judge this module reports the number of
teams, the mean and standard deviation of their totals, the mean signed deviation (are they
systematically high or low?), the mean absolute deviation (how far off, either way), how
often the trimmed mean dropped them as highest or lowest, and a flag.

Exactness: totals come in as `Decimal` (as stored) and every deviation is kept as an exact
`Fraction` (a mean of others such as 271/3 does not terminate in decimal), so the flag is
decided exactly and a team's deviations sum to exactly zero. The statistics handed out are
floats: they are read by staff, never published or fed back into a score, a standard
deviation is a square root and so irrational anyway, and a float's 15 significant digits are
far beyond the two decimals shown. `format_stat` rounds them half-up for display, like the
published scores.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction
from typing import Literal

Dropped = Literal["high", "low"] | None
TeamKey = int | str


@dataclass(frozen=True)
class MarkRow:
    """One eligible judge's current total for one team, and whether the trim dropped it."""

    judge: str  # a stable key, e.g. contest.ranking.standings.judge_key(judge)
    label: str  # what people call the judge, e.g. 评委3
    team: TeamKey
    total: Decimal
    dropped: Dropped = None

    def __post_init__(self) -> None:
        # A float total is already inexact; refuse it as the scoring engine does.
        if not isinstance(self.total, Decimal) or not self.total.is_finite():
            raise TypeError(f"total must be a finite decimal.Decimal, got {self.total!r}")
        if self.dropped not in ("high", "low", None):
            raise ValueError(f"dropped must be 'high', 'low' or None, got {self.dropped!r}")


@dataclass(frozen=True)
class Threshold:
    """When a judge is flagged 「偏离较大」: see `judge_consistency` for why these values."""

    mean_deviation: Decimal = Decimal("2.0")  # points, |mean signed deviation| >= this
    min_teams: int = 3  # neither rule applies on fewer teams than this
    dropped_share: Decimal | None = Decimal("0.5")  # dropped at one same end; None: rule off

    def __post_init__(self) -> None:
        if not isinstance(self.mean_deviation, Decimal) or self.mean_deviation < 0:
            raise ValueError("mean_deviation must be a non-negative Decimal")
        if type(self.min_teams) is not int or self.min_teams < 1:
            raise ValueError("min_teams must be a positive int")
        share = self.dropped_share
        if share is not None and (not isinstance(share, Decimal) or not 0 < share <= 1):
            raise ValueError("dropped_share must be a Decimal in (0, 1], or None")


DEFAULT_THRESHOLD = Threshold()


@dataclass(frozen=True)
class JudgeConsistency:
    """One judge's figures; None where a figure needs more teams than the judge has."""

    judge: str
    label: str
    teams: int  # teams scored
    compared: int  # of those, teams with at least one other judge to compare with
    mean_total: float
    total_sd: float | None  # sample standard deviation of the totals (needs 2 teams)
    mean_deviation: float | None  # signed: > 0 means above the rest of the panel
    mean_abs_deviation: float | None
    deviation_sd: float | None  # sample standard deviation of the deviations (2 teams)
    dropped_high: int
    dropped_low: int
    flagged: bool
    reasons: tuple[str, ...]  # "mean_deviation", "dropped_high", "dropped_low"
    deviations: tuple[tuple[TeamKey, Fraction], ...]  # exact, per compared team


def team_deviations(rows: Sequence[MarkRow]) -> dict[tuple[str, TeamKey], Fraction]:
    """Exact deviation of each (judge, team) from the mean of the team's other judges."""
    by_team: dict[TeamKey, list[MarkRow]] = {}
    for row in rows:
        by_team.setdefault(row.team, []).append(row)
    result: dict[tuple[str, TeamKey], Fraction] = {}
    for team, panel in by_team.items():
        if len(panel) < 2:
            continue  # a lone judge has no one to be compared with
        total = sum((Fraction(r.total) for r in panel), Fraction(0))
        for row in panel:
            others = (total - Fraction(row.total)) / (len(panel) - 1)
            result[(row.judge, team)] = Fraction(row.total) - others
    return result


def judge_consistency(
    rows: Iterable[MarkRow], *, threshold: Threshold = DEFAULT_THRESHOLD
) -> list[JudgeConsistency]:
    """Per-judge consistency figures, in judge-key order.

    `rows` are the current, eligible totals (recused judges' marks already left out), at
    most one per judge and team, all from one panel of judges (one venue).

    A judge is flagged when, over at least `threshold.min_teams` teams, either

    * the mean signed deviation is at least `threshold.mean_deviation` points either way
      (default 2.0: four 0.5-point steps; with 7 of 9 totals kept, a judge +2 on every team
      moves each team's score by about 0.29, enough to swap teams that usually sit tenths
      apart); or
    * the trim dropped the judge at the *same* end in at least `threshold.dropped_share` of
      their teams (default 50 %). One end, not both together: by chance alone a judge is
      dropped at a given end in 1 of n teams (11 % on 9 judges, 20 % on 5), but at either
      end in 2 of n (40 % on 5 judges), so "dropped at all in half the teams" would flag
      about a third of fair judges on a 5-judge panel after 3 teams. This rule also catches
      a judge who is always just above everyone by less than 2 points.

    Three teams is the least that tells a habit from one disagreement. The signed mean is
    used rather than the absolute one, because a judge whose marks scatter around the panel
    evens out in the trimmed mean; a one-sided habit does not. Equal totals are dropped in
    judge-key order by the engine, so on tied panels the drop counts can fall on a judge by
    key; the deviation rule is unaffected by ties.
    """
    rows = list(rows)
    seen: set[tuple[str, TeamKey]] = set()
    labels: dict[str, str] = {}
    for row in rows:
        if not isinstance(row, MarkRow):
            raise TypeError(f"rows must be MarkRow instances, got {type(row).__name__}")
        if (row.judge, row.team) in seen:
            raise ValueError(f"two totals for judge {row.judge} on team {row.team}")
        seen.add((row.judge, row.team))
        if labels.setdefault(row.judge, row.label) != row.label:
            raise ValueError(f"judge {row.judge} has two labels: {labels[row.judge]}, {row.label}")
    deviations = team_deviations(rows)
    by_judge: dict[str, list[MarkRow]] = {}
    for row in rows:
        by_judge.setdefault(row.judge, []).append(row)
    return [
        _one_judge(judge, labels[judge], by_judge[judge], deviations, threshold)
        for judge in sorted(by_judge)
    ]


def _one_judge(
    judge: str,
    label: str,
    rows: list[MarkRow],
    deviations: dict[tuple[str, TeamKey], Fraction],
    threshold: Threshold,
) -> JudgeConsistency:
    totals = [Fraction(r.total) for r in rows]
    mine = tuple(
        (r.team, deviations[(judge, r.team)]) for r in rows if (judge, r.team) in deviations
    )
    values = [d for _, d in mine]
    mean_dev = _mean(values) if values else None
    high = sum(r.dropped == "high" for r in rows)
    low = sum(r.dropped == "low" for r in rows)

    reasons: list[str] = []
    if (
        mean_dev is not None
        and len(values) >= threshold.min_teams
        and abs(mean_dev) >= Fraction(threshold.mean_deviation)
    ):
        reasons.append("mean_deviation")
    if threshold.dropped_share is not None and len(rows) >= threshold.min_teams:
        share = Fraction(threshold.dropped_share)
        reasons += [
            name
            for name, count in (("dropped_high", high), ("dropped_low", low))
            if count and Fraction(count, len(rows)) >= share
        ]
    return JudgeConsistency(
        judge=judge,
        label=label,
        teams=len(rows),
        compared=len(values),
        mean_total=float(_mean(totals)),
        total_sd=_sample_sd(totals),
        mean_deviation=None if mean_dev is None else float(mean_dev),
        mean_abs_deviation=float(_mean([abs(d) for d in values])) if values else None,
        deviation_sd=_sample_sd(values),
        dropped_high=high,
        dropped_low=low,
        flagged=bool(reasons),
        reasons=tuple(reasons),
        deviations=mine,
    )


def _mean(values: Sequence[Fraction]) -> Fraction:
    return sum(values, Fraction(0)) / len(values)


def _sample_sd(values: Sequence[Fraction]) -> float | None:
    """Sample (n − 1) standard deviation, as a spreadsheet's STDEV gives; None below 2."""
    # The n − 1 form because staff check figures against Excel's STDEV / STDEV.S.
    if len(values) < 2:
        return None
    mean = _mean(values)
    variance = sum(((v - mean) ** 2 for v in values), Fraction(0)) / (len(values) - 1)
    return math.sqrt(variance)


def format_stat(value: float | None, *, signed: bool = False, places: int = 2) -> str:
    """A statistic for display: half-up to `places`, 「—」 when undefined, no signed zero."""
    if value is None:
        return "—"
    # str() gives the shortest repr (0.125, not 0.1249999...), so half-up acts on the
    # number people would write down.
    rounded = Decimal(str(value)).quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)
    if rounded.is_zero():
        rounded = rounded.copy_abs()
        return f"{rounded:.{places}f}"
    return f"{rounded:+.{places}f}" if signed else f"{rounded:.{places}f}"
