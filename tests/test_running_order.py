"""Draw of lots and changes to the running order: replayable, guarded, audited."""

from __future__ import annotations

import pytest
import sqlalchemy as sa

from contest.day import draw, running_order, stage
from contest.day.stage import StageRefused
from contest.extensions import db
from contest.models import AuditEntry, Draw, Team, TeamStatus
from tests.factories import team_at

ACTOR = "staff:test"


def _order(demo) -> list[int]:
    return list(
        db.session.scalars(
            sa.select(Team.id).where(Team.contest_id == demo.id).order_by(Team.order_position)
        )
    )


def test_draw_orders_the_waiting_teams_by_the_seed(app, demo):
    absent = team_at(demo, 5)
    running_order.set_status(demo.venues[0], absent.id, "absent", actor=ACTOR)
    record = running_order.draw_lots(
        demo.venues[0], " 2026-09-18-738291 ", witnesses="王、李", actor=ACTOR
    )
    db.session.commit()
    waiting = sorted(t.id for t in db.session.scalars(sa.select(Team)) if t.id != absent.id)
    assert record.seed == "2026-09-18-738291"
    assert record.entrants == waiting
    assert record.order == draw.shuffle("2026-09-18-738291", waiting)
    assert _order(demo) == [*record.order, absent.id]  # the absent team waits at the end
    entry = db.session.scalar(sa.select(AuditEntry).where(AuditEntry.action == "stage.order_drawn"))
    assert entry.data["seed"] == "2026-09-18-738291"
    assert entry.data["order"] == record.order


def test_replay_draw_command_confirms_the_stored_order(app, runner, demo):
    running_order.draw_lots(demo.venues[0], "seed-1", actor=ACTOR)
    db.session.commit()
    result = runner.invoke(args=["replay-draw"])
    assert result.exit_code == 0
    assert "重演结果与存档顺序一致" in result.output
    db.session.execute(sa.update(Draw).values(order=list(reversed(_order(demo)))))
    db.session.commit()
    result = runner.invoke(args=["replay-draw"])
    assert result.exit_code == 1
    assert "不一致" in result.output


def test_no_draw_once_the_contest_has_started(app, demo):
    stage.call_team(demo.venues[0], team_at(demo, 1).id, actor=ACTOR)
    with pytest.raises(StageRefused) as refused:
        running_order.draw_lots(demo.venues[0], "late", actor=ACTOR)
    assert refused.value.message == "比赛已经开始，不能再抽签"


def test_empty_seed_is_refused(app, demo):
    with pytest.raises(StageRefused) as refused:
        running_order.draw_lots(demo.venues[0], "   ", actor=ACTOR)
    assert refused.value.message == "请填写抽签随机码（1 至 200 个字符）"


def test_a_late_team_moves_to_the_end(app, demo):
    late = team_at(demo, 2)
    running_order.move(demo.venues[0], late.id, "end", actor=ACTOR)
    db.session.commit()
    assert _order(demo)[-1] == late.id
    assert late.order_position == 20
    assert team_at(demo, 2).team_name == "进港理货二组"  # everyone behind moved up one


def test_moving_up_and_down_swaps_neighbours(app, demo):
    first, second = team_at(demo, 1), team_at(demo, 2)
    running_order.move(demo.venues[0], second.id, "up", actor=ACTOR)
    db.session.commit()
    assert (first.order_position, second.order_position) == (2, 1)
    with pytest.raises(StageRefused):
        running_order.move(demo.venues[0], second.id, "up", actor=ACTOR)


def test_a_presented_team_cannot_be_moved_or_marked_absent(app, demo):
    team = team_at(demo, 1)
    stage.call_team(demo.venues[0], team.id, actor=ACTOR)
    with pytest.raises(StageRefused):
        running_order.move(demo.venues[0], team.id, "end", actor=ACTOR)
    with pytest.raises(StageRefused):
        running_order.set_status(demo.venues[0], team.id, "absent", actor=ACTOR)


def test_absent_team_can_be_restored_and_is_audited(app, demo):
    team = team_at(demo, 3)
    running_order.set_status(demo.venues[0], team.id, "absent", actor=ACTOR)
    running_order.set_status(demo.venues[0], team.id, "waiting", actor=ACTOR)
    db.session.commit()
    assert team.status is TeamStatus.WAITING
    changes = db.session.scalars(
        sa.select(AuditEntry.data).where(AuditEntry.action == "stage.team_status")
    ).all()
    assert [(c["to"], c["was"]) for c in changes] == [("absent", "waiting"), ("waiting", "absent")]


def test_the_display_shows_the_draw(client, app, demo):
    running_order.draw_lots(demo.venues[0], "show-me", actor=ACTOR)
    db.session.commit()
    state = client.get(f"/api/venues/{demo.venues[0].id}/state").get_json()
    assert state["stage"]["scene"] == "draw"
    assert state["draw"]["seed"] == "show-me"
    assert [t["order"] for t in state["draw"]["order"]] == list(range(1, 21))
