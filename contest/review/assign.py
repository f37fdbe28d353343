"""Who reviews what in 材料文审: conflicts, the balanced assignment and the coverage check.

Pure: plain values in, plain values out; no Flask, no database. The service
(contest.review.assignments) loads rows into these shapes and writes the result.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from enum import StrEnum

_SPACE = re.compile(r"\s+")


class Conflict(StrEnum):
    ENTERPRISE = "enterprise"  # the reviewer works for the applying enterprise
    RECOMMENDER = "recommender"  # the reviewer belongs to the application's 推荐单位


class Cover(StrEnum):
    OK = "ok"  # exactly N eligible reviewers
    SHORT = "short"  # fewer than N
    OVER = "over"  # more than N
    CONFLICT = "conflict"  # a conflicting reviewer is still assigned (staff remove them)


@dataclass(frozen=True)
class Candidate:
    """A reviewer as the assignment sees them."""

    id: int
    employer: str = ""
    recommender_id: int | None = None
    active: bool = True


@dataclass(frozen=True)
class Entry:
    """An application in scope: its enterprise's name and its 推荐单位."""

    id: int
    enterprise: str
    recommender_id: int | None = None
    recommender_name: str = ""


@dataclass(frozen=True)
class Existing:
    """An assignment already on record (pinned by staff, made before, or removed)."""

    application_id: int
    reviewer_id: int
    pinned: bool = False
    removed: bool = False


@dataclass(frozen=True)
class Coverage:
    """One application's row of the coverage check."""

    application_id: int
    state: Cover
    eligible: tuple[int, ...]  # live, active, conflict-free reviewer ids
    conflicted: tuple[tuple[int, Conflict], ...] = ()
    inactive: tuple[int, ...] = ()  # deactivated reviewers still assigned: they do not count
    missing: int = 0  # how many more are needed (SHORT)
    extra: int = 0  # how many too many (OVER)


@dataclass
class Plan:
    """New (application id, reviewer id) pairs, and the load each active reviewer ends with."""

    pairs: list[tuple[int, int]] = field(default_factory=list)
    loads: dict[int, int] = field(default_factory=dict)
    unfilled: dict[int, int] = field(default_factory=dict)  # application id -> still missing


def normal(text: str) -> str:
    """A unit's name for comparison: NFKC (full-width letters and brackets) without spaces."""
    return _SPACE.sub("", unicodedata.normalize("NFKC", text or ""))


GROUP_PREFIX = 6  # characters: a shorter name than this is never taken for a group's


def same_group(employer: str, enterprise: str) -> bool:
    """The same unit, or one of a group and its part: one normal name begins with the other
    (上海华谊（集团）公司 and its 丙烯酸厂), the shorter of at least 6 characters."""
    if employer == enterprise:
        return True
    short, long = sorted((employer, enterprise), key=len)
    return len(short) >= GROUP_PREFIX and long.startswith(short)


def conflict(
    reviewer: Candidate, entry: Entry, *, exclude_same_recommender: bool
) -> Conflict | None:
    """Why this reviewer may not review this application, or None if they may."""
    employer = normal(reviewer.employer)
    if employer and same_group(employer, normal(entry.enterprise)):
        return Conflict.ENTERPRISE
    if exclude_same_recommender:
        if reviewer.recommender_id is not None and reviewer.recommender_id == entry.recommender_id:
            return Conflict.RECOMMENDER
        if employer and employer == normal(entry.recommender_name):
            return Conflict.RECOMMENDER
    return None


def _live(existing: Iterable[Existing]) -> dict[int, set[int]]:
    found: dict[int, set[int]] = {}
    for e in existing:
        if not e.removed:
            found.setdefault(e.application_id, set()).add(e.reviewer_id)
    return found


