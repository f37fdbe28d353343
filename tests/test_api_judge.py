"""The judges' JSON API over HTTP: sign-in by link, CSRF, exact numbers, idempotent retries."""

from __future__ import annotations

import re

import sqlalchemy as sa

from contest.extensions import db
from contest.models import ScoreSubmission
from tests.factories import team_at
from tests.judge_helpers import judge_client, open_team, post_json

URL = "/api/judge/scores"


def _body(demo, team, key="a" * 32, marks=("14.5", "13", "22.5", "12.5", "17.5", "8.5")):
    return {
        "team_id": team.id,
        "marks": {str(item.id): m for item, m in zip(demo.items, marks, strict=True)},
        "total": "88.5",
        "idempotency_key": key,
    }


def _count() -> int:
    return db.session.scalar(sa.select(sa.func.count()).select_from(ScoreSubmission))


def test_submit_then_retry_stores_one_version(app, demo):
    team = open_team(demo, 1)
    phone = judge_client(app, 1)
    first = post_json(phone, URL, _body(demo, team))
    retry = post_json(phone, URL, _body(demo, team))
    assert first.status_code == 201
    assert retry.status_code == 200
    assert retry.get_json()["replayed"] is True
    assert retry.get_json()["submission"]["receipt"] == first.get_json()["submission"]["receipt"]
    assert _count() == 1


def test_json_numbers_are_read_exactly(app, demo):
    team = open_team(demo, 1)
    phone = judge_client(app, 1)
    marks = ["14.5", "13", "22.5", "12.5", "17.5", "8.5"]
    numbers = ", ".join(f'"{i.id}": {m}' for i, m in zip(demo.items, marks, strict=True))
    raw = (
        f'{{"team_id": {team.id}, "total": 88.5, "idempotency_key": "{"n" * 32}", '
        f'"marks": {{{numbers}}}}}'
    )
    response = post_json(phone, URL, None, raw=raw)
    assert response.status_code == 201
    assert response.get_json()["submission"]["total"] == "88.5"


def test_state_shows_the_judges_own_current_score(app, demo):
    team = open_team(demo, 1)
    phone = judge_client(app, 1)
    post_json(phone, URL, _body(demo, team))
    state = phone.get("/api/judge/state").get_json()
    assert state["team"]["team_name"] == "叶片车间精加工一班"
    assert state["scoring_open"] is True
    assert state["mine"]["total"] == "88.5"
    assert state["mine"]["version"] == 1


def test_a_revoked_session_is_refused_in_chinese(app, demo):
    from contest.models import utcnow

    team = open_team(demo, 1)
    phone = judge_client(app, 1)
    phone.judge.key_issued_at = utcnow()  # what reissuing the key does
    db.session.commit()
    response = post_json(phone, URL, _body(demo, team))
    assert response.status_code == 401
    assert _count() == 0
    assert response.get_json()["message"] == "评委身份已失效，请重新扫描您的二维码"


def test_without_csrf_token_nothing_is_written(app, demo):
    team = open_team(demo, 1)
    phone = judge_client(app, 1)
    response = post_json(phone, URL, _body(demo, team), csrf=False)
    assert response.status_code == 400
    assert response.get_json()["message"] == "页面已过期或表单无效，请刷新页面后重试"
    assert _count() == 0


def test_malformed_json_is_refused(app, demo):
    open_team(demo, 1)
    phone = judge_client(app, 1)
    response = post_json(phone, URL, None, raw="{not json")
    assert response.status_code == 400
    assert response.get_json()["message"] == "请求内容不是有效的 JSON"
    response = post_json(phone, URL, None, raw="[1, 2]")
    assert response.get_json()["message"] == "请求内容必须是 JSON 对象"


def test_out_of_range_mark_is_refused_with_the_item(app, demo):
    team = open_team(demo, 1)
    phone = judge_client(app, 1)
    body = _body(demo, team, marks=("14.5", "13", "26", "12.5", "17.5", "8.5"))
    body["total"] = "92"
    response = post_json(phone, URL, body)
    assert response.status_code == 422
    assert response.get_json() == {
        "error": "out_of_range",
        "message": "“质量改进与创新”的分数必须在 0 到 25 之间",
        "item_id": demo.items[2].id,
    }
    assert _count() == 0


def test_recused_judge_is_refused_over_http(app, demo):
    team = open_team(demo, 4)
    phone = judge_client(app, 3)
    response = post_json(phone, URL, _body(demo, team))
    assert response.status_code == 422
    assert response.get_json()["error"] == "recused"


def test_a_score_after_the_close_is_kept_not_counted(app, demo):
    team = open_team(demo, 1)
    from contest.day import stage

    stage.close_scoring(demo.venues[0], actor="test")
    db.session.commit()
    response = post_json(judge_client(app, 1), URL, _body(demo, team))
    assert response.status_code == 202
    assert response.get_json()["accepted"] is False
    assert response.get_json()["message"] == "评分已结束，您的评分已送达，等待主持人决定是否采纳"
    assert _count() == 0


def test_a_score_for_a_team_not_yet_open_is_a_conflict(app, demo):
    open_team(demo, 1)
    response = post_json(judge_client(app, 1), URL, _body(demo, team_at(demo, 2)))
    assert response.status_code == 409
    assert response.get_json()["message"] == "该班组当前未开放评分"


def test_openapi_documents_every_api_route(client, app):
    document = client.get("/api/openapi.json").get_json()
    assert document["openapi"] == "3.1.0"
    rules = {
        rule.rule.replace("<int:", "{").replace("<", "{").replace(">", "}")
        for rule in app.url_map.iter_rules()
        if rule.rule.startswith("/api/") and rule.endpoint != "api.openapi_document"
    }
    # Each host action has its own documented body: /stage/call, /stage/open, … one route.
    documented = {re.sub(r"/stage/[a-z_]+$", "/stage/{action}", p) for p in document["paths"]}
    assert documented == rules
