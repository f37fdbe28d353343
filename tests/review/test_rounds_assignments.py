"""材料文审 assignment through the services and the staff pages, on SQLite and PostgreSQL:
auto-assignment with conflicts, pins and removals, coverage, opening and closing."""

from __future__ import annotations

import pytest

from contest.audit.labels import ACTIONS
from contest.extensions import db
from contest.review import assignments, reviewers, rounds
from contest.review.models import ReviewRound, RoundState
from contest.setup.refusal import SetupRefused
from tests.review import world
from tests.review.test_rounds import ACTOR, _actions, _office, _post, _text


def _live(review_round) -> dict[str, list[str]]:
    found: dict[str, list[str]] = {}
    for row in assignments.coverage(review_round):
        found[row.application.number] = [a.reviewer.name for a in row.live]
    return found


def test_assign_pin_remove_cover_open_and_close(app):
    built = world.build()
    review_round = built.round
    with pytest.raises(SetupRefused) as bare:
        rounds.open_round(
            review_round,
            problems=assignments.problems(assignments.coverage(review_round)),
            actor=ACTOR,
        )
    assert bare.value.message.startswith(
        "以下申报表的评审专家还不符合要求，暂不能开始评审：2026-0001 缺 3 位；2026-0002 缺 3 位；"
    )
    plan = assignments.auto_assign(review_round, actor=ACTOR)
    db.session.commit()
    assert len(plan.pairs) == 36
    live = _live(review_round)
    assert "孙丽" not in live["2026-0001"] and "孙丽" not in live["2026-0002"]
    assert all("李明" not in live[f"2026-{n:04d}"] for n in (9, 10, 11, 12))
    assert sorted(assignments.loads(review_round).values()) == [7, 7, 7, 7, 8]
    sun, li = built.reviewers[1], built.reviewers[3]
    first = built.applications[0]
    with pytest.raises(SetupRefused) as clash:
        assignments.pin(
            review_round,
            application_id=first.id,
            reviewer_id=sun.id,
            reason="熟悉该装置",
            actor=ACTOR,
        )
    assert clash.value.message == (
        "评审专家2（孙丽）工作单位即申报企业或同一集团，须回避，"
        "不能评审 2026-0001 丙烯酸装置运行三班"
    )
    with pytest.raises(SetupRefused) as unit:
        assignments.pin(
            review_round,
            application_id=built.applications[8].id,
            reviewer_id=li.id,
            reason="x",
            actor=ACTOR,
        )
    assert unit.value.message == (
        "评审专家4（李明）属同一推荐单位，须回避，不能评审 2026-0009 转子加工班"
    )
    with pytest.raises(SetupRefused) as no_reason:
        assignments.pin(
            review_round, application_id=first.id, reviewer_id=li.id, reason="  ", actor=ACTOR
        )
    assert no_reason.value.message == "请填写指定评审专家的原因"
    # 李明 is not on 2026-0001 yet? Pin whoever is not.
    missing = next(
        r for r in built.reviewers if r.name not in live["2026-0001"] and r.name != "孙丽"
    )
    pinned = assignments.pin(
        review_round,
        application_id=first.id,
        reviewer_id=missing.id,
        reason="该专家熟悉石化装置",
        actor=ACTOR,
    )
    db.session.commit()
    rows = assignments.coverage(review_round)
    assert assignments.state_text(rows[0].coverage) == "多 1 位"
    other = next(a for a in rows[0].live if not a.pinned)
    assignments.remove(other, reason="工作量调整", actor=ACTOR)
    db.session.commit()
    assert assignments.problems(assignments.coverage(review_round)) == []
    # The removed pair is never made again, even when its application lacks one.
    second = assignments.coverage(review_round)[1]
    taken = second.live[0]
    assignments.remove(taken, reason="本人申请回避", actor=ACTOR)
    db.session.commit()
    assert assignments.problems(assignments.coverage(review_round)) == ["2026-0002 缺 1 位"]
    again = assignments.auto_assign(review_round, actor=ACTOR)
    db.session.commit()
    assert len(again.pairs) == 1 and again.pairs[0][1] != taken.reviewer_id
    assert pinned.pinned and pinned.reason == "该专家熟悉石化装置"
    rounds.open_round(review_round, problems=[], actor=ACTOR)
    db.session.commit()
    assert review_round.state == RoundState.OPEN
    rounds.close_round(review_round, actor=ACTOR)
    db.session.commit()
    with pytest.raises(SetupRefused) as closed:
        assignments.auto_assign(review_round, actor=ACTOR)
    assert closed.value.message == "材料文审已结束，分配不能再修改"
    assert _actions() == [
        "review.auto_assigned",
        "review.assignment_pinned",
        "review.assignment_removed",
        "review.assignment_removed",
        "review.auto_assigned",
        "review.round_opened",
        "review.round_closed",
    ]
    assert all(action in ACTIONS for action in _actions())


