"""Form 2-3 (推荐表) of a 推荐单位: the teams it recommended named exactly as their 申报表, the
total, its 评委名单; every cross-check of 提交 in words; 「推荐表需重新提交」 once a
recommendation changes, on its page and the secretariat's; both forms in the staff's pages
and the 形式审查报告 workbook."""

from __future__ import annotations

import io
from datetime import timedelta

import sqlalchemy as sa

from contest.extensions import db
from contest.models import AuditEntry
from contest.models.types import utcnow
from contest.season import unit_paper
from contest.season.models import (
    Application,
    ApplicationStatus,
    Enterprise,
    Season,
    UnitForm,
    UnitFormVersion,
)
from tests.season import helpers
from tests.season import review_world as w

COMPANY = "上海华谊（集团）公司  丙烯酸厂"
A, B = "2026-0001「丙烯酸装置运行三班」", "2026-0002「聚合装置  运行一班」"


def _recommendations() -> list[UnitFormVersion]:
    db.session.expire_all()
    return list(
        db.session.scalars(
            sa.select(UnitFormVersion)
            .where(UnitFormVersion.form == UnitForm.RECOMMENDATION)
            .order_by(UnitFormVersion.version)
        )
    )


def _review(client, unit, apps, judges) -> None:
    rows = {k: v for a in apps for k, v in w.row(a, judges).items()}
    response, _page = w.post_review(client, unit, {**rows, **w.filler()}, "submit")
    assert response.status_code == 302
    assert w.confirm(client, unit).status_code == 302


def test_the_recommendation_is_cross_checked_and_submitted_with_exact_names(app, staff):
    client, unit, apps, judges = w.world(app, staff)
    response, page = w.post_recommendation(client, unit, w.filler())
    assert response.status_code == 422
    assert (
        "推荐表还有 1 处问题，未提交：推荐表中还没有推荐的班组：请先在推荐通道推荐班组，"
        "再提交推荐表"
    ) in page
    w.recommend(client, apps[0])
    _response, page = w.post_recommendation(client, unit, w.filler())
    assert "<li>请先提交材料评审汇总表（附件 2-4），再提交推荐表</li>" in page
    _review(client, unit, apps[:1], judges)
    w.recommend(client, apps[1])  # after the 汇总表 went in
    home = w.page(client, "/apply/recommender/")
    assert '<span class="stale-note">汇总表需重新提交</span>' in home
    _response, page = w.post_recommendation(client, unit, w.filler(filler=""))
    assert f"<li>{B}不在已提交的材料评审汇总表中；请在汇总表中评审该班组并重新提交</li>" in page
    assert "请填写填表人姓名（不超过 50 个字）" in page
    _review(client, unit, apps[:2], judges)
    assert "汇总表需重新提交" not in w.page(client, "/apply/recommender/")
    for judge in judges:
        data = {"csrf_token": helpers.token(client, "/apply/recommender/")}
        client.post(f"/apply/recommender/judges/{judge.id}/remove", data=data)
    _response, page = w.post_recommendation(client, unit, w.filler())
    assert (
        "推荐表还有 1 处问题，未提交：评委名单为空：请先在推荐通道添加本单位评委，再提交推荐表"
        in page
    )
    assert _recommendations() == []
    for judge in w.JUDGES:
        data = {"csrf_token": helpers.token(client, "/apply/recommender/"), **judge}
        client.post(f"/apply/recommender/{unit.id}/judges", data=data)

    saved, _page = w.post_recommendation(client, unit, w.filler(filler=" 王明 "), "draft")
    assert "草稿已保存" in w.page(client, saved.headers["Location"])
    done, _page = w.post_recommendation(client, unit, w.filler())
    assert done.headers["Location"] == f"/apply/recommender/{unit.id}/recommendation/receipt/1"
    (first,) = _recommendations()
    assert first.content["teams"] == [
        {"application_id": apps[0].id, "number": "2026-0001", "company_name": COMPANY,
         "team_name": "丙烯酸装置运行三班", "member_count": 12},
        {"application_id": apps[1].id, "number": "2026-0002", "company_name": COMPANY,
         "team_name": "聚合装置  运行一班", "member_count": 9},
    ]  # fmt: skip
    assert first.content["total"] == 21
    assert [j["certificate_no"] for j in first.content["judges"]] == [
        "TGQ-2019-0123",
        "TGQ-2020-0007",
    ]
    assert (first.content["filler"], first.content["review_version"]) == ("王明", 2)
    receipt = w.page(client, done.headers["Location"])
    assert "推荐表（附件 2-3）已提交" in receipt
    assert '<td class="count" id="team-total">21</td>' in receipt
    assert f'<td class="name">{COMPANY}</td><td class="name">聚合装置  运行一班</td>' in receipt
    assert f'<dd class="hash" id="receipt-hash">{first.content_hash}</dd>' in receipt
    entry = db.session.scalars(
        sa.select(AuditEntry).where(AuditEntry.action == "season.unit_recommendation_submitted")
    ).one()
    assert entry.data == {"version": 1, "teams": ["2026-0001", "2026-0002"],
                          "sha256": first.content_hash}  # fmt: skip
    paper = unit_paper.rows(unit, UnitForm.RECOMMENDATION)
    assert paper["teams"] == [
        (1, COMPANY, "丙烯酸装置运行三班", 12),
        (2, COMPANY, "聚合装置  运行一班", 9),
    ]
    assert paper["judges"][0] == (
        "陈志远", "上海市质量协会", "TGQ-2019-0123", "上海市长宁区泰安路 74 号", "200052",
        "13911112222",
    )  # fmt: skip
    assert (paper["total"], paper["filler"], paper["form"]) == (21, "王明", "2-3")


