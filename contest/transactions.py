"""One unit of work: run, commit, and retry when a concurrent writer got there first."""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

from sqlalchemy.exc import IntegrityError, OperationalError
from sqlalchemy.orm.exc import StaleDataError

from contest.extensions import db

T = TypeVar("T")


def _is_lock_error(error: OperationalError) -> bool:
    text = str(error.orig).lower()
    return "database is locked" in text or "deadlock" in text or "could not serialize" in text


def atomic(work: Callable[[], T], *, attempts: int = 3) -> T:
    """Run `work` and commit. On any exception nothing is written; races are retried.

    A race shows up as a unique-constraint violation (two writers took the same version or
    idempotency key), a stale optimistic lock, or a busy database. The retry re-reads
    everything, so the second attempt sees the winner's row and answers accordingly.
    """
    for attempt in range(1, attempts + 1):
        try:
            result = work()
            db.session.commit()
            return result
        except (IntegrityError, StaleDataError, OperationalError) as error:
            db.session.rollback()
            retryable = not isinstance(error, OperationalError) or _is_lock_error(error)
            if not retryable or attempt == attempts:
                raise
        except BaseException:
            db.session.rollback()
            raise
    raise AssertionError("unreachable")
