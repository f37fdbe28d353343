"""Every audience gets a real page for the demo contest, names exactly as stored."""

from __future__ import annotations

import json
import re

import sqlalchemy as sa

from contest.extensions import db
from contest.models import Judge, StageState, Team
from tests.conftest import sign_in
from tests.factories import team_at


def _text(response) -> str:
    assert response.status_code == 200, response.status_code
    return response.get_data(as_text=True)


def test_staff_page_lists_every_team_exactly(client, staff, demo):
    sign_in(client, "admin")
    page = _text(client.get(f"/admin/contests/{demo.id}"))
    for team in db.session.scalars(sa.select(Team)):
        assert f'<td class="name">{team.company_name}</td>' in page
        assert f'<a href="/admin/teams/{team.id}">{team.team_name}</a></td>' in page
    assert "李志强 → 上海外高桥造船有限公司 涂装事业部分段涂装三班" in page


def test_host_console_shows_running_order_and_judges(client, staff, demo):
    sign_in(client, "host1")
    page = _text(client.get(f"/host/venues/{demo.venues[0].id}"))
    state = json.loads(re.search(r'id="initial-state">(.*?)</script>', page, re.S).group(1))
    assert "出场顺序" in page
    assert [t["order"] for t in state["order"]] == list(range(1, 21))
    assert [j["label"] for j in state["judges"]] == [f"评委{n}" for n in range(1, 10)]
    assert {j["state"] for j in state["judges"]} == {"unopened"}


def _state(page: str) -> dict:
    return json.loads(re.search(r'id="initial-state">(.*?)</script>', page, re.S).group(1))


def test_display_welcomes_with_the_contest_name(client, demo):
    state = _state(_text(client.get(f"/display/venues/{demo.venues[0].id}")))
    assert state["stage"]["scene"] == "welcome"
    assert state["contest"]["name"] == demo.name


def test_display_shows_the_team_on_stage(client, demo):
    stage = db.session.get(StageState, demo.venues[0].id)
    team = team_at(demo, 3)
    stage.team, stage.scene = team, "on_stage"
    db.session.commit()
    page = _text(client.get(f"/display/venues/{demo.venues[0].id}"))
    team = _state(page)["stage"]["team"]
    assert team["company_name"] == "上海浦东国际机场货运站有限公司（东区）"
    assert team["team_name"] == "进港理货二组"
    assert "上海浦东国际机场货运站有限公司（东区）" in page  # UTF-8 in the page, not \u escapes


def test_viewer_page_is_public_and_hides_judges(client, demo):
    page = _text(client.get(f"/live/{demo.id}"))
    assert demo.name in page
    for judge in db.session.scalars(sa.select(Judge)):
        assert judge.name not in page
        assert judge.access_key not in page


def test_judge_link_signs_in_and_drops_the_key_from_the_address(client, demo):
    judge = db.session.scalar(sa.select(Judge).where(Judge.number == 2))
    response = client.get(f"/j/{judge.access_key}")
    assert response.status_code == 302
    assert response.headers["Location"] == "/judge/"
    page = _text(client.get("/judge/"))
    assert "评委2 · 王丽华" in page
    assert "第一分会场" in page
    db.session.refresh(judge)
    assert judge.first_opened_at is not None


def test_unknown_judge_key_is_refused_in_chinese(client, demo):
    response = client.get("/j/not-a-real-key")
    assert response.status_code == 404
    assert "链接无效" in response.get_data(as_text=True)


def test_recused_judge_sees_recusal_for_that_team(client, demo):
    stage = db.session.get(StageState, demo.venues[0].id)
    stage.team, stage.scene = team_at(demo, 4), "on_stage"
    db.session.commit()
    judge = db.session.scalar(sa.select(Judge).where(Judge.number == 3))
    client.get(f"/j/{judge.access_key}")
    page = _text(client.get("/judge/"))
    state = json.loads(re.search(r'id="initial-state">(.*?)</script>', page, re.S).group(1))
    assert state["recused"] is True
    assert state["team"]["company_name"] == "上海外高桥造船有限公司"


def test_health_endpoint_reports_database(client):
    assert client.get("/healthz").get_json() == {"status": "ok", "database": "ok"}


def test_index_links_to_the_viewer_page(client, demo):
    assert f"/live/{demo.id}" in _text(client.get("/"))


def test_overlay_page_is_public_and_transparent(client, demo):
    page = _text(client.get(f"/overlay/venues/{demo.venues[0].id}"))
    assert 'class="overlay"' in page
    assert "css/overlay.css" in page
    assert _state(page)["venue"]["name"] == "第一分会场"
