"""Column types shared by the models."""

from __future__ import annotations

from datetime import UTC, datetime
from decimal import Decimal

import sqlalchemy as sa
from sqlalchemy.types import TypeDecorator


def utcnow() -> datetime:
    """Timezone-aware now, stored as UTC."""
    return datetime.now(UTC)


def canonical(value: Decimal) -> Decimal:
    """Drop trailing zeros (15.000 -> 15, 12.50 -> 12.5) without going to exponent form."""
    value = value.normalize()
    return value.quantize(Decimal(1)) if value.as_tuple().exponent > 0 else value


class ExactDecimal(TypeDecorator):
    """A decimal stored exactly on every backend.

    PostgreSQL has a true NUMERIC. SQLite does not: SQLAlchemy's Numeric goes through a
    float there, so on SQLite we keep the canonical decimal string instead. Scores are
    summed and ranked by the scoring engine in Python, never in SQL, so nothing is lost.
    """

    impl = sa.Numeric(9, 3)
    cache_ok = True

    def load_dialect_impl(self, dialect):
        if dialect.name == "sqlite":
            return dialect.type_descriptor(sa.String(24))
        return dialect.type_descriptor(sa.Numeric(9, 3, asdecimal=True))

    def process_bind_param(self, value, dialect):
        if value is None:
            return None
        if isinstance(value, float):
            raise TypeError("scores are exact decimals; floats are refused")
        value = canonical(Decimal(value))
        return format(value, "f") if dialect.name == "sqlite" else value

    def process_result_value(self, value, dialect):
        return None if value is None else canonical(Decimal(value))


class UTCDateTime(TypeDecorator):
    """A timestamp that is always timezone-aware UTC when read back (SQLite drops the zone)."""

    impl = sa.DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value, dialect):
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetimes are refused; use contest.models.types.utcnow()")
        return value.astimezone(UTC)

    def process_result_value(self, value, dialect):
        if value is None:
            return None
        # SQLite gives back naive UTC; PostgreSQL answers in the session's zone.
        return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)
