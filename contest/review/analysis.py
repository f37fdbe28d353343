"""材料文审 results, pure: no Flask, no database. The reviewers' totals go through the
contest's own engine (contest.scoring: trimmed mean, half-up, competition ranks with the
rules' tie-break chain); on top of it: 分歧较大, each reviewer's leniency, and whether
removing one reviewer would change who passes a cut line.

Keys are plain strings: an application by its number (2026-0007), a reviewer by a stable key
with a label for people (评审专家3).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from fractions import Fraction

from contest.ranking.consistency import format_stat
from contest.scoring.ranking import RankEntry, Standing, rank_teams
from contest.scoring.rules import ITEM_PREFIX, ScoringRules
from contest.scoring.trimmed import JudgeMark, TeamScore, score_team


@dataclass(frozen=True)
class Sheet:
    """One reviewer's submitted review of one application: its total and item marks."""

    application: str
    reviewer: str
    label: str
    total: Decimal
    items: Mapping[str, Decimal] = field(default_factory=dict, hash=False)  # by item name


@dataclass(frozen=True)
class Outcome:
    """One application's score, place and spread, from its reviewers' totals."""

    application: str
    score: TeamScore
    standing: Standing
    sheets: tuple[Sheet, ...]  # in reviewer number order (r2 before r10)
    spread: Decimal  # highest total minus lowest
    divergent: bool  # 分歧较大: spread beyond the round's limit

    @property
    def rank(self) -> int:
        return self.standing.rank

    def sheet(self, reviewer: str) -> Sheet | None:
        """This reviewer's sheet for the application, if they scored it."""
        return next((s for s in self.sheets if s.reviewer == reviewer), None)

    def dropped(self, reviewer: str) -> str | None:
        """'high' or 'low' when the trim dropped this reviewer's total, else None."""
        if any(m.judge == reviewer for m in self.score.dropped_high):
            return "high"
        if any(m.judge == reviewer for m in self.score.dropped_low):
            return "low"
        return None


def spread(totals: Sequence[Decimal]) -> Decimal:
    """Highest minus lowest total (0 for one reviewer)."""
    return max(totals) - min(totals) if totals else Decimal(0)


def is_divergent(totals: Sequence[Decimal], limit: Decimal) -> bool:
    """分歧较大: the totals spread by more than the limit (equal to it is not flagged)."""
    return spread(totals) > limit


def _item_means(sheets: Sequence[Sheet], wanted: set[str]) -> dict[str, Decimal]:
    """Plain means of the named items over all the panel, as the contest's standings do."""
    means = {}
    for name in wanted:
        values = [s.items[name] for s in sheets if name in s.items]
        if values:
            means[name] = sum(values, Decimal(0)) / len(values)
    return means


def results(
    sheets: Sequence[Sheet], rules: ScoringRules, divergence_limit: Decimal
) -> list[Outcome]:
    """Every application with at least one sheet, scored and ranked, best first."""
    by_application: dict[str, list[Sheet]] = {}
    for sheet in sheets:
        by_application.setdefault(sheet.application, []).append(sheet)
    wanted = {r.removeprefix(ITEM_PREFIX) for r in rules.tie_breaks if r.startswith(ITEM_PREFIX)}
    scores: dict[str, TeamScore] = {}
    entries = []
    for key, panel in by_application.items():
        panel.sort(key=lambda s: _natural(s.reviewer))
        scores[key] = score_team([JudgeMark(s.reviewer, s.total) for s in panel], rules)
        entries.append(
            RankEntry(
                team=key,
                published=scores[key].published,
                untrimmed_mean=scores[key].untrimmed_mean,
                item_means=_item_means(panel, wanted),
            )
        )
    outcomes = []
    for standing in rank_teams(entries, rules):
        panel = by_application[standing.team]
        totals = [s.total for s in panel]
        outcomes.append(
            Outcome(
                application=standing.team,
                score=scores[standing.team],
                standing=standing,
                sheets=tuple(panel),
                spread=spread(totals),
                divergent=is_divergent(totals, divergence_limit),
            )
        )
    return outcomes


# --- Reviewer consistency -------------------------------------------------------------