def plan(
    entries: Sequence[Entry],
    reviewers: Sequence[Candidate],
    existing: Sequence[Existing],
    *,
    per_application: int,
    exclude_same_recommender: bool,
) -> Plan:
    """Fill every application up to N eligible reviewers, keeping what exists.

    Greedy, most constrained application first, least loaded reviewer first (ties by id), then
    moves of new pairs from the most to the least loaded reviewer while that narrows the gap.
    Removed pairs are never made again; pinned and earlier pairs stay. Deterministic: the
    order of the inputs does not matter.
    """
    entries = sorted(entries, key=lambda e: e.id)
    active = sorted((r for r in reviewers if r.active), key=lambda r: r.id)
    by_id = {r.id: r for r in active}
    live = _live(existing)
    removed = {(e.application_id, e.reviewer_id) for e in existing if e.removed}
    in_scope = {e.id for e in entries}
    loads = {r.id: 0 for r in active}
    for application_id, ids in live.items():
        if application_id in in_scope:
            for reviewer_id in ids:
                if reviewer_id in loads:
                    loads[reviewer_id] += 1

    def allowed(entry: Entry, reviewer: Candidate) -> bool:
        return (
            reviewer.id not in live.get(entry.id, set())
            and (entry.id, reviewer.id) not in removed
            and conflict(reviewer, entry, exclude_same_recommender=exclude_same_recommender) is None
        )

    def have(entry: Entry) -> int:
        return sum(
            1
            for rid in live.get(entry.id, set())
            if rid in by_id
            and conflict(by_id[rid], entry, exclude_same_recommender=exclude_same_recommender)
            is None
        )

    options = {e.id: [r for r in active if allowed(e, r)] for e in entries}
    need = {e.id: max(0, per_application - have(e)) for e in entries}
    result = Plan()
    order = sorted(entries, key=lambda e: (len(options[e.id]) - need[e.id], e.id))
    for entry in order:
        pool = list(options[entry.id])
        for _ in range(need[entry.id]):
            if not pool:
                result.unfilled[entry.id] = result.unfilled.get(entry.id, 0) + 1
                continue
            chosen = min(pool, key=lambda r: (loads[r.id], r.id))
            pool.remove(chosen)
            loads[chosen.id] += 1
            live.setdefault(entry.id, set()).add(chosen.id)
            result.pairs.append((entry.id, chosen.id))
    _rebalance(result, entries, active, loads, live, allowed)
    result.pairs.sort()
    result.loads = loads
    return result


def _rebalance(result: Plan, entries, active, loads, live, allowed) -> None:
    """Move new pairs from heavy to light reviewers while the spread is above one."""
    entry_by_id = {e.id: e for e in entries}
    for _ in range(len(result.pairs) * max(1, len(active))):
        moved = False
        for heavy in sorted(active, key=lambda r: (-loads[r.id], r.id)):
            for light in sorted(active, key=lambda r: (loads[r.id], r.id)):
                if loads[heavy.id] - loads[light.id] <= 1:
                    break
                for index, (application_id, reviewer_id) in enumerate(result.pairs):
                    entry = entry_by_id[application_id]
                    if reviewer_id == heavy.id and allowed(entry, light):
                        result.pairs[index] = (application_id, light.id)
                        live[application_id].discard(heavy.id)
                        live[application_id].add(light.id)
                        loads[heavy.id] -= 1
                        loads[light.id] += 1
                        moved = True
                        break
                if moved:
                    break
            if moved:
                break
        if not moved:
            return


def coverage(
    entries: Sequence[Entry],
    reviewers: Sequence[Candidate],
    existing: Sequence[Existing],
    *,
    per_application: int,
    exclude_same_recommender: bool,
) -> list[Coverage]:
    """Per application (by id): its eligible reviewers and whether it has exactly N."""
    by_id = {r.id: r for r in reviewers}
    live = _live(existing)
    rows = []
    for entry in sorted(entries, key=lambda e: e.id):
        eligible, conflicted, inactive = [], [], []
        for reviewer_id in sorted(live.get(entry.id, set())):
            reviewer = by_id.get(reviewer_id)
            if reviewer is None or not reviewer.active:
                inactive.append(reviewer_id)
                continue
            why = conflict(reviewer, entry, exclude_same_recommender=exclude_same_recommender)
            if why is None:
                eligible.append(reviewer_id)
            else:
                conflicted.append((reviewer_id, why))
        count = len(eligible)
        if conflicted:
            state = Cover.CONFLICT
        elif count < per_application:
            state = Cover.SHORT
        elif count > per_application:
            state = Cover.OVER
        else:
            state = Cover.OK
        rows.append(
            Coverage(
                application_id=entry.id,
                state=state,
                eligible=tuple(eligible),
                conflicted=tuple(conflicted),
                inactive=tuple(inactive),
                missing=max(0, per_application - count),
                extra=max(0, count - per_application),
            )
        )
    return rows


def loads(existing: Sequence[Existing], reviewers: Sequence[Candidate]) -> dict[int, int]:
    """How many live assignments each reviewer holds (every reviewer listed, 0 included)."""
    counts = {r.id: 0 for r in reviewers}
    for e in existing:
        if not e.removed and e.reviewer_id in counts:
            counts[e.reviewer_id] += 1
    return counts
