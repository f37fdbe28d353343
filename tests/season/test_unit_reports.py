"""Forms 2-2 and 2-1 of a 推荐单位: checked field by field, item 5 reconciled with what it
actually recommended, the 活动总结 counted (≥ 3,000 字), versions kept."""

from __future__ import annotations

import html
import io

import sqlalchemy as sa

from contest.extensions import db
from contest.season.models import Recommender, UnitReport
from tests.season import helpers
from tests.season.files import docx
from tests.season.test_channels import _approved, _recommend, _season_with_a_team

STATS = {
    "enterprises": "12", "teams": "40", "teams_total": "260", "employees": "1350",
    "recommended": "1", "funding": "35.5", "rewards": "8",
    "features": "以发表评审为主，资料评审覆盖全部申报班组。", "held": "yes",
    "registered": "18", "presented": "15", "meeting_date": "2026年6月18日",
    "meeting_place": "浦东新区质量协会报告厅", "attendees": "120",
    "department": "质量管理部 王明", "contact": "王明", "mobile": "13812345678",
    "email": "wangm@example.com", "address": "上海市浦东新区世纪大道 1 号", "postcode": "200120",
}  # fmt: skip


def _recommender(app, staff):
    team, unit, enterprise = _season_with_a_team(app, staff)
    client = app.test_client()
    form = {"csrf_token": helpers.token(client, "/apply/login"), "username": "pudong",
            "password": "zhiliang-2026-pudong"}  # fmt: skip
    client.post("/apply/login", data=form)
    _recommend(client, _approved(team, unit, enterprise, "丙烯酸装置运行三班"))
    return client, db.session.scalar(sa.select(Recommender))


def _submit(client, unit, stats, *, summary: bytes | None = None, forms=("发表评审", "资料评审")):
    url = f"/apply/recommender/{unit.id}/report"
    data = {"csrf_token": helpers.token(client, url), **stats, "forms": list(forms)}
    if summary is not None:
        data["summary"] = (io.BytesIO(summary), "2026年活动总结.docx")
    response = client.post(url, data=data, content_type="multipart/form-data")
    return response, html.unescape(response.get_data(as_text=True))


def test_statistics_are_checked_and_reconciled_and_the_summary_counted(app, staff):
    client, unit = _recommender(app, staff)
    long_enough = docx("班" * 3000)
    response, page = _submit(client, unit, {**STATS, "recommended": "2", "teams_total": "30"},
                             summary=long_enough, forms=())  # fmt: skip
    assert response.status_code == 422
    assert "历年累计数 30 小于本年度开展的班组数 40；请核对" in page
    assert "请勾选质量信得过班组评审及交流形式（可多选）" in page
    response, page = _submit(client, unit, {**STATS, "recommended": "2"}, summary=long_enough)
    assert (
        "统计表第 5 项“本年度推荐上海市质量信得过班组数”填写为 2，"
        "而本单位在系统中实际推荐了 1 个；请核对后再提交"
    ) in page
    response, page = _submit(client, unit, STATS, summary=docx("班" * 2999))
    assert "活动总结共 2,999 字，少于 3,000 字的要求；请补充 1 字以上后重新上传" in page
    assert db.session.scalar(sa.select(sa.func.count()).select_from(UnitReport)) == 0

    response, _page = _submit(client, unit, STATS, summary=long_enough)
    assert response.status_code == 302
    page = html.unescape(client.get(response.headers["Location"]).get_data(as_text=True))
    assert "已提交统计表和活动总结（第 1 次提交）" in page
    assert "活动总结「2026年活动总结.docx」3,000 字" in page
    response, _page = _submit(client, unit, {**STATS, "attendees": "130"})  # no new file
    assert response.status_code == 302
    reports = db.session.scalars(sa.select(UnitReport).order_by(UnitReport.version)).all()
    assert [(r.version, r.stats["attendees"], r.summary["characters"]) for r in reports] == [
        (1, "120", 3000),
        (2, "130", 3000),
    ]
    assert reports[1].summary == reports[0].summary
    assert reports[0].stats["forms"] == ["发表评审", "资料评审"]


def test_form_2_2_is_saved_as_a_draft_unchecked_and_shown_until_the_next_submit(app, staff):
    client, unit = _recommender(app, staff)
    url = f"/apply/recommender/{unit.id}/report"
    half = {"enterprises": "12", "teams": "abc", "features": "以发表评审为主"}
    data = {"csrf_token": helpers.token(client, url), **half, "forms": ["资料评审", "伪造形式"],
            "next": "draft"}  # fmt: skip
    response = client.post(url, data=data)
    assert response.status_code == 302
    page = html.unescape(client.get(url).get_data(as_text=True))
    assert "已保存统计表草稿（" in page and "；尚未提交，活动总结文件请在提交时选择" in page
    assert "保存的草稿，尚未提交。" in page
    assert 'name="teams" value="abc"' in page  # kept as typed, checked only at the 提交
    assert 'value="资料评审" checked' in page and "伪造形式" not in page
    assert db.session.scalar(sa.select(sa.func.count()).select_from(UnitReport)) == 0

    response, page = _submit(client, unit, STATS, summary=docx("班" * 3000))
    assert response.status_code == 302
    page = html.unescape(client.get(url).get_data(as_text=True))
    assert "保存的草稿，尚未提交。" not in page  # the 提交 is newer: it is what shows
    assert 'name="teams" value="40"' in page


def test_form_2_2_draft_is_refused_after_the_close(app, staff):
    client, unit = _recommender(app, staff)
    url = f"/apply/recommender/{unit.id}/report"
    token = helpers.token(client, url)
    season = unit.season
    season.closes_at = season.opens_at
    db.session.commit()
    client.post(url, data={"csrf_token": token, "enterprises": "3", "next": "draft"})
    page = html.unescape(client.get(url).get_data(as_text=True))
    assert "在线申报已截止，统计表不能再保存" in page
    assert "保存的草稿" not in page
