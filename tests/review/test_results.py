"""材料文审 results through the pages: the ranking and breakdown, 分歧较大 on the staff page
and the 评审组长's, the chair's note (audited), the shortlist confirmed and made into teams,
and who may see what."""

from __future__ import annotations

import html
import re

import sqlalchemy as sa

from contest.audit import AuditEntry
from contest.extensions import db
from contest.models import Contest, Team
from contest.review.models import ReviewRound, RoundState
from contest.review.outcomes import ChairNote, Shortlist
from contest.season import into_contest
from contest.season.models import Application
from tests.conftest import sign_in
from tests.review import results_world
from tests.season import helpers

URL = "/admin/season/expert-review/results"


def _office(app):
    office = app.test_client()
    sign_in(office, "admin")
    return office


def _text(response) -> str:
    return html.unescape(response.get_data(as_text=True))


def _cells(page: str, number: str) -> list[str]:
    row = re.search(rf'<tr data-number="{number}"[^>]*>(.*?)</tr>', page, re.S).group(1)
    return [
        re.sub(r"<[^>]+>", "", c).strip() for c in re.findall(r"<td[^>]*>(.*?)</td>", row, re.S)
    ]


def test_the_results_page_shows_ranks_breakdown_and_divergence(app, staff):
    results_world.build()
    page = _text(_office(app).get(URL))
    # 0005: 89 90 92 93 -> drop 89 and 93, (90 + 92) / 2 = 91.
    assert _cells(page, "2026-0005") == [
        "第 1",
        "2026-0005",
        "上海华谊新材料有限公司",
        "丙烯酸甲酯精制班",
        "·",  # 评审专家1 did not review it
        "92",
        "90",
        "93↑",  # dropped as the highest
        "89↓",  # and the lowest
        "91",
        "91.00",
        "相差 4",
    ]
    # 0009: (83.5 + 84) / 2 = 83.75; 0007 the only 分歧较大 (88 − 70 = 18 > 15).
    assert _cells(page, "2026-0009")[4:11] == ["83.5", "84", "82↓", "·", "85↑", "83.75", "83.75"]
    assert _cells(page, "2026-0007")[0] == "第 12"
    assert _cells(page, "2026-0007")[11] == "相差 18 分歧较大"
    assert page.count('class="badge divergent"') == 1
    divergent = re.sub(
        r"<[^>]+>", "", page[page.index('id="divergent"') : page.index('id="consistency"')]
    )
    assert "评审专家2（陈志远）" not in divergent and "评审专家2（孙丽）88" in divergent
    assert "评审组长尚未记录意见。" in divergent
    consistency = page[page.index('id="consistency"') : page.index('id="sensitivity"')]
    row4 = re.search(r'<tr data-reviewer="评审专家4">(.*?)</tr>', consistency, re.S).group(1)
    assert [re.sub(r"<[^>]+>", "", c) for c in re.findall(r"<td[^>]*>(.*?)</td>", row4)] == [
        "评审专家4",
        "李明",
        "8",
        "+0.19",
        "偏宽",
        "1.56",
        "3 / 2",
    ]
    sensitivity = page[page.index('id="sensitivity"') : page.index('id="shortlist"')]
    assert "入围线：前 8 名（本轮入围名额）" in re.sub(r"<[^>]+>", "", sensitivity)
    assert '<li class="changes">去掉评审专家4 的评分，2026-0008 将入围，2026-0002 将落选</li>' in (
        sensitivity
    )
    assert sensitivity.count('<li class="same">') == 4


def test_a_cut_typed_by_staff_is_tested_too_and_a_bad_one_is_explained(app, staff):
    results_world.build()
    office = _office(app)
    page = _text(office.get(URL + "?cut=１１"))
    assert "入围线：前 11 名" in page
    assert "去掉评审专家4 的评分，2026-0007 将入围，2026-0010 将落选" in page
    assert "去掉评审专家5 的评分，2026-0007 将入围</li>" in page  # a tie at 11: both pass
    bad = _text(office.get(URL + "?cut=13"))
    assert "入围线应为 1 到 12 之间的整数，请重新填写" in bad


