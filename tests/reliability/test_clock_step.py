"""The stage clock measures on the monotonic clock: a wall-clock step changes no deduction."""

from __future__ import annotations

from datetime import timedelta

import pytest

from contest.day import clock, deductions, stage
from contest.day.stage import StageRefused
from contest.extensions import db
from contest.models import StageState, utcnow
from tests.factories import team_at

ACTOR = "staff:test"


class FakeClocks:
    """The wall clock and the monotonic clock, moved by the test."""

    def __init__(self, monkeypatch) -> None:
        self.wall_at, self.mono_at = utcnow(), 1000.0
        monkeypatch.setattr(clock, "wall", lambda: self.wall_at)
        monkeypatch.setattr(clock, "mono", lambda: self.mono_at)

    def run(self, seconds: float, *, wall_step: float = 0) -> None:
        self.mono_at += seconds
        self.wall_at += timedelta(seconds=seconds + wall_step)


def _talk(demo, clocks: FakeClocks, seconds: float, *, wall_step: float = 0):
    demo.settings = {**demo.settings, "overtime": {"rule": "per_started_minute", "amount": "1"}}
    venue = demo.venues[0]
    stage.call_team(venue, team_at(demo, 1).id, actor=ACTOR)
    stage.timer(venue, "start", actor=ACTOR)
    db.session.commit()
    clocks.run(seconds, wall_step=wall_step)
    stage.timer(venue, "qa", actor=ACTOR)
    db.session.commit()
    return venue


def test_a_wall_clock_step_during_a_talk_changes_nothing(app, demo, monkeypatch):
    clocks = FakeClocks(monkeypatch)
    # The talk runs 14 min 59 s; meanwhile the wall clock is stepped 20 minutes forward.
    venue = _talk(demo, clocks, 14 * 60 + 59, wall_step=20 * 60)
    assert db.session.get(StageState, venue.id).talk_elapsed_ms == 899_000
    with pytest.raises(StageRefused) as refused:
        deductions.add_overtime(venue, actor=ACTOR)
    assert refused.value.message == "发表用时 14分59秒，未超过规定的 15分00秒，无需扣分"


def test_a_step_backwards_does_not_shorten_a_talk_that_ran_over(app, demo, monkeypatch):
    clocks = FakeClocks(monkeypatch)
    venue = _talk(demo, clocks, 16 * 60 + 1, wall_step=-30 * 60)  # 1 min 1 s over
    deduction = deductions.add_overtime(venue, actor=ACTOR)
    db.session.commit()
    assert (str(deduction.amount), deduction.reason) == ("2", "超时 1分01秒")


def test_the_screens_are_told_the_start_the_monotonic_clock_measured(app, demo, monkeypatch):
    from contest.day.snapshot import venue_snapshot

    clocks = FakeClocks(monkeypatch)
    venue = demo.venues[0]
    stage.call_team(venue, team_at(demo, 1).id, actor=ACTOR)
    stage.timer(venue, "start", actor=ACTOR)
    db.session.commit()
    clocks.run(90, wall_step=600)  # 90 s of talk, the wall clock 10 minutes ahead
    monkeypatch.setattr("contest.day.snapshot.utcnow", lambda: clocks.wall_at)
    db.session.get(StageState, venue.id).seq += 1  # a fresh snapshot, not the cached one
    db.session.commit()
    timer = venue_snapshot(venue)["stage"]["timer"]
    since = (clocks.wall_at - timedelta(seconds=90)).isoformat()
    assert (timer["elapsed_ms"], timer["running_since"]) == (0, since)


def test_a_start_from_another_boot_is_measured_by_the_wall_clock(app, demo, monkeypatch):
    clocks = FakeClocks(monkeypatch)
    venue = demo.venues[0]
    stage.call_team(venue, team_at(demo, 1).id, actor=ACTOR)
    stage.timer(venue, "start", actor=ACTOR)
    row = db.session.get(StageState, venue.id)
    row.timer_boot = "another-boot"  # the machine rebooted since the clock was started
    db.session.commit()
    clocks.run(30, wall_step=0)
    clocks.mono_at = 5.0  # a new boot's monotonic clock starts again near zero
    assert stage.elapsed_ms(db.session.get(StageState, venue.id)) == 30_000
