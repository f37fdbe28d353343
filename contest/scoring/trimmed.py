"""Judge totals, the trimmed mean of a panel and half-up rounding of the published score."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from decimal import (
    ROUND_HALF_EVEN,
    ROUND_HALF_UP,
    Context,
    Decimal,
    DivisionByZero,
    InvalidOperation,
    Overflow,
    localcontext,
)

from contest.scoring.rules import ScoringRules

# Totals are at most a few digits either side of the point, so 50 significant digits keep
# sums exact and make a repeating quotient (e.g. 271/3) so close to the true mean that the
# single half-up rounding at the end gives the same result as rounding the exact fraction.
# A fixed context rather than the caller's: a global Inexact trap or a low precision set
# elsewhere in the process must not change published scores.
_EXACT = Context(
    prec=50, rounding=ROUND_HALF_EVEN, traps=[InvalidOperation, DivisionByZero, Overflow]
)


def _require_decimal(name: str, value: object) -> Decimal:
    """Return value if it is a finite Decimal; floats and other numbers are rejected."""
    # A float such as 90.145 is already inexact, so accepting it would hide rounding errors.
    if not isinstance(value, Decimal):
        raise TypeError(f"{name} must be a decimal.Decimal, got {type(value).__name__}")
    if not value.is_finite():
        raise ValueError(f"{name} must be a finite number, got {value}")
    return value


def _exact_sum(values: Iterable[Decimal]) -> Decimal:
    """Sum without the default 28-digit context silently rounding."""
    with localcontext(_EXACT):
        return sum(values, Decimal(0))


def _exact_mean(values: Sequence[Decimal]) -> Decimal:
    """Mean of a non-empty sequence, computed at high precision before any rounding."""
    with localcontext(_EXACT):
        return _exact_sum(values) / len(values)


def round_half_up(value: Decimal, decimals: int) -> Decimal:
    """Round to the given number of places, halves away from zero as the contest rules say."""
    _require_decimal("value", value)
    if type(decimals) is not int:
        raise TypeError(f"decimals must be an int, got {type(decimals).__name__}")
    if decimals < 0:
        raise ValueError(f"decimals must not be negative, got {decimals}")
    with localcontext(_EXACT):
        result = value.quantize(Decimal(1).scaleb(-decimals), rounding=ROUND_HALF_UP)
    # -0.001 rounds to -0.00; a signed zero would print oddly on the scoreboard.
    return result.copy_abs() if result.is_zero() else result


def judge_total(marks: Mapping[str, Decimal]) -> Decimal:
    """Sum of one judge's item marks for one team."""
    return _exact_sum(_require_decimal(f"mark for {item!r}", v) for item, v in marks.items())


@dataclass(frozen=True)
class JudgeMark:
    """One judge's total for one team, as it enters the engine."""

    judge: str
    total: Decimal

    def __post_init__(self) -> None:
        if not isinstance(self.judge, str) or not self.judge:
            raise ValueError(f"judge key must be a non-empty string, got {self.judge!r}")
        _require_decimal(f"total of judge {self.judge}", self.total)


@dataclass(frozen=True)
class TeamScore:
    """How one team's published score was derived from its panel's totals."""

    panel_size: int
    trimmed: bool
    kept: tuple[JudgeMark, ...]
    dropped_low: tuple[JudgeMark, ...]
    dropped_high: tuple[JudgeMark, ...]
    trimmed_mean: Decimal
    untrimmed_mean: Decimal
    deductions: Decimal
    exact: Decimal
    published: Decimal

    @property
    def lowest_kept(self) -> JudgeMark:
        """The lowest total that counts towards the score."""
        return self.kept[0]

    @property
    def highest_kept(self) -> JudgeMark:
        """The highest total that counts towards the score."""
        return self.kept[-1]

    def is_dropped(self, judge: str) -> bool:
        """Whether this judge's total was trimmed away."""
        return any(m.judge == judge for m in self.dropped_low + self.dropped_high)


def _sort_key(mark: JudgeMark) -> tuple[Decimal, str]:
    """Order by total, then judge key, so equal totals are trimmed deterministically."""
    return (mark.total, mark.judge)


def score_team(
    marks: Sequence[JudgeMark], rules: ScoringRules, deductions: Sequence[Decimal] = ()
) -> TeamScore:
    """Score one team from its eligible judges' totals and any deductions."""
    if not marks:
        raise ValueError("cannot score a team with an empty judge panel")
    for mark in marks:
        if not isinstance(mark, JudgeMark):
            raise TypeError(f"marks must be JudgeMark instances, got {type(mark).__name__}")
        # JudgeMark checks on creation; checking again keeps this guarantee local and cheap.
        _require_decimal(f"total of judge {mark.judge}", mark.total)
    judges = [m.judge for m in marks]
    if len(set(judges)) != len(judges):
        duplicates = sorted({j for j in judges if judges.count(j) > 1})
        raise ValueError(f"duplicate judge keys in panel: {', '.join(duplicates)}")
    for deduction in deductions:
        if _require_decimal("deduction", deduction) < 0:
            raise ValueError(f"deductions must not be negative, got {deduction}")

    ordered = tuple(sorted(marks, key=_sort_key))
    size = len(ordered)
    trimmed = rules.trims(size)
    cut = rules.trim_each_end if trimmed else 0
    kept = ordered[cut : size - cut]
    kept_sum = _exact_sum(m.total for m in kept)
    total_deductions = _exact_sum(deductions)
    with localcontext(_EXACT):
        trimmed_mean = kept_sum / len(kept)
        # One division of an exact numerator, so a repeating mean is rounded only once,
        # rather than rounding it again when the deductions are subtracted.
        exact = (kept_sum - total_deductions * len(kept)) / len(kept)
    return TeamScore(
        panel_size=size,
        trimmed=trimmed,
        kept=kept,
        dropped_low=ordered[:cut],
        dropped_high=ordered[size - cut :],
        trimmed_mean=trimmed_mean,
        untrimmed_mean=_exact_mean([m.total for m in ordered]),
        deductions=total_deductions,
        exact=exact,
        published=round_half_up(exact, rules.decimals),
    )