def test_the_chair_sees_divergent_applications_and_records_a_note(app, staff):
    built = results_world.build()
    chair = built.reviewers[0]
    phone = app.test_client()
    url = f"/review/{chair.access_key}/chair"
    page = _text(phone.get(url))
    assert re.findall(r'data-number="([^"]+)"', page) == ["2026-0007"]
    assert re.findall(r'<p class="head">(.*?)</p>', page) == [
        '评审专家1（<span class="name">陈志远</span>）总分 <span class="total">70</span>',
        '评审专家2（<span class="name">孙丽</span>）总分 <span class="total">88</span>',
        '评审专家4（<span class="name">李明</span>）总分 <span class="total">72</span>',
        '评审专家5（<span class="name">周晓燕</span>）总分 <span class="total">71</span>',
    ]
    assert "特色：改进成果显著" in page
    application = built.applications[6]
    note_url = f"{url}/{application.id}/note"
    empty = phone.post(note_url, data={"csrf_token": helpers.token(phone, url), "note": " "})
    assert empty.status_code == 422 and "请填写意见后再保存" in _text(empty)
    text = "评审专家2 对现场成果评价偏高，经复核材料，维持截尾平均结果。"
    saved = phone.post(note_url, data={"csrf_token": helpers.token(phone, url), "note": text})
    assert saved.status_code == 302
    note = db.session.scalar(sa.select(ChairNote))
    assert (note.note, note.reviewer_id, note.application_id) == (text, chair.id, application.id)
    entry = db.session.scalar(sa.select(AuditEntry).order_by(AuditEntry.id.desc()).limit(1))
    assert (entry.action, entry.actor, entry.subject) == (
        "review.chair_note_saved",
        f"reviewer:{chair.id}",
        "application:2026-0007",
    )
    # The secretariat sees it beside the flag.
    assert f"评审组长意见：{text}" in _text(_office(app).get(URL))
    # An application not flagged takes no note.
    other = phone.post(
        f"{url}/{built.applications[0].id}/note",
        data={"csrf_token": helpers.token(phone, url), "note": text},
    )
    assert other.status_code == 404


def test_the_chair_page_is_only_for_the_chair(app, staff):
    built = results_world.build()
    phone = app.test_client()
    for reviewer in built.reviewers[1:]:
        assert phone.get(f"/review/{reviewer.access_key}/chair").status_code == 404
        note = f"/review/{reviewer.access_key}/chair/{built.applications[6].id}/note"
        assert phone.post(note, data={"note": "x"}).status_code in (400, 404)
    assert phone.get("/review/not-a-key/chair").status_code == 404
    built.reviewers[0].active = False
    db.session.commit()
    assert phone.get(f"/review/{built.reviewers[0].access_key}/chair").status_code == 404


def test_the_chair_sees_others_marks_only_after_submitting_their_own(app, staff):
    built = results_world.build()
    chair = built.reviewers[0]
    review = next(
        a.review
        for a in db.session.scalars(sa.select(results_world.Assignment))
        if a.reviewer_id == chair.id and a.application_id == built.applications[6].id
    )
    # Staff reopened the chair's own review: the others' marks hide again. It no longer
    # counts, so 0007 is (88, 72, 71): 17 apart, still flagged.
    review.state = results_world.ReviewState.DRAFT
    db.session.commit()
    page = _text(app.test_client().get(f"/review/{chair.access_key}/chair"))
    assert "请先提交您本人的评审，再查看其他评审专家的评分" in page
    assert "孙丽" not in page
    # The secretariat sees what is missing, and 0007 scored on the three submitted:
    # (88, 72, 71) is not trimmed (fewer than 4), 231 / 3 = 77.
    office = _office(app)
    staff_page = _text(office.get(URL))
    assert "尚有 1 份评审未提交，以下结果仅按已提交的评审计算。" in staff_page
    assert _cells(staff_page, "2026-0007")[9:12] == ["77", "77.00", "相差 17 分歧较大"]
    early = _confirm(office, cut="8")
    assert early.status_code == 422
    assert "还有 1 份评审未提交；全部提交并结束评审后方可确认入围名单" in _text(early)


def _confirm(office, **fields):
    data = {"csrf_token": helpers.token(office, URL), **fields}
    return office.post(URL + "/shortlist", data=data)


