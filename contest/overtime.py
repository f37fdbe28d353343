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


def describe(overrun_ms: int) -> str:
    """超时 2分05秒, for the audit line and the reason shown to staff."""
    seconds = -(-overrun_ms // 1000)
    return f"超时 {seconds // 60}分{seconds % 60:02d}秒"
