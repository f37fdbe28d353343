"""The draw of lots is reproducible from its seed and fair in distribution."""

from __future__ import annotations

from collections import Counter

import pytest

from contest.day.draw import shuffle


def test_same_seed_same_order():
    teams = list(range(1, 21))
    assert shuffle("2026-09-18 上午 见证人：王、李", teams) == shuffle(
        "2026-09-18 上午 见证人：王、李", teams
    )


def test_known_order_for_a_published_seed():
    # A fixed vector: if this changes, every published draw becomes unverifiable.
    assert shuffle("demo", ["a", "b", "c", "d", "e"]) == ["c", "e", "d", "a", "b"]


def _reference(seed: str, items: list) -> list:
    """The algorithm as the module docstring states it, written out independently."""
    import hashlib

    items, counter = list(items), 0
    for i in range(len(items) - 1, 0, -1):
        n = i + 1
        while True:
            value = int.from_bytes(hashlib.sha256(f"{seed}:{counter}".encode()).digest(), "big")
            counter += 1
            if value < 2**256 - (2**256 % n):
                break
        j = value % n
        items[i], items[j] = items[j], items[i]
    return items


@pytest.mark.parametrize("seed", ["demo", "2026-09-18", "见证人 张三 738291", "x" * 200])
def test_matches_the_documented_algorithm(seed):
    teams = list(range(1, 24))
    assert shuffle(seed, teams) == _reference(seed, teams)


def test_different_seeds_usually_differ():
    teams = list(range(20))
    orders = {tuple(shuffle(f"seed-{n}", teams)) for n in range(50)}
    assert len(orders) == 50


def test_every_team_is_kept_once():
    teams = list(range(37))
    assert sorted(shuffle("x", teams)) == teams


def test_each_position_is_roughly_uniform():
    counts = Counter(shuffle(f"s{n}", [0, 1, 2])[0] for n in range(3000))
    assert all(900 < counts[k] < 1100 for k in (0, 1, 2)), counts


def test_empty_seed_is_refused():
    with pytest.raises(ValueError):
        shuffle("", [1, 2])
