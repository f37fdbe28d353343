"""The display's own state: a break's end time, who is next, results by rank, the livestream."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
import sqlalchemy as sa

from contest.day import stage
from contest.day.snapshot import published_results, venue_snapshot
from contest.day.stage import StageRefused
from contest.extensions import db
from contest.models import (
    AuditEntry,
    AwardGrade,
    NationalSelection,
    Scene,
    StageState,
    TeamAward,
    TeamStatus,
    utcnow,
)
from contest.setup.contests import Refused
from contest.setup.stream import set_stream_url
from tests.conftest import sign_in
from tests.factories import close_scoring, judges_of, marks_totalling, submit, team_at

ACTOR = "staff:test"


def _last_audit(action: str) -> AuditEntry:
    return db.session.scalar(
        sa.select(AuditEntry).where(AuditEntry.action == action).order_by(AuditEntry.id.desc())
    )


def test_break_scene_stores_its_end_time_and_audits_the_length(app, demo):
    venue = demo.venues[0]
    before = utcnow()
    stage.set_scene(venue, Scene.BREAK, actor=ACTOR, minutes=15)
    db.session.commit()
    row = db.session.get(StageState, venue.id)
    assert row.scene is Scene.BREAK
    assert before + timedelta(minutes=15) <= row.break_ends_at <= utcnow() + timedelta(minutes=15)
    entry = _last_audit("stage.scene_changed")
    assert (entry.data["scene"], entry.data["minutes"]) == ("break", 15)
    assert venue_snapshot(venue)["break_ends_at"] == row.break_ends_at.isoformat()


@pytest.mark.parametrize("minutes", [None, 0, 181, "15", 1.5, True])
def test_break_scene_with_a_wrong_length_is_refused_and_writes_nothing(app, demo, minutes):
    venue = demo.venues[0]
    with pytest.raises(StageRefused) as refused:
        stage.set_scene(venue, Scene.BREAK, actor=ACTOR, minutes=minutes)
    db.session.rollback()
    assert refused.value.message == "请填写茶歇时长：1 至 180 之间的整数分钟"
    row = db.session.get(StageState, venue.id)
    assert (row.scene, row.break_ends_at) == (Scene.WELCOME, None)


def _host_post(client, venue_id: int, body: dict):
    page = client.get(f"/host/venues/{venue_id}").get_data(as_text=True)
    token = re.search(r'name="csrf-token" content="([^"]+)"', page).group(1)
    return client.post(
        f"/api/venues/{venue_id}/stage/scene", json=body, headers={"X-CSRFToken": token}
    )


def test_break_minutes_typed_in_full_width_digits_are_accepted(client, staff, demo):
    sign_in(client, "host1")
    venue = demo.venues[0]
    response = _host_post(client, venue.id, {"scene": "break", "minutes": "１０"})
    assert response.status_code == 200
    assert response.get_json()["stage"]["scene"] == "break"
    refused = _host_post(client, venue.id, {"scene": "break", "minutes": "十分钟"})
    assert refused.status_code == 409
    assert refused.get_json()["message"] == "请填写茶歇时长：1 至 180 之间的整数分钟"


def test_next_up_is_the_first_waiting_team_after_the_one_on_stage(app, demo):
    venue = demo.venues[0]
    snapshot = venue_snapshot(venue)
    assert snapshot["next_up"]["team_name"] == "叶片车间精加工一班"
    assert [t["order"] for t in snapshot["running_order"]] == list(range(1, 21))
    stage.call_team(venue, team_at(demo, 1).id, actor=ACTOR)
    team_at(demo, 2).status = TeamStatus.ABSENT
    stage.set_scene(venue, Scene.NEXT_UP, actor=ACTOR)
    db.session.commit()
    snapshot = venue_snapshot(venue)
    assert snapshot["stage"]["scene"] == "next_up"
    assert snapshot["next_up"]["company_name"] == "上海浦东国际机场货运站有限公司（东区）"


def test_next_up_scene_is_refused_when_nobody_is_waiting(app, demo):
    venue = demo.venues[0]
    for team in venue.teams:
        team.status = TeamStatus.SCORED
    db.session.commit()
    with pytest.raises(StageRefused) as refused:
        stage.set_scene(venue, Scene.NEXT_UP, actor=ACTOR)
    db.session.rollback()
    assert refused.value.message == "没有待发表的班组了"
    assert db.session.get(StageState, venue.id).scene is Scene.WELCOME


def test_published_results_list_teams_by_rank_not_by_order(app, demo):
    judges = judges_of(demo)
    first, second, third = (team_at(demo, n) for n in (1, 2, 3))
    for team, total in ((first, "80"), (second, "95"), (third, "90")):
        for judge in judges:
            submit(team, judge, marks_totalling(total))
        close_scoring(team, reveal=True)
    grade = AwardGrade(contest=demo, name="一等奖", position=0)
    db.session.add(grade)
    for team in (first, second, third):
        db.session.add(TeamAward(team=team, grade=grade))
        db.session.add(NationalSelection(team=team, selected=True))
    demo.results_published_at = utcnow()
    db.session.commit()
    results = published_results(demo)
    expected = ["蒸发器装焊班组", "进港理货二组", "叶片车间精加工一班"]
    assert [t["team_name"] for t in results["national"]] == expected
    assert [t["team_name"] for t in results["awards"][0]["teams"]] == expected


def test_stream_address_is_trimmed_stored_and_audited(app, demo):
    venue = demo.venues[0]
    url = "https://live.example.com/hall-a/index.m3u8"
    assert set_stream_url(venue=venue, url=f"  {url} ", actor=ACTOR) is True
    db.session.commit()
    assert venue.stream_url == url
    entry = _last_audit("venue.stream_set")
    assert (entry.subject, entry.data) == (f"venue:{venue.id}", {"before": "", "after": url})
    assert set_stream_url(venue=venue, url=url, actor=ACTOR) is False
    assert set_stream_url(venue=venue, url="", actor=ACTOR) is True
    assert venue.stream_url == ""


@pytest.mark.parametrize(
    "url", ["rtmp://live.example.com/a", "live.example.com/a.m3u8", "https://", "https://a b/x"]
)
def test_stream_address_that_is_no_web_address_is_refused(app, demo, url):
    venue = demo.venues[0]
    with pytest.raises(Refused) as refused:
        set_stream_url(venue=venue, url=url, actor=ACTOR)
    assert refused.value.message.startswith("直播地址应为以 https:// 开头的网址")
    assert venue.stream_url == ""
