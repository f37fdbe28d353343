"""Form 2-4 (材料评审汇总表) of a 推荐单位: drafts kept as typed, every check of 提交 said in
words naming the team, 排序 from the 打分 (ties 并列), versions with their SHA-256, the
deadline and its extensions, and no other 推荐单位 reading or writing it."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

import pytest
import sqlalchemy as sa

from contest.extensions import db
from contest.models import AuditEntry
from contest.models.types import utcnow
from contest.season import form24, unit_forms, unit_paper, unit_review
from contest.season.models import (
    Application,
    ApplicationStatus,
    Enterprise,
    Recommender,
    Season,
    UnitForm,
    UnitFormDraft,
    UnitFormVersion,
    UnitKind,
)
from tests.season import helpers
from tests.season import review_world as w

COMPANY = "上海华谊（集团）公司  丙烯酸厂"
A, B, C = (
    "2026-0001「丙烯酸装置运行三班」",
    "2026-0002「聚合装置  运行一班」",
    "2026-0003「储运车间装卸二班」",
)


def _versions() -> list[UnitFormVersion]:
    db.session.expire_all()
    return list(db.session.scalars(sa.select(UnitFormVersion).order_by(UnitFormVersion.id)))


@pytest.mark.parametrize(
    ("typed", "expected"),
    [("86.5", Decimal("86.5")), ("８６．５", Decimal("86.5")), ("100", Decimal(100)),
     ("0", Decimal(0)), ("86。5", Decimal("86.5")), ("86.55", None), ("101", None),
     ("-1", None), ("八十", None), ("", None)],
)  # fmt: skip
def test_a_score_is_0_to_100_with_one_decimal_at_most(typed, expected):
    assert form24.score(typed) == expected


def test_equal_scores_share_a_rank_shown_as_tied():
    got = form24.ranks({1: Decimal(90), 2: Decimal("86.5"), 3: Decimal("86.5"), 4: Decimal(80)})
    assert got == {
        1: form24.Rank(1, False),
        2: form24.Rank(2, True),
        3: form24.Rank(2, True),
        4: form24.Rank(4, False),
    }
    assert form24.ranks({7: Decimal(60)}) == {7: form24.Rank(1, False)}


def test_the_review_is_drafted_checked_ranked_and_submitted_in_versions(app, staff):
    client, unit, apps, judges = w.world(app, staff)
    w.recommend(client, apps[0])
    w.recommend(client, apps[1])
    half = {f"{apps[0].id}-conformity": " 基本符合 ", f"{apps[0].id}-score": "１０１"}
    response, _page = w.post_review(client, unit, half)
    assert response.status_code == 302
    assert "草稿已保存" in w.page(client, response.headers["Location"])
    db.session.expire_all()
    assert db.session.scalar(sa.select(UnitFormDraft)).content == {
        "rows": {str(apps[0].id): {"conformity": "基本符合", "features": "", "shortcomings": "",
                                   "score": "１０１", "judges": []}},
        "filler": "", "phone": "", "date": "",
    }  # fmt: skip

    today = unit_forms.today()
    tomorrow = (today + timedelta(days=1)).isoformat()
    response, page = w.post_review(
        client, unit, {**half, **w.filler(phone="12345", date=tomorrow)}, "submit"
    )
    assert response.status_code == 422
    assert "汇总表还有 7 处问题，已保存草稿；请按提示改正后再提交" in page
    for message in (
        f"{A}：请填写材料评价“特色”",
        f"{A}：请填写材料评价“不足之处”",
        f"{A}：打分「１０１」应为 0 到 100 之间的数，最多一位小数，例如 86.5",
        f"{A}：请至少选择一位评审该班组的评委",
        f"{B}已推荐，但汇总表中没有它的评审；请填写材料评价、打分和评委",
    ):
        assert f"<li>{message}</li>" in page
    assert "请填写填表人电话：手机如 13812345678，固定电话如 021-12345678" in page
    assert f"填表日期不能晚于今天（{today.isoformat()}）" in page
    assert _versions() == []

    rows = {
        **w.row(apps[0], judges[:1], score="８６．５"),
        **w.row(apps[1], judges),
        **w.row(apps[2], judges[1:], score="90"),
    }
    response, _page = w.post_review(client, unit, {**rows, **w.filler()}, "submit")
    assert response.headers["Location"] == f"/apply/recommender/{unit.id}/review/submit"
    page = w.page(client, response.headers["Location"])
    assert [part.split("</dd>")[0] for part in page.split('<dd class="score">')[1:]] == [
        "90 / 第 1",
        "86.5 / 并列第 2",
        "86.5 / 并列第 2",
    ]
    done = w.confirm(client, unit)
    assert done.headers["Location"] == f"/apply/recommender/{unit.id}/review/receipt/1"
    (first,) = _versions()
    assert [(r["number"], r["score"], r["rank"], r["tied"]) for r in first.content["rows"]] == [
        ("2026-0003", "90", 1, False),
        ("2026-0001", "86.5", 2, True),
        ("2026-0002", "86.5", 2, True),
    ]
    assert first.content["rows"][2]["team_name"] == "聚合装置  运行一班"  # as the 申报表
    assert first.content["rows"][2]["company_name"] == COMPANY
    assert [j["certificate_no"] for j in first.content["rows"][2]["judges"]] == [
        "TGQ-2019-0123",
        "TGQ-2020-0007",
    ]
    assert first.content_hash == unit_forms.content_hash(unit, UnitForm.REVIEW, 1, first.content)
    receipt = w.page(client, done.headers["Location"])
    assert f'<dd class="hash" id="receipt-hash">{first.content_hash}</dd>' in receipt
    assert "材料评审汇总表（附件 2-4）已提交" in receipt
    entry = db.session.scalars(
        sa.select(AuditEntry).where(AuditEntry.action == "season.unit_review_submitted")
    ).one()
    assert entry.data == {"version": 1, "teams": ["2026-0003", "2026-0001", "2026-0002"],
                          "sha256": first.content_hash}  # fmt: skip

    # Submitted again before the deadline: a new version; the first kept as it was.
    rows[f"{apps[2].id}-score"] = "80"
    w.post_review(client, unit, {**rows, **w.filler()}, "submit")
    assert w.confirm(client, unit).headers["Location"].endswith("/review/receipt/2")
    first_again, second = _versions()
    assert first_again.content == first.content
    assert [(r["number"], r["rank"], r["tied"]) for r in second.content["rows"]] == [
        ("2026-0001", 1, True),
        ("2026-0002", 1, True),
        ("2026-0003", 3, False),
    ]
    assert "第 2 次提交" in w.page(client, f"/apply/recommender/{unit.id}/review")
    # The rows a paper form prints (built elsewhere), from the version chosen.
    paper = unit_paper.rows(unit, UnitForm.REVIEW)
    assert paper["rows"][0] == (
        1,
        f"{COMPANY} 丙烯酸装置运行三班",
        "符合标准程度：班组建设各要素基本符合准则要求\n特色：自主维护与QC活动结合紧密\n"
        "不足之处：数据分析深度不足",
        "86.5/并列第 1",
        "陈志远",
    )
    assert (paper["version"], paper["content_hash"]) == (2, second.content_hash)
    assert unit_paper.rows(unit, UnitForm.REVIEW, 1)["rows"][0][3] == "90/第 1"
    assert unit_paper.rows(unit, UnitForm.RECOMMENDATION) is None


def test_every_team_in_the_review_is_this_units_submitted_and_its_judges_its_own(app, staff):
    client, unit, apps, judges = w.world(app, staff)
    w.recommend(client, apps[0])
    rows = {
        **w.row(apps[0], judges[:1]),
        **w.row(apps[1], judges[1:], features="特" * 301),
        **w.row(apps[2], judges[:1]),
    }
    assert w.post_review(client, unit, {**rows, **w.filler()})[0].status_code == 302
    # Meanwhile: 孙丽 leaves the list, one application goes back to its team, and one is
    # found to belong to another 推荐单位's enterprise.
    data = {"csrf_token": helpers.token(client, "/apply/recommender/")}
    client.post(f"/apply/recommender/judges/{judges[1].id}/remove", data=data)
    season = db.session.scalar(sa.select(Season))
    other = Recommender(season=season, name="上海市化工行业协会", kind=UnitKind.INDUSTRY)
    db.session.add(other)
    db.session.flush()
    elsewhere = Enterprise(season_id=season.id, recommender_id=other.id, name="上海石化")
    db.session.add(elsewhere)
    db.session.flush()
    db.session.get(Application, apps[0].id).enterprise_id = elsewhere.id
    db.session.get(Application, apps[2].id).status = ApplicationStatus.RETURNED
    db.session.commit()

    refused = w.confirm(client, unit)
    assert refused.headers["Location"] == f"/apply/recommender/{unit.id}/review"
    page = w.page(client, refused.headers["Location"])
    assert f"汇总表还有 4 处问题，未提交：{A}不属于本推荐单位的企业，不能列入汇总表" in page
    assert unit_review.check(unit).problems == [
        f"{A}不属于本推荐单位的企业，不能列入汇总表",
        f"{B}：材料评价“特色”最多 300 字，现有 301 字；请删减",
        f"{B}：所选评委已不在本单位评委名单中；请重新选择评委",
        f"{C}的申报表已退回修改、尚未重新提交，不能列入汇总表",
    ]
    db.session.get(Application, apps[2].id).status = ApplicationStatus.DRAFT
    db.session.commit()
    assert unit_review.check(unit).problems[-1] == f"{C}尚未提交申报表，不能列入汇总表"
    assert _versions() == []


def test_after_the_close_the_review_is_read_only_but_for_an_extended_application(app, staff):
    client, unit, apps, judges = w.world(app, staff)
    w.recommend(client, apps[0])
    rows = {**w.row(apps[0], judges, score="88"), **w.row(apps[2], judges, score="70")}
    w.post_review(client, unit, {**rows, **w.filler()}, "submit")
    w.confirm(client, unit)
    season = db.session.scalar(sa.select(Season))
    season.closes_at = utcnow() - timedelta(minutes=1)
    db.session.commit()

    late, _page = w.post_review(client, unit, {**rows, f"{apps[0].id}-score": "99"})
    page = w.page(client, late.headers["Location"])
    assert (
        "在线申报已截止，材料评审汇总表不能再修改或提交；如确因特殊情况需要延期，请联系秘书处"
    ) in page
    assert "在线申报已截止，材料评审汇总表现仅可查看。" in page
    assert 'id="review-save"' not in page and 'id="review-check"' not in page
    assert "已截止" in w.page(client, w.confirm(client, unit).headers["Location"])
    assert len(_versions()) == 1

    # Staff extend 2026-0002 (a system fault): only its row may change, and be recommended.
    office = w.office(app)
    form = {"csrf_token": helpers.token(office, "/admin/season/"), "number": "2026-0002",
            "until": helpers.local(timedelta(days=2)), "reason": "系统问题：上传中断"}  # fmt: skip
    assert office.post("/admin/season/extensions", data=form).status_code == 302
    w.recommend(client, apps[1])
    page = w.page(client, f"/apply/recommender/{unit.id}/review")
    assert (
        "在线申报已截止；本单位有申报表获准延期，延期内可再次提交，仅延期申报表的内容可以修改。"
        in page
    )
    assert f"汇总表需重新提交：以下已推荐的班组不在最近一次提交的汇总表中：{B}" in page
    assert f'name="{apps[0].id}-score" value="88" inputmode="decimal" readonly' in page
    assert f'name="{apps[1].id}-score" value="" inputmode="decimal">' in page
    tampered = {**rows, f"{apps[0].id}-score": "99", **w.row(apps[1], judges[:1], score="75")}
    response, _page = w.post_review(client, unit, {**tampered, **w.filler()}, "submit")
    assert response.status_code == 302
    assert w.confirm(client, unit).headers["Location"].endswith("/review/receipt/2")
    last = _versions()[-1]
    assert [(r["number"], r["score"]) for r in last.content["rows"]] == [
        ("2026-0001", "88"),  # as submitted before the close, whatever was sent
        ("2026-0002", "75"),
        ("2026-0003", "70"),
    ]


def test_another_unit_can_neither_see_nor_write_the_review(app, staff):
    client, unit, apps, judges = w.world(app, staff)
    w.recommend(client, apps[0])
    w.post_review(client, unit, {**w.row(apps[0], judges), **w.filler()}, "submit")
    w.confirm(client, unit)
    office = w.office(app)
    other = app.test_client()
    helpers.join(
        other, helpers.add_recommender(office, "上海市化工行业协会", "industry"), "huagong", "赵强"
    )
    theirs = db.session.scalar(sa.select(Recommender).where(Recommender.id != unit.id))
    mine = f"/apply/recommender/{unit.id}"
    for path in (f"{mine}/review", f"{mine}/review/submit", f"{mine}/review/receipt/1",
                 f"{mine}/recommendation", f"{mine}/recommendation/receipt/1"):  # fmt: skip
        assert other.get(path).status_code == 404
    token = helpers.token(other, "/apply/recommender/")
    for path in (f"{mine}/review", f"{mine}/review/submit", f"{mine}/recommendation"):
        assert other.post(path, data={"csrf_token": token, "next": "submit"}).status_code == 404
    # Rows naming this unit's applications, sent to the other unit's own form: dropped.
    response, _page = w.post_review(other, theirs, w.row(apps[0], judges, score="10"))
    assert response.status_code == 302
    db.session.expire_all()
    drafts = {
        d.recommender_id: d.content["rows"] for d in db.session.scalars(sa.select(UnitFormDraft))
    }
    assert drafts[theirs.id] == {}
    assert drafts[unit.id][str(apps[0].id)]["score"] == "86.5"
    assert app.test_client().get(f"{mine}/review").headers["Location"] == (
        f"/apply/login?next={mine}/review"
    )