def test_a_changed_recommendation_makes_the_recommendation_stale_for_unit_and_staff(app, staff):
    from openpyxl import load_workbook

    client, unit, apps, judges = w.world(app, staff)
    w.recommend(client, apps[0])
    w.recommend(client, apps[1])
    _review(client, unit, apps[:2], judges)
    assert w.post_recommendation(client, unit, w.filler())[0].status_code == 302
    office = w.office(app)
    dashboard = w.page(office, "/admin/season/review")
    assert '<span class="form-state">附件 2-3：已提交（第 1 次）</span>' in dashboard
    assert '<span class="form-state">附件 2-4：已提交（第 1 次）</span>' in dashboard
    assert '<span class="form-state">附件 2-1/2-2：未提交</span>' in dashboard

    w.recommend(client, apps[1], "withdraw")
    home = w.page(client, "/apply/recommender/")
    assert '<span class="stale-note">推荐表需重新提交</span>' in home
    page = w.page(client, f"/apply/recommender/{unit.id}/recommendation")
    assert f"<p>推荐表需重新提交</p><ul><li>已撤销推荐：{B}</li></ul>" in page
    dashboard = w.page(office, "/admin/season/review")
    assert '<span class="form-state">附件 2-3：推荐表需重新提交</span>' in dashboard
    staff_page = w.page(office, f"/admin/season/recommenders/{unit.id}/forms")
    assert f"<li>已撤销推荐：{B}</li>" in staff_page
    assert "第 1 次提交，" in staff_page and "86.5 / 并列第 1" in staff_page
    got = office.get("/admin/season/formal-report.xlsx")
    book = load_workbook(io.BytesIO(got.data))
    assert book.sheetnames == ["总表", "浦东新区质量协会", "推荐单位材料"]
    assert list(book["推荐单位材料"].iter_rows(values_only=True))[1:] == [
        ("推荐单位", "推荐班组数", "统计表与活动总结（附件 2-1、2-2）", "推荐表（附件 2-3）",
         "材料评审汇总表（附件 2-4）"),
        ("浦东新区质量协会", 1, "未提交", "推荐表需重新提交", "已提交（第 1 次）"),
    ]  # fmt: skip

    w.recommend(client, apps[2])  # a team not in the 汇总表 yet
    page = w.page(client, f"/apply/recommender/{unit.id}/recommendation")
    assert "<li>新推荐：2026-0003「储运车间装卸二班」</li>" in page
    _review(client, unit, [apps[0], apps[2]], judges)
    assert (
        w.post_recommendation(client, unit, w.filler())[0]
        .headers["Location"]
        .endswith("/recommendation/receipt/2")
    )
    assert "推荐表需重新提交" not in w.page(client, "/apply/recommender/")
    dashboard = w.page(office, "/admin/season/review")
    assert '<span class="form-state">附件 2-3：已提交（第 2 次）</span>' in dashboard
    assert [len(v.content["teams"]) for v in _recommendations()] == [2, 2]


def test_every_team_of_the_recommendation_has_submitted_and_the_cap_holds(app, staff):
    client, unit, apps, judges = w.world(app, staff)
    for application in apps[:2]:
        w.recommend(client, application)
    _review(client, unit, apps[:2], judges)
    # A row that should never be: recommended with no 申报表 submitted, a third of its
    # enterprise. The 推荐表 refuses it, naming it.
    stray = Application(
        season_id=apps[0].season_id, enterprise_id=apps[0].enterprise_id,
        owner_id=apps[0].owner_id, number="2026-0009", team_name="临时班组",
        status=ApplicationStatus.RECOMMENDED,
    )  # fmt: skip
    db.session.add(stray)
    db.session.commit()
    _response, page = w.post_recommendation(client, unit, w.filler())
    for message in (
        "2026-0009「临时班组」尚未提交申报表，不能列入推荐表",
        f"企业「{COMPANY}」在推荐表中有 3 个班组，超过每个企业 2 个的上限",
        "2026-0009「临时班组」不在已提交的材料评审汇总表中；请在汇总表中评审该班组并重新提交",
    ):
        assert f"<li>{message}</li>" in page
    assert _recommendations() == []
    assert db.session.scalar(sa.select(Enterprise)).name == COMPANY


def test_after_the_close_the_recommendation_is_read_only(app, staff):
    client, unit, apps, judges = w.world(app, staff)
    w.recommend(client, apps[0])
    _review(client, unit, apps[:1], judges)
    season = db.session.scalar(sa.select(Season))
    season.closes_at = utcnow() - timedelta(minutes=1)
    db.session.commit()
    late, _page = w.post_recommendation(client, unit, w.filler())
    page = w.page(client, late.headers["Location"])
    assert "在线申报已截止，推荐表不能再修改或提交；如确因特殊情况需要延期，请联系秘书处" in page
    assert "在线申报已截止，推荐表现仅可查看。" in page
    assert 'id="recommendation-submit"' not in page
    assert _recommendations() == []
