"""A 推荐单位 with three approved applications and two judges, made through the pages, for the
tests of forms 2-3 and 2-4."""

from __future__ import annotations

import html

import sqlalchemy as sa

from contest.extensions import db
from contest.season import unit_forms
from contest.season.models import Recommender, UnitJudge
from tests.conftest import sign_in
from tests.season import helpers
from tests.season.test_channels import _season_with_a_team, _submitted
from tests.season.test_form12 import GOOD

TEAMS = (("丙烯酸装置运行三班", "12"), ("聚合装置  运行一班", "9"), ("储运车间装卸二班", "15"))
JUDGES = (
    {"name": "陈志远", "employer": "上海市质量协会", "certificate_no": "TGQ-2019-0123",
     "mobile": "13911112222", "address": "上海市长宁区泰安路 74 号", "postcode": "200052"},
    {"name": "孙丽", "employer": "上海华谊（集团）公司", "certificate_no": "TGQ-2020-0007",
     "mobile": "13722223333", "address": "", "postcode": ""},
)  # fmt: skip


def signed_in(app, username: str):
    client = app.test_client()
    form = {"csrf_token": helpers.token(client, "/apply/login"), "username": username,
            "password": f"zhiliang-2026-{username}"}  # fmt: skip
    assert client.post("/apply/login", data=form).status_code == 302
    return client


def world(app, staff, teams=TEAMS):
    """(推荐单位's client, the 推荐单位, its applications approved by the enterprise, judges)."""
    team, unit, enterprise = _season_with_a_team(app, staff)
    applications = []
    for name, size in teams:
        application = _submitted(
            team, enterprise, {**GOOD, "team_name": name, "member_count": size}
        )
        helpers.complete_opinion(unit, application.id)  # 同意推荐 needs it (and its scan)
        review = f"/apply/unit/applications/{application.id}"
        data = {"csrf_token": helpers.token(unit, review), "outcome": "approved"}
        assert unit.post(review, data=data).status_code == 302
        applications.append(application)
    client = signed_in(app, "pudong")
    recommender = db.session.scalar(sa.select(Recommender))
    for judge in JUDGES:
        data = {"csrf_token": helpers.token(client, "/apply/recommender/"), **judge}
        assert (
            client.post(f"/apply/recommender/{recommender.id}/judges", data=data).status_code == 302
        )
    judges = db.session.scalars(sa.select(UnitJudge).order_by(UnitJudge.id)).all()
    return client, recommender, applications, judges


def office(app):
    client = app.test_client()
    sign_in(client, "admin")
    return client


def recommend(client, application, choice: str = "recommend") -> None:
    data = {"csrf_token": helpers.token(client, "/apply/recommender/")}
    url = f"/apply/recommender/applications/{application.id}/{choice}"
    assert client.post(url, data=data).status_code == 302


def row(application, judges, *, score="86.5", **parts) -> dict:
    """A complete row of the 2-4 page for `application`, as the browser sends it."""
    base = {
        "conformity": "班组建设各要素基本符合准则要求",
        "features": "自主维护与QC活动结合紧密",
        "shortcomings": "数据分析深度不足",
        "score": score,
    }
    fields = {f"{application.id}-{key}": value for key, value in {**base, **parts}.items()}
    fields[f"{application.id}-judges"] = [str(j.id) for j in judges]
    return fields


def filler(**changes) -> dict:
    return {"filler": "王明", "phone": "021-58471234", "date": unit_forms.today().isoformat(),
            **changes}  # fmt: skip


def post_review(client, recommender, fields: dict, next_step: str = "draft"):
    url = f"/apply/recommender/{recommender.id}/review"
    data = {"csrf_token": helpers.token(client, url), "next": next_step, **fields}
    response = client.post(url, data=data)
    return response, html.unescape(response.get_data(as_text=True))


def confirm(client, recommender):
    url = f"/apply/recommender/{recommender.id}/review/submit"
    return client.post(url, data={"csrf_token": helpers.token(client, url)})


def post_recommendation(client, recommender, fields: dict, next_step: str = "submit"):
    url = f"/apply/recommender/{recommender.id}/recommendation"
    data = {"csrf_token": helpers.token(client, url), "next": next_step, **fields}
    response = client.post(url, data=data)
    return response, html.unescape(response.get_data(as_text=True))


def page(client, path: str) -> str:
    return html.unescape(client.get(path, follow_redirects=True).get_data(as_text=True))
