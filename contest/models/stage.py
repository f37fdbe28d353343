"""What is happening in each venue right now, stored so any screen can rebuild from it."""

from __future__ import annotations

import enum
from datetime import datetime

import sqlalchemy as sa
import sqlalchemy.orm as so

from contest.extensions import db
from contest.models.contest import Venue
from contest.models.team import Team, _enum
from contest.models.types import UTCDateTime, utcnow


class Scene(enum.StrEnum):
    WELCOME = "welcome"
    DRAW = "draw"
    ON_STAGE = "on_stage"
    SCORING = "scoring"
    REVEAL = "reveal"
    STANDINGS = "standings"
    RESULTS = "results"
    BREAK = "break"  # 茶歇, counting down to break_ends_at
    NEXT_UP = "next_up"  # 下一位: who presents next


class TimerPhase(enum.StrEnum):
    TALK = "talk"
    QA = "qa"


class StageState(db.Model):
    __tablename__ = "stage_states"

    venue_id: so.Mapped[int] = so.mapped_column(sa.ForeignKey("venues.id"), primary_key=True)
    # Optimistic lock for host actions: a stale or double action is refused, never merged.
    version: so.Mapped[int] = so.mapped_column()
    # The public feed's sequence: bumped by anything a screen shows (stage actions, scores,
    # corrections), always as `seq = seq + 1` in SQL so concurrent writers never collide.
    # Screens use it to order pushes and to notice one they missed.
    seq: so.Mapped[int] = so.mapped_column(default=0, server_default="0")
    team_id: so.Mapped[int | None] = so.mapped_column(sa.ForeignKey("teams.id"))
    scoring_open: so.Mapped[bool] = so.mapped_column(default=False)
    scene: so.Mapped[Scene] = so.mapped_column(_enum(Scene), default=Scene.WELCOME)
    revealed_team_id: so.Mapped[int | None] = so.mapped_column(sa.ForeignKey("teams.id"))
    timer_phase: so.Mapped[TimerPhase] = so.mapped_column(
        _enum(TimerPhase), default=TimerPhase.TALK
    )
    timer_started_at: so.Mapped[datetime | None] = so.mapped_column(UTCDateTime)  # None: paused
    timer_elapsed_ms: so.Mapped[int] = so.mapped_column(default=0)  # accumulated before pauses
    # The same start on the machine's monotonic clock (contest/day/clock.py), and the boot it
    # belongs to: elapsed time is measured with it, so a wall-clock step changes nothing.
    timer_started_mono: so.Mapped[float | None] = so.mapped_column(sa.Float)
    timer_boot: so.Mapped[str | None] = so.mapped_column(sa.String(40))
    talk_elapsed_ms: so.Mapped[int | None]  # how long the talk ran, kept when Q&A starts
    # When the current or last break (茶歇) ends: the display counts down to it.
    break_ends_at: so.Mapped[datetime | None] = so.mapped_column(UTCDateTime)
    updated_at: so.Mapped[datetime] = so.mapped_column(UTCDateTime, default=utcnow)

    venue: so.Mapped[Venue] = so.relationship()
    team: so.Mapped[Team | None] = so.relationship(foreign_keys=[team_id])
    revealed_team: so.Mapped[Team | None] = so.relationship(foreign_keys=[revealed_team_id])

    __mapper_args__ = {"version_id_col": version}  # noqa: RUF012  (SQLAlchemy API)
