"""The contest, its venues (分会场), score sheet and recommending units."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from typing import TYPE_CHECKING, Any

import sqlalchemy as sa
import sqlalchemy.orm as so

from contest.extensions import db
from contest.models.types import ExactDecimal, UTCDateTime, utcnow

if TYPE_CHECKING:
    from contest.models.people import Judge
    from contest.models.team import Team


class Contest(db.Model):
    __tablename__ = "contests"

    id: so.Mapped[int] = so.mapped_column(primary_key=True)
    name: so.Mapped[str] = so.mapped_column(sa.String(200))
    year: so.Mapped[int]
    # The contest's day(s); the certificate's 落款日期 defaults to the first.
    starts_on: so.Mapped[date | None]
    ends_on: so.Mapped[date | None]
    # The demo loaded by `make run`: flagged so pages and the CLI can say so, and its
    # passwords are printed only for it.
    is_demo: so.Mapped[bool] = so.mapped_column(default=False, server_default=sa.false())
    # Everything the domain calls "a setting": scoring rules, timer, overtime, display.
    settings: so.Mapped[dict[str, Any]] = so.mapped_column(sa.JSON, default=dict)
    names_locked_at: so.Mapped[datetime | None] = so.mapped_column(UTCDateTime)
    results_published_at: so.Mapped[datetime | None] = so.mapped_column(UTCDateTime)
    created_at: so.Mapped[datetime] = so.mapped_column(UTCDateTime, default=utcnow)

    venues: so.Mapped[list[Venue]] = so.relationship(
        back_populates="contest", order_by="Venue.position"
    )
    items: so.Mapped[list[ScoreItem]] = so.relationship(
        back_populates="contest", order_by="ScoreItem.position"
    )
    units: so.Mapped[list[RecommendingUnit]] = so.relationship(back_populates="contest")

    def __repr__(self) -> str:
        return f"<Contest {self.id} {self.name!r}>"


class Venue(db.Model):
    """A 分会场: runs its own order, host, judges and display, in parallel with the others."""

    __tablename__ = "venues"
    __table_args__ = (sa.UniqueConstraint("contest_id", "name"),)

    id: so.Mapped[int] = so.mapped_column(primary_key=True)
    contest_id: so.Mapped[int] = so.mapped_column(sa.ForeignKey("contests.id"), index=True)
    name: so.Mapped[str] = so.mapped_column(sa.String(100))
    # 简称 (e.g. 第一分会场) and 代码 (e.g. A): what imports and staff may type instead of
    # the full name (e.g. 第一分会场（泰安路74号报告厅）). Blank when unset.
    short_name: so.Mapped[str] = so.mapped_column(sa.String(50), default="")
    code: so.Mapped[str] = so.mapped_column(sa.String(20), default="")
    # The livestream's HLS address (an .m3u8 URL) the viewers' page plays; blank: none.
    stream_url: so.Mapped[str] = so.mapped_column(sa.String(500), default="")
    position: so.Mapped[int] = so.mapped_column(default=0)

    contest: so.Mapped[Contest] = so.relationship(back_populates="venues")
    teams: so.Mapped[list[Team]] = so.relationship(
        back_populates="venue", order_by="Team.order_position"
    )
    judges: so.Mapped[list[Judge]] = so.relationship(
        back_populates="venue", order_by="Judge.number"
    )


class ScoreItem(db.Model):
    """One line of the score sheet: a name, a maximum and a step."""

    __tablename__ = "score_items"
    __table_args__ = (
        sa.UniqueConstraint("contest_id", "name"),
        sa.CheckConstraint("maximum > 0", name="maximum_positive"),
        sa.CheckConstraint("step > 0", name="step_positive"),
    )

    id: so.Mapped[int] = so.mapped_column(primary_key=True)
    contest_id: so.Mapped[int] = so.mapped_column(sa.ForeignKey("contests.id"), index=True)
    name: so.Mapped[str] = so.mapped_column(sa.String(100))
    description: so.Mapped[str] = so.mapped_column(sa.Text, default="")
    maximum: so.Mapped[Decimal] = so.mapped_column(ExactDecimal)
    step: so.Mapped[Decimal] = so.mapped_column(ExactDecimal)
    position: so.Mapped[int] = so.mapped_column(default=0)

    contest: so.Mapped[Contest] = so.relationship(back_populates="items")


class RecommendingUnit(db.Model):
    """推荐单位: a district, industry or group company that recommended teams."""

    __tablename__ = "recommending_units"
    __table_args__ = (sa.UniqueConstraint("contest_id", "name"),)

    id: so.Mapped[int] = so.mapped_column(primary_key=True)
    contest_id: so.Mapped[int] = so.mapped_column(sa.ForeignKey("contests.id"), index=True)
    name: so.Mapped[str] = so.mapped_column(sa.String(200))

    contest: so.Mapped[Contest] = so.relationship(back_populates="units")
