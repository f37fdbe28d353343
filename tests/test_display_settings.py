"""Judges appear by number on public screens unless staff choose to show names."""

from __future__ import annotations

import re

from contest.day import stage
from contest.extensions import db
from tests.conftest import sign_in
from tests.factories import judges_of, marks_totalling, submit, team_at


def _revealed(demo):
    venue = demo.venues[0]
    team = team_at(demo, 1)
    stage.call_team(venue, team.id, actor="test")
    stage.open_scoring(venue, actor="test")
    for judge in judges_of(demo)[:5]:
        submit(team, judge, marks_totalling("90"))
    stage.close_scoring(venue, actor="test")
    stage.reveal(venue, actor="test", force_reason="测试")
    db.session.commit()


def _marks_shown(client, demo) -> list[str]:
    state = client.get(f"/api/venues/{demo.venues[0].id}/state").get_json()
    return [m["judge"] for m in state["reveal"]["marks"]]


def test_names_appear_only_when_staff_enable_them(client, staff, demo):
    _revealed(demo)
    assert _marks_shown(client, demo) == ["评委1", "评委2", "评委3", "评委4", "评委5"]
    sign_in(client, "admin")
    page = client.get(f"/admin/contests/{demo.id}").get_data(as_text=True)
    token = re.search(r'name="csrf_token" value="([^"]+)"', page).group(1)
    response = client.post(
        f"/admin/contests/{demo.id}/display-settings",
        data={"csrf_token": token, "show_judge_names": "1"},
    )
    assert response.status_code == 302
    assert _marks_shown(client, demo) == ["陈建国", "王丽华", "李志强", "张敏", "刘卫东"]
    client.post(f"/admin/contests/{demo.id}/display-settings", data={"csrf_token": token})
    assert _marks_shown(client, demo)[0] == "评委1"
