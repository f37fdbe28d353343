"""Competition ranking of published scores, with a configurable tie-break chain."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from itertools import groupby
from types import MappingProxyType

from contest.scoring.rules import ITEM_PREFIX, ScoringRules

DECIDED_BY_SCORE = "score"
DECIDED_BY_TIE = "tie"


@dataclass(frozen=True)
class RankEntry:
    """What the ranking needs to know about one team."""

    team: str
    published: Decimal
    untrimmed_mean: Decimal
    # Left out of the hash: the read-only mapping view is not hashable itself.
    item_means: Mapping[str, Decimal] = field(default_factory=dict, hash=False)
    manual_position: int | None = None

    def __post_init__(self) -> None:
        if not isinstance(self.team, str) or not self.team:
            raise ValueError(f"team key must be a non-empty string, got {self.team!r}")
        for name in ("published", "untrimmed_mean"):
            value = getattr(self, name)
            if not isinstance(value, Decimal) or not value.is_finite():
                raise TypeError(f"{name} of team {self.team} must be a finite Decimal")
        for item, value in self.item_means.items():
            if not isinstance(value, Decimal) or not value.is_finite():
                raise TypeError(f"mean of item {item!r} of team {self.team} must be a Decimal")
        position = self.manual_position
        if position is not None and (isinstance(position, bool) or not isinstance(position, int)):
            raise TypeError(f"manual_position of team {self.team} must be an int or None")
        # Copy into a read-only view so a caller mutating its dict cannot change a frozen entry.
        object.__setattr__(self, "item_means", MappingProxyType(dict(self.item_means)))


@dataclass(frozen=True)
class Standing:
    """One team's place in the ranking and why it got it."""

    team: str
    rank: int
    published: Decimal
    decided_by: str
    tied_with: tuple[str, ...]


# A sort key where a larger value is better; tuples keep "missing" below every real value.
_Key = Callable[[RankEntry], tuple[object, ...]]


def _key_for(rule: str) -> _Key:
    """Translate a tie-break rule name into a higher-is-better sort key."""
    if rule == "untrimmed_mean":
        return lambda e: (e.untrimmed_mean,)
    if rule == "manual":
        # No recorded decision yet: those teams stay tied and follow every decided team.
        return lambda e: (False, 0) if e.manual_position is None else (True, -e.manual_position)
    if rule.startswith(ITEM_PREFIX):
        item = rule[len(ITEM_PREFIX) :]
        # A team without a mean for this item loses to any team that has one.
        return lambda e: (
            (False, Decimal(0)) if item not in e.item_means else (True, e.item_means[item])
        )
    raise ValueError(f"unknown tie-break {rule!r}")


def _split(tier: list[RankEntry], key: _Key) -> list[list[RankEntry]]:
    """Split a tied tier into sub-tiers, best first, by one tie-break key."""
    ordered = sorted(tier, key=key, reverse=True)
    return [list(group) for _, group in groupby(ordered, key=key)]


def _resolve(group: list[RankEntry], chain: Sequence[str]) -> list[tuple[list[RankEntry], str]]:
    """Apply the tie-break chain to one equal-score group; return ordered tiers and labels."""
    if len(group) == 1:
        return [(group, DECIDED_BY_SCORE)]
    tiers: list[tuple[list[RankEntry], str]] = [(group, DECIDED_BY_TIE)]
    for rule in chain:
        key = _key_for(rule)
        next_tiers: list[tuple[list[RankEntry], str]] = []
        for tier, label in tiers:
            if len(tier) == 1:
                next_tiers.append((tier, label))
                continue
            # A team is "decided by" the rule that first leaves it alone in its tier.
            next_tiers.extend(
                (sub, rule if len(sub) == 1 else DECIDED_BY_TIE) for sub in _split(tier, key)
            )
        tiers = next_tiers
    return tiers


def rank_teams(entries: Sequence[RankEntry], rules: ScoringRules) -> list[Standing]:
    """Rank teams by published score, breaking equal scores with the rules' chain."""
    teams = [e.team for e in entries]
    if len(set(teams)) != len(teams):
        duplicates = sorted({t for t in teams if teams.count(t) > 1})
        raise ValueError(f"duplicate team keys in ranking: {', '.join(duplicates)}")

    by_score = sorted(entries, key=lambda e: e.published, reverse=True)
    standings: list[Standing] = []
    ahead = 0
    for _, members in groupby(by_score, key=lambda e: e.published):
        group = list(members)
        names = sorted(e.team for e in group)
        position = ahead + 1
        for tier, label in _resolve(group, rules.tie_breaks):
            for entry in tier:
                standings.append(
                    Standing(
                        team=entry.team,
                        rank=position,
                        published=entry.published,
                        decided_by=label,
                        tied_with=tuple(n for n in names if n != entry.team),
                    )
                )
            # Competition ranking: a shared place uses up as many places as it holds.
            position += len(tier)
        ahead += len(group)
    standings.sort(key=lambda s: (s.rank, s.team))
    return standings
