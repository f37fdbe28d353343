"""The host console's server side: the overtime preview, the confirmed amount, the wording."""

from __future__ import annotations

import re

import sqlalchemy as sa

from contest.day import deductions, stage
from contest.extensions import db
from contest.models import Deduction, StageState
from tests.conftest import sign_in
from tests.factories import team_at

ACTOR = "staff:test"


def _talked(demo, seconds: int) -> int:
    """The first team on stage after a talk of `seconds`; 1 point per started minute over."""
    demo.settings = {**demo.settings, "overtime": {"rule": "per_started_minute", "amount": "1"}}
    venue = demo.venues[0]
    team = team_at(demo, 1)
    stage.call_team(venue, team.id, actor=ACTOR)
    db.session.get(StageState, venue.id).timer_elapsed_ms = seconds * 1000
    stage.timer(venue, "qa", actor=ACTOR)
    db.session.commit()
    return team.id


def _host(client, demo) -> str:
    sign_in(client, "host1")
    page = client.get(f"/host/venues/{demo.venues[0].id}").get_data(as_text=True)
    return re.search(r'name="csrf-token" content="([^"]+)"', page).group(1)


def _preview(client, demo) -> tuple[int, dict]:
    _host(client, demo)
    response = client.get(f"/api/venues/{demo.venues[0].id}/overtime")
    return response.status_code, response.get_json()


def test_the_overtime_preview_says_the_amount_and_writes_nothing(client, staff, demo):
    _talked(demo, 15 * 60 + 80)
    assert _preview(client, demo) == (
        200,
        {"points": "2", "overrun_ms": 80_000, "text": "超时 1分20秒，按规则扣 2 分"},
    )
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Deduction)) == 0


def test_the_overtime_preview_refuses_a_talk_within_time(client, staff, demo):
    _talked(demo, 14 * 60 + 59)
    assert _preview(client, demo) == (
        409,
        {"error": "not_over", "message": "发表用时 14分59秒，未超过规定的 15分00秒，无需扣分"},
    )


def test_recording_overtime_checks_the_amount_the_host_confirmed(client, staff, demo):
    team_id = _talked(demo, 15 * 60 + 80)
    token = _host(client, demo)
    url = f"/api/venues/{demo.venues[0].id}/stage/overtime"
    headers = {"X-CSRFToken": token}
    moved = client.post(url, json={"points": "1"}, headers=headers)
    assert (moved.status_code, moved.get_json()["message"]) == (
        409,
        "扣分已变为：超时 1分20秒，按规则扣 2 分。请重新确认后再记录",
    )
    bad = client.post(url, json={"points": "two"}, headers=headers)
    assert (bad.status_code, bad.get_json()["message"]) == (400, "扣分数值无效，请刷新页面后重试")
    recorded = client.post(url, json={"points": "2"}, headers=headers)
    assert recorded.status_code == 200
    assert recorded.get_json()["deductions"] == ["超时 1分20秒，按规则扣 2 分"]
    amounts = db.session.scalars(sa.select(Deduction.amount).where(Deduction.team_id == team_id))
    assert [str(a) for a in amounts] == ["2"]


def test_the_staff_scores_page_says_what_was_deducted(client, staff, demo):
    team_id = _talked(demo, 15 * 60 + 80)
    deductions.add_overtime(demo.venues[0], actor=ACTOR)
    db.session.commit()
    sign_in(client, "admin")
    page = client.get(f"/admin/teams/{team_id}/scores").get_data(as_text=True)
    assert '<ul id="deductions"><li>超时 1分20秒，按规则扣 2 分</li></ul>' in page


def test_the_console_speaks_the_notice_wording(client, staff, demo):
    _host(client, demo)
    page = client.get(f"/host/venues/{demo.venues[0].id}").get_data(as_text=True)
    for word in ("提醒评委", "抽签随机码", "监督人", "请上台", "获奖结果", "大屏同步画面"):
        assert word in page, word
    for old in ("催一下", "抽签种子", "见证人", "叫号"):
        assert old not in page, old
