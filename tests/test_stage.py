"""Stage actions: only valid moves happen; a stale or repeated action is refused, not merged."""

from __future__ import annotations

import pytest
import sqlalchemy as sa

from contest.day import stage
from contest.day.stage import StageRefused
from contest.extensions import db
from contest.models import AuditEntry, Scene, StageState, TeamStatus, utcnow
from contest.transactions import atomic
from tests.factories import judges_of, marks_totalling, submit, team_at

ACTOR = "staff:test"


def _refused(fn, *args, **kwargs) -> str:
    with pytest.raises(StageRefused) as refused:
        fn(*args, **kwargs)
    db.session.rollback()
    return refused.value.message


def test_the_normal_round_moves_the_team_through_its_states(app, demo):
    venue, team = demo.venues[0], team_at(demo, 1)
    stage.call_team(venue, team.id, actor=ACTOR)
    assert team.status is TeamStatus.PRESENTING
    stage.open_scoring(venue, actor=ACTOR)
    for judge in judges_of(demo):
        submit(team, judge, marks_totalling("90"))
    stage.close_scoring(venue, actor=ACTOR)
    assert team.status is TeamStatus.SCORED and team.scoring_closed_at is not None
    stage.reveal(venue, actor=ACTOR)
    db.session.commit()
    row = db.session.get(StageState, venue.id)
    assert (row.scene, row.revealed_team_id) == (Scene.REVEAL, team.id)


def test_invalid_moves_are_refused_with_a_reason(app, demo):
    venue = demo.venues[0]
    assert _refused(stage.open_scoring, venue, actor=ACTOR) == (
        "台上没有班组，请先在出场顺序中点「请上台」"
    )
    stage.call_team(venue, team_at(demo, 1).id, actor=ACTOR)
    stage.open_scoring(venue, actor=ACTOR)
    db.session.commit()
    assert _refused(stage.open_scoring, venue, actor=ACTOR) == "评分已经开放"
    assert _refused(stage.call_team, venue, team_at(demo, 2).id, actor=ACTOR) == (
        "当前班组评分尚未结束，请先结束评分"
    )
    assert _refused(stage.reveal, venue, actor=ACTOR) == "请先结束评分，再揭晓成绩"
    stage.close_scoring(venue, actor=ACTOR)
    db.session.commit()
    assert _refused(stage.close_scoring, venue, actor=ACTOR) == "评分未开放，无需结束"
    assert _refused(stage.open_scoring, venue, actor=ACTOR) == "该班组评分已结束并锁定"
    assert _refused(stage.reveal, venue, actor=ACTOR) == "没有任何评委提交分数，无法揭晓"


def test_an_early_reveal_needs_a_reason(app, demo):
    venue, team = demo.venues[0], team_at(demo, 1)
    stage.call_team(venue, team.id, actor=ACTOR)
    stage.open_scoring(venue, actor=ACTOR)
    submit(team, judges_of(demo)[0], marks_totalling("90"))
    stage.close_scoring(venue, actor=ACTOR)
    db.session.commit()
    assert _refused(stage.reveal, venue, actor=ACTOR) == (
        "还有评委未提交（1 / 9），强制揭晓需填写原因"
    )
    assert _refused(stage.reveal, venue, actor=ACTOR, force_reason="   ").startswith(
        "还有评委未提交"
    )
    stage.reveal(venue, actor=ACTOR, force_reason="其余评委网络故障")
    db.session.commit()


def test_a_stale_version_is_refused(app, demo):
    venue = demo.venues[0]
    seen = db.session.get(StageState, venue.id).version
    stage.call_team(venue, team_at(demo, 1).id, actor=ACTOR, expected_version=seen)
    db.session.commit()
    message = _refused(stage.open_scoring, venue, actor=ACTOR, expected_version=seen)
    assert message == "台上状态已被其他操作更新，请查看最新状态后再操作"


def test_two_hosts_clicking_open_at_once_open_it_once(app, demo):
    venue = demo.venues[0]
    stage.call_team(venue, team_at(demo, 1).id, actor=ACTOR)
    db.session.commit()
    seen = db.session.get(StageState, venue.id).version
    atomic(lambda: stage.open_scoring(venue, actor="staff:1", expected_version=seen))
    with pytest.raises(StageRefused):
        atomic(lambda: stage.open_scoring(venue, actor="staff:2", expected_version=seen))
    assert db.session.get(StageState, venue.id).version == seen + 1


def test_judges_scores_do_not_make_a_host_action_stale(app, demo):
    venue, team = demo.venues[0], team_at(demo, 1)
    stage.call_team(venue, team.id, actor=ACTOR)
    stage.open_scoring(venue, actor=ACTOR)
    db.session.commit()
    seen = db.session.get(StageState, venue.id).version
    from contest.day.submissions import submit_score

    marks = {str(i.id): m for i, m in zip(demo.items, marks_totalling("90"), strict=True)}
    atomic(
        lambda: submit_score(
            judge=judges_of(demo)[0],
            team_id=team.id,
            marks=marks,
            total="90",
            idempotency_key="s" * 32,
        )
    )
    atomic(lambda: stage.close_scoring(venue, actor=ACTOR, expected_version=seen))
    assert team.scoring_closed_at is not None


def test_timer_reset_during_the_talk_keeps_the_time_measured(app, demo):
    venue = demo.venues[0]
    stage.call_team(venue, team_at(demo, 1).id, actor=ACTOR)
    row = db.session.get(StageState, venue.id)
    row.timer_elapsed_ms = 16 * 60 * 1000 + 20_000  # as if the clock had run 16:20
    stage.timer(venue, "reset", actor=ACTOR)
    db.session.commit()
    assert (row.timer_elapsed_ms, row.timer_started_at, row.talk_elapsed_ms) == (0, None, 980_000)
    row.timer_elapsed_ms = 5_000  # a shorter second run does not replace the longer one
    stage.timer(venue, "qa", actor=ACTOR)
    db.session.commit()
    assert (row.timer_phase.value, row.talk_elapsed_ms) == ("qa", 980_000)
    row.timer_elapsed_ms = 70_000  # resetting the Q&A clock leaves the talk alone
    stage.timer(venue, "reset", actor=ACTOR)
    db.session.commit()
    assert row.talk_elapsed_ms == 980_000
    entry = db.session.scalar(
        sa.select(AuditEntry)
        .where(AuditEntry.action == "stage.timer_reset")
        .order_by(AuditEntry.id)
        .limit(1)
    )
    assert entry.data == {"team": team_at(demo, 1).id, "elapsed_ms": 0, "measured_ms": 980_000}


def test_a_new_team_on_stage_starts_with_no_kept_talk_time(app, demo):
    venue = demo.venues[0]
    stage.call_team(venue, team_at(demo, 1).id, actor=ACTOR)
    db.session.get(StageState, venue.id).timer_elapsed_ms = 60_000
    stage.timer(venue, "reset", actor=ACTOR)
    stage.call_team(venue, team_at(demo, 2).id, actor=ACTOR)
    db.session.commit()
    assert db.session.get(StageState, venue.id).talk_elapsed_ms is None


def test_the_results_scene_waits_for_published_results(app, demo):
    venue = demo.venues[0]
    assert _refused(stage.set_scene, venue, Scene.RESULTS, actor=ACTOR) == (
        "获奖名单尚未发布：请管理员在「获奖与推荐」中发布后，再切换到「获奖结果」"
    )
    demo.results_published_at = utcnow()
    stage.set_scene(venue, Scene.RESULTS, actor=ACTOR)
    db.session.commit()
    assert db.session.get(StageState, venue.id).scene is Scene.RESULTS