@dataclass(frozen=True)
class ReviewerConsistency:
    """How one reviewer's totals sit against the panels' trimmed means, over the round."""

    reviewer: str
    label: str
    reviewed: int
    mean_deviation: Fraction  # signed: + lenient (above the panel), − strict
    mean_abs_deviation: Fraction
    dropped_high: int
    dropped_low: int

    @property
    def leaning(self) -> str:
        """偏宽 / 偏严 / 适中, by the sign of the mean deviation."""
        if self.mean_deviation > 0:
            return "偏宽"
        if self.mean_deviation < 0:
            return "偏严"
        return "适中"

    def shown(self, signed: bool = False) -> str:
        """The mean deviation for display, half-up to two places (+1.25, −0.50)."""
        value = self.mean_deviation if signed else self.mean_abs_deviation
        return format_stat(float(value), signed=signed).replace("-", "−")


def _trimmed_mean(score: TeamScore) -> Fraction:
    """The exact trimmed mean, as a fraction (271/3 stays 271/3)."""
    kept = [Fraction(m.total) for m in score.kept]
    return sum(kept, Fraction(0)) / len(kept)


def consistency(outcomes: Sequence[Outcome]) -> list[ReviewerConsistency]:
    """Per reviewer, in key order: deviation of each total from its panel's trimmed mean."""
    # The trimmed mean is what the application is scored on, so a deviation from it says
    # how far this reviewer pulls away from the score that counts (not from the others'
    # plain mean, as the live contest's judge view does: there the panel is the same
    # nine judges on every team, here each application has its own few reviewers).
    found: dict[str, list[Fraction]] = {}
    labels: dict[str, str] = {}
    drops: dict[str, list[str]] = {}
    for outcome in outcomes:
        centre = _trimmed_mean(outcome.score)
        for sheet in outcome.sheets:
            found.setdefault(sheet.reviewer, []).append(Fraction(sheet.total) - centre)
            labels[sheet.reviewer] = sheet.label
            dropped = outcome.dropped(sheet.reviewer)
            if dropped:
                drops.setdefault(sheet.reviewer, []).append(dropped)
    return [
        ReviewerConsistency(
            reviewer=key,
            label=labels[key],
            reviewed=len(values),
            mean_deviation=sum(values, Fraction(0)) / len(values),
            mean_abs_deviation=sum((abs(v) for v in values), Fraction(0)) / len(values),
            dropped_high=drops.get(key, []).count("high"),
            dropped_low=drops.get(key, []).count("low"),
        )
        for key, values in sorted(found.items(), key=lambda kv: _natural(kv[0]))
    ]


def _natural(key: str) -> tuple[int, str]:
    """Reviewer keys such as r2 and r10 in number order."""
    digits = "".join(c for c in key if c.isdigit())
    return (int(digits) if digits else 0, key)


# --- Sensitivity of a cut line ----------------------------------------------------------


def passing(outcomes: Sequence[Outcome], cut: int) -> list[str]:
    """Who passes a cut of `cut` places: every rank within it (a tie at the cut passes
    together, for staff to decide), in ranking order."""
    return [o.application for o in outcomes if o.rank <= cut]


@dataclass(frozen=True)
class Sensitivity:
    """What removing one reviewer's totals would do to who passes one cut line."""

    reviewer: str
    label: str
    cut: int
    entering: tuple[str, ...]
    leaving: tuple[str, ...]

    @property
    def changes(self) -> bool:
        return bool(self.entering or self.leaving)

    @property
    def sentence(self) -> str:
        """「去掉评审专家3 的评分，入围名单不变」 or who would enter and leave."""
        head = f"去掉{self.label} 的评分，"
        if not self.changes:
            return head + "入围名单不变"
        parts = []
        if self.entering:
            parts.append("、".join(self.entering) + " 将入围")
        if self.leaving:
            parts.append("、".join(self.leaving) + " 将落选")
        return head + "，".join(parts)


def sensitivity(
    sheets: Sequence[Sheet], rules: ScoringRules, cut: int, divergence_limit: Decimal
) -> list[Sensitivity]:
    """For each reviewer, recompute without their sheets and compare who passes `cut`."""
    base = passing(results(sheets, rules, divergence_limit), cut)
    reviewers = sorted({(s.reviewer, s.label) for s in sheets}, key=lambda r: _natural(r[0]))
    found = []
    for key, label in reviewers:
        rest = [s for s in sheets if s.reviewer != key]
        # An application only this reviewer scored has no score left: it cannot pass.
        after = passing(results(rest, rules, divergence_limit), cut) if rest else []
        found.append(
            Sensitivity(
                reviewer=key,
                label=label,
                cut=cut,
                entering=tuple(a for a in after if a not in base),
                leaving=tuple(a for a in base if a not in after),
            )
        )
    return found
