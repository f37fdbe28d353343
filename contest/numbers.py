"""Numbers as judges and staff type them: full-width digits and the Chinese full stop."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation

from contest.models.types import canonical

# What a Chinese input method types for a mark: １４, 13。5, １３．５. A full-width minus
# (－) is deliberately absent: no mark is negative, so it stays an error.
_FULL_WIDTH = str.maketrans(
    {**{chr(0xFF10 + digit): str(digit) for digit in range(10)}, "。": ".", "．": "."}
)


def normalise_number(text: str) -> str:
    """The text trimmed, with full-width digits and 。/． as their ASCII forms."""
    return text.strip().translate(_FULL_WIDTH)


def parse_decimal(value: object) -> Decimal | None:
    """A finite exact number from a str, int or Decimal, or None for anything else."""
    if isinstance(value, bool) or not isinstance(value, (str, int, Decimal)):
        return None
    text = normalise_number(value) if isinstance(value, str) else str(value)
    try:
        number = Decimal(text)
    except InvalidOperation:
        return None
    return number if number.is_finite() else None


def plain(value: Decimal) -> str:
    """An exact number as people write it: 85.0 -> "85", 14.50 -> "14.5", never 1E+2."""
    return format(canonical(value), "f")
