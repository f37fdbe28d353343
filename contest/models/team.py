"""Teams (班组): the contestants, with names stored exactly as submitted."""

from __future__ import annotations

import enum
from datetime import datetime

import sqlalchemy as sa
import sqlalchemy.orm as so

from contest.extensions import db
from contest.models.contest import Contest, RecommendingUnit, Venue
from contest.models.types import UTCDateTime, utcnow


class TeamStatus(enum.StrEnum):
    WAITING = "waiting"
    PRESENTING = "presenting"
    SCORED = "scored"
    ABSENT = "absent"
    WITHDRAWN = "withdrawn"
    DISQUALIFIED = "disqualified"


class PresentationMode(enum.StrEnum):
    IN_HALL = "in_hall"
    ONLINE = "online"


def _enum(cls: type[enum.Enum]) -> sa.Enum:
    # Stored as plain strings (no native ENUM type) so adding a value needs no type migration.
    return sa.Enum(
        cls, native_enum=False, length=20, values_callable=lambda e: [m.value for m in e]
    )


class Team(db.Model):
    __tablename__ = "teams"
    __table_args__ = (sa.UniqueConstraint("contest_id", "company_name", "team_name"),)

    id: so.Mapped[int] = so.mapped_column(primary_key=True)
    contest_id: so.Mapped[int] = so.mapped_column(sa.ForeignKey("contests.id"), index=True)
    venue_id: so.Mapped[int | None] = so.mapped_column(sa.ForeignKey("venues.id"), index=True)
    unit_id: so.Mapped[int | None] = so.mapped_column(sa.ForeignKey("recommending_units.id"))
    # 企业名称 and 班组名称: byte-for-byte as submitted (trimmed at the ends only).
    company_name: so.Mapped[str] = so.mapped_column(sa.String(200))
    team_name: so.Mapped[str] = so.mapped_column(sa.String(200))
    member_count: so.Mapped[int | None]
    serial: so.Mapped[int | None]  # 序号 as given in the import, if any
    mode: so.Mapped[PresentationMode] = so.mapped_column(
        _enum(PresentationMode), default=PresentationMode.IN_HALL
    )
    order_position: so.Mapped[int | None]  # place in the running order, after the draw
    status: so.Mapped[TeamStatus] = so.mapped_column(_enum(TeamStatus), default=TeamStatus.WAITING)
    online_ready: so.Mapped[bool] = so.mapped_column(default=False)
    scoring_closed_at: so.Mapped[datetime | None] = so.mapped_column(UTCDateTime)
    revealed_at: so.Mapped[datetime | None] = so.mapped_column(UTCDateTime)
    created_at: so.Mapped[datetime] = so.mapped_column(UTCDateTime, default=utcnow)
    # The import that created this team (None: added by hand or by the demo); for undo.
    import_batch_id: so.Mapped[int | None] = so.mapped_column(
        sa.ForeignKey("import_batches.id"), index=True
    )

    contest: so.Mapped[Contest] = so.relationship()
    venue: so.Mapped[Venue | None] = so.relationship(back_populates="teams")
    unit: so.Mapped[RecommendingUnit | None] = so.relationship()

    @property
    def display_name(self) -> str:
        return f"{self.company_name} {self.team_name}"

    def __repr__(self) -> str:
        return f"<Team {self.id} {self.company_name!r} {self.team_name!r}>"
