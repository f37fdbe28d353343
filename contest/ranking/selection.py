"""Proposals staff confirm: national-level candidates and award grades. Pure: no Flask, no DB.

Both read the final ranking (best first, competition ranks) and never decide a tie alone:
a tie at a cut is flagged for staff, who confirm or override with a reason.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import Decimal


@dataclass(frozen=True)
class Ranked:
    team: int
    rank: int
    published: Decimal
    enterprise: str
    unit: str | None = None


@dataclass(frozen=True)
class NationalProposal:
    selected: tuple[int, ...]
    tie_at_cut: tuple[int, ...]  # teams sharing the rank at the cut: staff must decide
    skipped: dict[int, str] = field(default_factory=dict)  # team -> "enterprise_cap" | "unit_cap"


def propose_national(
    ranked: Sequence[Ranked],
    quota: int,
    *,
    per_enterprise: int | None = None,
    per_unit: int | None = None,
) -> NationalProposal:
    """The top `quota` teams that respect the caps, in ranking order."""
    selected: list[Ranked] = []
    skipped: dict[int, str] = {}
    enterprises: Counter[str] = Counter()
    units: Counter[str] = Counter()
    eligible_after_cut: list[Ranked] = []
    for entry in ranked:
        if per_enterprise is not None and enterprises[entry.enterprise] >= per_enterprise:
            skipped[entry.team] = "enterprise_cap"
            continue
        if per_unit is not None and entry.unit and units[entry.unit] >= per_unit:
            skipped[entry.team] = "unit_cap"
            continue
        if len(selected) < quota:
            selected.append(entry)
            enterprises[entry.enterprise] += 1
            if entry.unit:
                units[entry.unit] += 1
        else:
            eligible_after_cut.append(entry)
    ties: tuple[int, ...] = ()
    if selected and eligible_after_cut and eligible_after_cut[0].rank == selected[-1].rank:
        cut_rank = selected[-1].rank
        ties = tuple(e.team for e in [*selected, *eligible_after_cut] if e.rank == cut_rank)
    return NationalProposal(tuple(e.team for e in selected), ties, skipped)


@dataclass(frozen=True)
class Grade:
    name: str
    count: int | None = None  # how many teams get it, or ...
    threshold: Decimal | None = None  # ... the lowest published score that gets it


@dataclass(frozen=True)
class GradeProposal:
    grades: dict[int, str]  # team -> grade name (teams without a grade are absent)
    ties: tuple[int, ...]  # teams given the higher grade because they tie across a boundary


def propose_grades(ranked: Sequence[Ranked], grades: Sequence[Grade]) -> GradeProposal:
    """Grades from the best down; a tie across a count boundary gets the higher grade."""
    result: dict[int, str] = {}
    ties: list[int] = []
    queue = list(ranked)
    for grade in grades:
        if grade.threshold is not None:
            taken = [e for e in queue if e.published >= grade.threshold]
        else:
            wanted = max(grade.count or 0, 0)
            n = min(wanted, len(queue))
            while 0 < n < len(queue) and queue[n].rank == queue[n - 1].rank:
                n += 1  # equal ranks straddle the boundary: they all get this grade
            if n > wanted:
                ties.extend(e.team for e in queue[:n] if e.rank == queue[n - 1].rank)
            taken = queue[:n]
        for entry in taken:
            result[entry.team] = grade.name
        queue = [e for e in queue if e not in taken]
    return GradeProposal(result, tuple(ties))
