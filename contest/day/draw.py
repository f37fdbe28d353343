"""The draw of lots (抽签): a shuffle anyone can replay from the announced seed.

Pure: no Flask, no database. Given the seed and the teams in the order they entered the
contest (ascending team id), `shuffle` always gives the same running order:

- random numbers come from SHA-256 over "<seed>:<counter>" (UTF-8), read as a big-endian
  256-bit integer, counter 0, 1, 2, ...;
- a number below n is drawn by rejection sampling (no modulo bias): take the next value,
  keep it if it is below the largest multiple of n under 2**256, use value % n;
- Fisher–Yates from the end: for i = n-1 down to 1, swap item i with item j = draw(i + 1).

Anyone can check a draw with a dozen lines of any language; `flask replay-draw` does it here.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterator, Sequence
from typing import TypeVar

T = TypeVar("T")
ALGORITHM = "sha256-fisher-yates-v1"
_SPACE = 2**256


def _stream(seed: str) -> Iterator[int]:
    counter = 0
    while True:
        digest = hashlib.sha256(f"{seed}:{counter}".encode()).digest()
        yield int.from_bytes(digest, "big")
        counter += 1


def _below(n: int, numbers: Iterator[int]) -> int:
    limit = _SPACE - (_SPACE % n)
    for value in numbers:
        if value < limit:
            return value % n
    raise AssertionError("unreachable")


def shuffle(seed: str, items: Sequence[T]) -> list[T]:
    """The items in drawn order. The seed must be non-empty."""
    if not seed:
        raise ValueError("the seed must not be empty")
    result = list(items)
    numbers = _stream(seed)
    for i in range(len(result) - 1, 0, -1):
        j = _below(i + 1, numbers)
        result[i], result[j] = result[j], result[i]
    return result
