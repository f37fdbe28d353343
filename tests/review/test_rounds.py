"""材料文审 set-up through the services and the staff pages, on SQLite and PostgreSQL: the
round's settings, its sheet (checked as the contest's, locked by a saved review), reviewers
and their import. Assignment and coverage: test_rounds_assignments.py."""

from __future__ import annotations

import html
from datetime import timedelta
from decimal import Decimal

import pytest
import sqlalchemy as sa

from contest.extensions import db
from contest.models import AuditEntry
from contest.review import assignments, reviewers, rounds
from contest.review.models import Assignment, Review, Reviewer, ReviewRound, RoundState
from contest.season.models import UnitJudge
from contest.setup import sheet
from contest.setup.refusal import SetupRefused
from tests.conftest import sign_in
from tests.review import world
from tests.season import helpers

ACTOR = "cli"  # no staff account in these worlds


def _text(response) -> str:
    return html.unescape(response.get_data(as_text=True))


def _office(app, staff):
    office = app.test_client()
    sign_in(office, "admin")
    return office


def _post(client, path: str, data: dict, page: str | None = None):
    return client.post(path, data={"csrf_token": helpers.token(client, page or path), **data})


def _round_form(**changes) -> dict:
    form = {
        "name": "2026年度材料文审",
        "opens": helpers.local(timedelta(days=1)),
        "closes": helpers.local(timedelta(days=8)),
        "per_application": "3",
        "exclude_same_recommender": "1",
        "spread": "15",
        "trim_each_end": "1",
        "min_panel_for_trim": "5",
        "decimals": "2",
        "shortlist": "8",
    }
    return {**form, **changes}


def _actions() -> list[str]:
    query = sa.select(AuditEntry.action).where(AuditEntry.action.like("review.%"))
    return list(db.session.scalars(query.order_by(AuditEntry.id)))


def test_round_settings_saved_through_the_page_and_refused_in_chinese(app, staff):
    built = world.build()
    office = _office(app, staff)
    page = "/admin/season/expert-review/"
    assert office.get(page).status_code == 200
    bad = _post(office, page, _round_form(trim_each_end="2", min_panel_for_trim="4"))
    assert bad.status_code == 422
    assert (
        "去掉最高分和最低分各 2 个时，至少要 5 位评审专家才能去分，请把开始去分的人数改为 5 或以上"
    ) in _text(bad)
    late = _post(office, page, _round_form(closes=helpers.local(timedelta(hours=1))))
    assert "材料文审的截止时间应晚于开始时间，请核对" in _text(late)
    saved = _post(office, page, _round_form(per_application="4", spread="12.5", decimals="1"))
    assert saved.status_code == 302
    db.session.expire_all()
    review_round = db.session.get(ReviewRound, built.round.id)
    assert (review_round.reviewers_per_application, review_round.divergence_spread) == (
        4,
        Decimal("12.5"),
    )
    assert review_round.rules == {
        "trim_each_end": 1,
        "min_panel_for_trim": 5,
        "decimals": 1,
        "tie_breaks": [],
    }
    assert review_round.shortlist_size == 8
    assert _actions() == ["review.round_saved"]


def test_a_season_without_a_round_gets_one(app):
    built = world.build()
    db.session.delete(built.round.items[0])
    for item in built.round.items[1:]:
        db.session.delete(item)
    for reviewer in built.reviewers:
        db.session.delete(reviewer)
    db.session.flush()
    db.session.delete(built.round)
    db.session.commit()
    made = rounds.save_round(
        season=built.season,
        typed=rounds.RoundForm.from_form(_round_form(exclude_same_recommender="")),
        actor=ACTOR,
    )
    db.session.commit()
    assert rounds.of(built.season) is made
    assert (made.state, made.exclude_same_recommender) == (RoundState.DRAFT, False)
    # A sheet to start from: form 1-2's six parts, 100 points, edited before the first review.
    items = sorted(made.items, key=lambda i: i.position)
    assert [(i.name, str(i.maximum)) for i in items] == [
        ("班组组成与文化", "10"), ("基础管理", "20"), ("技能与方法", "20"),
        ("质量改进与创新", "25"), ("特色与业绩", "20"), ("荣誉", "5"),
    ]  # fmt: skip
    assert sum(i.maximum for i in items) == 100


def _rows(*rows):
    return [sheet.ItemRow(None, n, m, s, c) for n, m, s, c in rows]


