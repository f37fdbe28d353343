"""The public feed's sequence number per venue (see StageState.seq)."""

from __future__ import annotations

import sqlalchemy as sa

from contest.extensions import db
from contest.models import StageState


def bump(venue_id: int | None) -> None:
    """Something screens show changed in this venue; commits with the caller's transaction."""
    if venue_id is None:
        return
    db.session.execute(
        sa.update(StageState)
        .where(StageState.venue_id == venue_id)
        .values(seq=StageState.seq + 1)
        .execution_options(synchronize_session=False)
    )
