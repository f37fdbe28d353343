"""Scoring settings of one contest, validated once so the engine can trust them."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

MAX_DECIMALS = 4
ITEM_PREFIX = "item:"
_SIMPLE_TIE_BREAKS = ("untrimmed_mean", "manual")


def _check_int(name: str, value: object, low: int, high: int | None = None) -> None:
    """Raise ValueError unless value is an int within [low, high]."""
    # An exact type check: bool is an int subclass and a stray True must not mean 1.
    # ValueError, not TypeError, so callers can treat every bad setting alike.
    if type(value) is not int:
        raise ValueError(f"{name} must be an integer, got {value!r}")
    if value < low or (high is not None and value > high):
        upper = "" if high is None else f" and at most {high}"
        raise ValueError(f"{name} must be at least {low}{upper}, got {value}")


def _check_tie_break(rule: object) -> None:
    """Raise ValueError unless rule names a known tie-break kind."""
    if type(rule) is not str:
        raise ValueError(f"tie-break rules must be strings, got {rule!r}")
    if rule in _SIMPLE_TIE_BREAKS:
        return
    if rule.startswith(ITEM_PREFIX):
        if not rule[len(ITEM_PREFIX) :].strip():
            raise ValueError(f"tie-break {rule!r} needs an item name after {ITEM_PREFIX!r}")
        return
    raise ValueError(
        f"unknown tie-break {rule!r}; expected 'untrimmed_mean', 'item:<item name>' or 'manual'"
    )


@dataclass(frozen=True)
class ScoringRules:
    """How judge totals become a published score and how equal scores are ordered."""

    trim_each_end: int = 1
    min_panel_for_trim: int = 5
    decimals: int = 2
    tie_breaks: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        # Validating here means no code path can build rules the engine cannot honour.
        _check_int("trim_each_end", self.trim_each_end, 0)
        _check_int("min_panel_for_trim", self.min_panel_for_trim, 0)
        _check_int("decimals", self.decimals, 0, MAX_DECIMALS)
        if type(self.tie_breaks) is not tuple:
            raise ValueError(f"tie_breaks must be a tuple, got {self.tie_breaks!r}")
        for rule in self.tie_breaks:
            _check_tie_break(rule)

    def trims(self, panel_size: int) -> bool:
        """Whether a panel of this size has its extreme totals dropped."""
        # With trim_each_end == 0 nothing would be dropped, so report it as untrimmed.
        return (
            self.trim_each_end > 0
            and panel_size >= self.min_panel_for_trim
            and panel_size > 2 * self.trim_each_end
        )

    @classmethod
    def from_settings(cls, settings: Mapping[str, object]) -> ScoringRules:
        """Build rules from a stored settings mapping; missing keys take the defaults."""
        defaults = cls()
        tie_breaks = settings.get("tie_breaks", defaults.tie_breaks)
        # A bare string is iterable too; accepting it would split "manual" into letters.
        if type(tie_breaks) not in (list, tuple):
            raise ValueError(f"tie_breaks must be a list of rule names, got {tie_breaks!r}")
        numbers = {
            key: settings.get(key, getattr(defaults, key))
            for key in ("trim_each_end", "min_panel_for_trim", "decimals")
        }
        # The values are still untyped here; __post_init__ is what checks them.
        return cls(**numbers, tie_breaks=tuple(tie_breaks))  # type: ignore[arg-type]