def test_the_sheet_is_checked_as_the_contests_and_locks_once_a_review_is_saved(app):
    built = world.build()
    with pytest.raises(SetupRefused) as refused:
        rounds.save_sheet(built.round, rows=_rows(("基础", "25", "2", "")), actor=ACTOR)
    assert refused.value.message == "第 1 项“基础”：满分 25 不是步长 2 的整数倍，请调整满分或步长"
    with pytest.raises(SetupRefused) as twice:
        rounds.save_sheet(
            built.round, rows=_rows(("基础", "50", "1", ""), ("基础", "50", "1", "")), actor=ACTOR
        )
    assert twice.value.message == "项目名称“基础”重复，请改为不同的名称"
    items = built.round.items
    rows = [sheet.ItemRow(i.id, i.name, str(i.maximum), str(i.step), i.criteria) for i in items]
    swapped = [rows[1], rows[0], rows[2], sheet.ItemRow(items[3].id, "材料规范", "20", "1", "")]
    saved = rounds.save_sheet(built.round, rows=swapped, actor=ACTOR)
    db.session.commit()
    assert (saved.changed, saved.total) == (True, Decimal(100))
    db.session.expire_all()
    again = db.session.get(ReviewRound, built.round.id)
    assert [(i.name, str(i.step)) for i in again.items] == [
        ("质量改进活动", "0.5"),
        ("班组建设基础", "0.5"),
        ("创新与特色", "0.5"),
        ("材料规范", "1"),
    ]
    assignments.auto_assign(again, actor=ACTOR)
    first = db.session.scalar(sa.select(Assignment).order_by(Assignment.id).limit(1))
    db.session.add(Review(assignment_id=first.id))
    db.session.commit()
    with pytest.raises(SetupRefused) as locked:
        rounds.save_sheet(again, rows=rows, actor=ACTOR)
    assert locked.value.message == "已有评审专家保存评审意见，评分表已锁定，不能再修改"


def test_reviewers_added_checked_deactivated_and_imported(app):
    built = world.build()
    review_round = built.round
    typed = reviewers.ReviewerForm(
        name="赵强",
        employer="上海大学",
        certificate_no="ＴＧＱ-2019-0123",
        phone="",
        email="",
        recommender_id="",
        is_chair=False,
    )
    with pytest.raises(SetupRefused) as taken:
        reviewers.add(review_round, typed=typed, actor=ACTOR)
    assert taken.value.message == (
        "证书号 TGQ-2019-0123 已是评审专家1（陈志远）的，同一证书号在本轮只能有一位评审专家"
    )
    fresh = reviewers.ReviewerForm(
        name=" 赵强 ",
        employer="上海大学",
        certificate_no="TGQ-2022-0099",
        phone="139 1111 2222",
        email="zhao@example.com",
        recommender_id=str(built.recommenders[1].id),
        is_chair=False,
    )
    added = reviewers.add(review_round, typed=fresh, actor=ACTOR)
    db.session.commit()
    assert (added.number, added.label, added.name) == (6, "评审专家6", "赵强")
    assert reviewers.link(added) == f"http://contest.test/review/{added.access_key}"
    no_mail = reviewers.ReviewerForm(**{**fresh.__dict__, "email": "zhao@"})
    with pytest.raises(SetupRefused) as mail:
        reviewers.update(added, typed=no_mail, actor=ACTOR)
    assert mail.value.message == "电子邮箱格式不对，例如 name@example.com；没有可留空"
    reviewers.set_active(added, active=False, actor=ACTOR)
    db.session.add_all(
        [
            UnitJudge(
                recommender_id=built.recommenders[0].id,
                name="钱伟",
                employer="浦东新区质量协会",
                certificate_no="TGQ-2016-0001",
                mobile="13800000001",
            ),
            UnitJudge(
                recommender_id=built.recommenders[2].id,
                name="李明",
                employer="上海电气集团",
                certificate_no="TGQ-2021-0031",
                mobile="13800000002",
            ),
        ]
    )
    db.session.commit()
    assert reviewers.import_unit_judges(review_round, actor=ACTOR) == (1, 1)
    db.session.commit()
    imported = db.session.scalar(sa.select(Reviewer).where(Reviewer.name == "钱伟"))
    assert (imported.number, imported.recommender_id, imported.phone) == (
        7,
        built.recommenders[0].id,
        "13800000001",
    )
    assert _actions() == [
        "review.reviewer_added",
        "review.reviewer_deactivated",
        "review.reviewers_imported",
    ]
