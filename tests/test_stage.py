"""Stage actions: only valid moves happen; a stale or repeated action is refused, not merged."""

from __future__ import annotations

import pytest

from contest import stage
from contest.extensions import db
from contest.models import Scene, StageState, TeamStatus
from contest.stage import StageRefused
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
    assert _refused(stage.open_scoring, venue, actor=ACTOR) == "台上没有班组，请先叫号"
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
    from contest.submissions import submit_score

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