def test_the_shortlist_is_confirmed_and_becomes_the_contests_teams(app, staff, demo):
    built = results_world.build()
    office = _office(app)
    assert _confirm(office, cut="8").headers["Location"] == URL + "#shortlist"
    shortlist = db.session.scalar(sa.select(Shortlist))
    numbers = {a.id: a.number for a in built.applications}
    assert [numbers[i] for i in shortlist.application_ids] == [
        "2026-0005", "2026-0001", "2026-0012", "2026-0003",
        "2026-0009", "2026-0006", "2026-0011", "2026-0002",
    ]  # fmt: skip
    entry = db.session.scalar(sa.select(AuditEntry).order_by(AuditEntry.id.desc()).limit(1))
    assert entry.action == "review.shortlist_confirmed"
    assert entry.data["applications"][-1] == "2026-0002"
    # Only the shortlisted are offered to the contest now, here and on the 形式审查 page.
    assert [a.number for a in into_contest.candidates(built.season)] == sorted(
        numbers[i] for i in shortlist.application_ids
    )
    again = _confirm(office, cut="8")
    assert again.status_code == 422 and "入围名单已确认；如需修改，请先撤销确认" in _text(again)
    venue = demo.venues[0]
    before = db.session.scalar(sa.select(sa.func.count(Team.id)).where(Team.contest_id == demo.id))
    made = office.post(
        URL + "/into-contest",
        data={"csrf_token": helpers.token(office, URL), "venue": str(venue.id)},
    )
    assert made.headers["Location"] == f"/admin/contests/{demo.id}"
    teams = db.session.scalars(
        sa.select(Team).where(Team.contest_id == demo.id).order_by(Team.id)
    ).all()
    assert len(teams) - before == 8
    assert [(t.company_name, t.team_name) for t in teams[before:]][:2] == [
        ("上海华谊新材料有限公司", "丙烯酸甲酯精制班"),
        ("上海石化股份有限公司", "丙烯酸装置运行三班"),
    ]
    db.session.expire_all()
    assert db.session.get(Application, built.applications[7].id).contest_team_id is None
    # With teams made, the confirmation stands.
    cancel = office.post(URL + "/shortlist/cancel", data={"csrf_token": helpers.token(office, URL)})
    assert cancel.status_code == 422
    assert "已由入围名单生成发表赛班组" in _text(cancel)
    assert "入围申报表均已生成发表赛班组。" in _text(office.get(URL))


def test_confirming_waits_for_the_round_to_close_and_can_be_undone(app, staff):
    results_world.build(state=RoundState.OPEN)
    office = _office(app)
    early = _confirm(office, cut="8")
    assert early.status_code == 422
    assert "评审尚未结束；请先结束本轮评审，再确认入围名单" in _text(early)
    assert db.session.scalar(sa.select(sa.func.count(Shortlist.id))) == 0
    db.session.scalar(sa.select(ReviewRound)).state = RoundState.CLOSED
    db.session.commit()
    assert _confirm(office, cut="8").status_code == 302
    undone = office.post(URL + "/shortlist/cancel", data={"csrf_token": helpers.token(office, URL)})
    assert undone.status_code == 302
    assert db.session.scalar(sa.select(sa.func.count(Shortlist.id))) == 0
    last = db.session.scalar(sa.select(AuditEntry).order_by(AuditEntry.id.desc()).limit(1))
    assert last.action == "review.shortlist_cancelled"
    assert len(into_contest.candidates(db.session.scalar(sa.select(ReviewRound)).season)) == 12


def test_a_tie_at_the_cut_is_left_to_staff_with_a_reason(app, staff):
    built = results_world.build(shortlist_size=7)
    # 0011 (80.75) and 0002 (80.5) both made 80.75: 0002's 80 -> 80.5 gives (80.5 + 81) / 2.
    review = next(
        a.review
        for a in db.session.scalars(sa.select(results_world.Assignment))
        if a.application_id == built.applications[1].id and a.reviewer.number == 1
    )
    review.total = results_world.Decimal("80.5")
    db.session.commit()
    office = _office(app)
    page = _text(office.get(URL))
    assert "入围线上并列（2 份争 1 个名额），请勾选入围的并写明理由：" in page
    assert _cells(page, "2026-0011")[0] == "并列第 7"
    assert _cells(page, "2026-0002")[0] == "并列第 7"
    none = _confirm(office, cut="7")
    assert "入围线上有并列；请勾选并列申报表中入围的（可多于剩余名额），并写明理由" in _text(none)
    tie = str(built.applications[10].id)
    no_reason = _confirm(office, cut="7", tie=tie)
    assert "入围线上有并列；请写明如此确定的理由" in _text(no_reason)
    assert _confirm(office, cut="7", tie=tie, reason="按评审组长意见").status_code == 302
    shortlist = db.session.scalar(sa.select(Shortlist))
    assert len(shortlist.application_ids) == 7 and shortlist.tie_reason == "按评审组长意见"
    assert built.applications[1].id not in shortlist.application_ids


def test_no_round_and_bad_rules_are_explained_not_500(app, staff):
    office = _office(app)
    assert "本年度尚未建立材料文审。" in _text(office.get(URL))
    assert office.get(URL + "/form24.xlsx").status_code == 404
    results_world.build()
    db.session.scalar(sa.select(ReviewRound)).rules = {"decimals": 9}
    db.session.commit()
    page = office.get(URL)
    assert page.status_code == 200
    assert "本轮评审的计分规则设置有误，请在评审设置中重新保存计分规则" in _text(page)
    assert db.session.scalar(sa.select(sa.func.count(Contest.id))) >= 1
