"""`flask demo` loads a realistic contest; `flask links` and `judge-links` print its links."""

from __future__ import annotations

from decimal import Decimal

import sqlalchemy as sa

from contest.extensions import db
from contest.models import Contest, Judge, PresentationMode, Recusal, RecusalKind, Team


def test_demo_contest_has_the_promised_shape(app, demo):
    teams = db.session.scalars(sa.select(Team)).all()
    judges = db.session.scalars(sa.select(Judge)).all()
    assert len(demo.venues) == 1
    assert len(teams) == 20
    assert len(judges) == 9
    assert {t.mode for t in teams} == {PresentationMode.IN_HALL, PresentationMode.ONLINE}
    assert sum((item.maximum for item in demo.items), Decimal(0)) == Decimal(100)
    assert max(len(t.company_name) for t in teams) >= 18


def test_demo_judge_from_a_contesting_enterprise_recuses(app, demo):
    recusals = db.session.scalars(sa.select(Recusal)).all()
    assert len(recusals) == 1
    recusal = recusals[0]
    assert recusal.kind is RecusalKind.AUTOMATIC
    assert recusal.judge.name == "李志强"
    assert recusal.team.company_name == "上海外高桥造船有限公司"
    assert recusal.reason == "评委工作单位与企业名称相同"


def test_demo_judge_keys_are_long_and_unique(app, demo):
    keys = db.session.scalars(sa.select(Judge.access_key)).all()
    assert len(set(keys)) == 9
    # token_urlsafe(24): 32 characters of 6 bits = 192 bits, above the 128 asked for.
    assert all(len(key) == 32 for key in keys)


def test_demo_if_empty_loads_once(runner, app):
    first = runner.invoke(args=["demo", "--if-empty"])
    second = runner.invoke(args=["demo", "--if-empty"])
    assert first.exit_code == 0 and "已载入演示比赛" in first.output
    assert second.exit_code == 0 and "数据库已有比赛" in second.output
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Contest)) == 1


def test_judge_links_prints_name_tab_url(runner, demo):
    result = runner.invoke(args=["judge-links"])
    assert result.exit_code == 0
    lines = result.output.strip().splitlines()
    judges = db.session.scalars(sa.select(Judge).order_by(Judge.number)).all()
    assert lines == [f"{j.name}\thttp://contest.test/j/{j.access_key}" for j in judges]


def test_links_prints_every_audience(runner, demo):
    output = runner.invoke(args=["links"]).output
    venue = demo.venues[0]
    for path in (
        "/staff/login",
        f"/admin/contests/{demo.id}",
        f"/host/venues/{venue.id}",
        f"/display/venues/{venue.id}",
        f"/live/{demo.id}",
    ):
        assert f"http://contest.test{path}" in output
    for key in db.session.scalars(sa.select(Judge.access_key)):
        assert f"http://contest.test/j/{key}" in output