def test_a_deactivated_reviewer_leaves_a_gap_the_page_names(app, staff):
    built = world.build()
    assignments.auto_assign(built.round, actor=ACTOR)
    reviewers.set_active(built.reviewers[4], active=False, actor=ACTOR)
    db.session.commit()
    office = _office(app, staff)
    page = _text(office.get("/admin/season/expert-review/assignments"))
    assert page.count(">缺 1 位</span>") == 7  # 周晓燕 held 7 of the 36
    refused = _post(
        office, "/admin/season/expert-review/open", {}, "/admin/season/expert-review/assignments"
    )
    assert refused.headers["Location"] == "/admin/season/expert-review/assignments"
    shown = _text(office.get("/admin/season/expert-review/assignments"))
    assert "以下申报表的评审专家还不符合要求，暂不能开始评审：" in shown
    assert db.session.get(ReviewRound, built.round.id).state == RoundState.DRAFT


def test_pages_show_links_qr_codes_and_the_print_sheet(app, staff):
    built = world.build()
    office = _office(app, staff)
    page = _text(office.get("/admin/season/expert-review/reviewers"))
    assert page.count('class="qr-code"') == 5
    assert f'value="http://contest.test/review/{built.reviewers[0].access_key}"' in page
    sheet_page = _text(office.get("/admin/season/expert-review/reviewers/links"))
    assert sheet_page.count('class="card-cut"') == 5
    assert '<p class="label">评审专家1 <span class="chair">评审组长</span></p>' in sheet_page
    pinned = _post(
        office,
        "/admin/season/expert-review/assignments/pin",
        {
            "application_id": built.applications[0].id,
            "reviewer_id": built.reviewers[1].id,
            "reason": "试",
        },
        "/admin/season/expert-review/assignments",
    )
    assert pinned.status_code == 422
    assert "评审专家2（孙丽）工作单位即申报企业或同一集团，须回避" in _text(pinned)
    season_page = _text(office.get("/admin/season/"))
    assert 'href="/admin/season/expert-review/" id="review-round-link">材料文审</a>' in season_page


def test_ids_out_of_range_are_refused_not_failed(app, staff):
    world.build()
    office = _office(app, staff)
    page = "/admin/season/expert-review/assignments"
    huge = _post(
        office,
        "/admin/season/expert-review/assignments/pin",
        {"application_id": "99999999999", "reviewer_id": "1", "reason": "试"},
        page,
    )
    assert huge.status_code == 422
    assert "请选择一份已通过形式审查的申报表" in _text(huge)
    form = {
        "name": "赵强",
        "employer": "上海大学",
        "certificate_no": "TGQ-1",
        "recommender_id": "99999999999",
    }
    unit = _post(
        office,
        "/admin/season/expert-review/reviewers",
        form,
        "/admin/season/expert-review/reviewers",
    )
    assert unit.status_code == 422
    assert "所选推荐单位不在本年度的推荐单位中，请重新选择" in _text(unit)


def test_a_conflict_that_arises_after_assignment_is_shown_and_blocks_opening(app, staff):
    built = world.build()
    assignments.auto_assign(built.round, actor=ACTOR)
    chen = built.reviewers[0]
    held = {
        row.application.number
        for row in assignments.coverage(built.round)
        if any(a.reviewer_id == chen.id for a in row.live)
    }
    chen.employer = "上海锅炉厂有限公司"  # he moved to an applying enterprise
    db.session.commit()
    expected = sorted(held & {"2026-0011", "2026-0012"})
    assert expected  # he reviews at least one of its two (8 of 12)
    rows = assignments.coverage(built.round)
    assert assignments.problems(rows) == [f"{n} 冲突" for n in expected]
    office = _office(app, staff)
    page = _text(office.get("/admin/season/expert-review/assignments"))
    badge = '<span class="badge bad">工作单位即申报企业或同一集团</span>'
    assert page.count(badge) == len(expected)
    assert page.count('<span class="cover cover-conflict">冲突</span>') == len(expected)
