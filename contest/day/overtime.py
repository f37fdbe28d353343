"""Overtime deductions: the contest's rule applied to how long the talk ran over. Pure."""

from __future__ import annotations

from decimal import Decimal

RULES = ("none", "flat", "per_started_minute")


def deduction(rule: str, amount: Decimal, overrun_ms: int) -> Decimal:
    """Points to deduct: nothing, a flat amount, or the amount per started minute over."""
    if rule not in RULES:
        raise ValueError(f"unknown overtime rule {rule!r}")
    if rule == "none" or overrun_ms <= 0:
        return Decimal(0)
    if rule == "flat":
        return amount
    started_minutes = -(-overrun_ms // 60_000)  # ceiling division: 1 ms over is a started minute
    return amount * started_minutes


def clock(ms: int) -> str:
    """1分20秒: a duration as the host and the audience read it, started seconds counted."""
    seconds = -(-max(ms, 0) // 1000)
    return f"{seconds // 60}分{seconds % 60:02d}秒"


def describe(overrun_ms: int) -> str:
    """超时 2分05秒, for the audit line and the reason shown to staff."""
    return f"超时 {clock(overrun_ms)}"


def sentence(reason: str, points: str, *, by_rule: bool = True) -> str:
    """超时 1分20秒，按规则扣 1 分: a deduction as every screen and paper says it."""
    return f"{reason}，{'按规则' if by_rule else ''}扣 {points} 分"
