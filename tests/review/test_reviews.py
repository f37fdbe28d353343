"""A reviewer's work (contest.review.reviews) on both databases: drafts with a stale check,
submission checked in Chinese, the lock, staff's reopening and who sees others' totals."""

from __future__ import annotations

from decimal import Decimal

import pytest
import sqlalchemy as sa

from contest.extensions import db
from contest.models import AuditEntry
from contest.review import marking, reviews
from contest.review.marking import SheetRefused
from contest.review.models import ReviewState, RoundState
from contest.review.reviews import ReviewRefused
from contest.transactions import atomic
from tests.review.reviewing import assignment, marks, open_world, payload, typed


def _save(found, version, sheet):
    return atomic(lambda: reviews.save_draft(assignment=found, version=version, typed=sheet))


def _submit(found, version, sheet):
    return atomic(lambda: reviews.submit(assignment=found, version=version, typed=sheet))


def test_a_draft_keeps_what_was_typed_and_counts_its_versions(app):
    built = open_world()
    mine = assignment(built, 0, 0)
    items = list(built.round.items)
    sheet = marking.typed_from(
        {**payload(built, 0, "２０", " ", "x", ""), "marks": {**marks(built, "２０", " ", "x", ""),
         "999": "5"}, "features": ""},
        items,
    )  # fmt: skip
    review = _save(mine, 0, sheet)
    assert (review.version, review.state, review.features) == (1, ReviewState.DRAFT, "")
    assert review.marks == {str(items[0].id): "20", str(items[2].id): "x"}
    assert _save(mine, 1, typed(built, "20", "25", "x", "")).version == 2
    with pytest.raises(SheetRefused) as refused:
        marking.typed_from(
            {**payload(built, 2, "1", "1", "1", "1"), "features": "特" * 2001}, items
        )
    assert refused.value.messages == ["材料评价「特色」不能超过 2000 字"]


def test_a_stale_page_cannot_overwrite_a_newer_save(app):
    built = open_world()
    mine = assignment(built, 0, 0)
    _save(mine, 0, typed(built, "20", "25", "20", "15"))
    _save(mine, 1, typed(built, "21", "25", "20", "15"))
    with pytest.raises(ReviewRefused) as refused:
        _save(mine, 1, typed(built, "1", "1", "1", "1"))
    assert refused.value.status == 409
    assert refused.value.messages == [
        "本评审已在其他窗口或设备上保存过，此页的内容未保存。请先复制您刚输入的内容，再刷新页面后继续。"
    ]
    db.session.expire_all()
    assert assignment(built, 0, 0).review.marks[str(built.round.items[0].id)] == "21"


def test_submission_names_every_problem_in_chinese_and_writes_nothing(app):
    built = open_world()
    mine = assignment(built, 0, 0)
    sheet = typed(built, "", "31", "20.3", "abc", features="")
    with pytest.raises(ReviewRefused) as refused:
        _submit(mine, 0, sheet)
    assert refused.value.messages == [
        "「班组建设基础」尚未评分",
        "「质量改进活动」的分数应在 0 到 30 之间",
        "「创新与特色」的分数应为 0.5 的整数倍",
        "「材料规范性」的分数「abc」不是数字",
        "请填写材料评价「特色」",
    ]
    db.session.expire_all()
    assert assignment(built, 0, 0).review is None


def test_a_submission_reads_full_width_marks_and_locks_with_its_total(app):
    built = open_world()
    mine = assignment(built, 0, 0)
    review = _submit(mine, 0, typed(built, "２２", "26。5", "２０．５", "18"))
    assert (review.state, review.total, review.version) == (ReviewState.SUBMITTED, Decimal("87"), 1)
    assert review.marks == {
        str(i.id): v for i, v in zip(built.round.items, ["22", "26.5", "20.5", "18"], strict=True)
    }
    assert review.submitted_at == review.saved_at
    with pytest.raises(ReviewRefused) as refused:
        _save(mine, 1, typed(built, "1", "1", "1", "1"))
    assert refused.value.messages == ["本评审已提交，不能再修改；如需修改，请联系秘书处退回。"]
    entry = db.session.scalar(sa.select(AuditEntry).where(AuditEntry.action == "review.submitted"))
    assert entry.subject == f"application:{built.applications[0].id}"


@pytest.mark.parametrize(
    ("state", "message"),
    [
        (RoundState.DRAFT, "材料文审尚未开始，现在只能查看材料，开始后方可评分。"),
        (RoundState.CLOSED, "材料文审已结束，评分不能再修改，现在只能查看。"),
    ],
)
def test_no_change_outside_the_open_round(app, state, message):
    built = open_world(state)
    with pytest.raises(ReviewRefused) as refused:
        _save(assignment(built, 0, 0), 0, typed(built, "1", "1", "1", "1"))
    assert (refused.value.status, refused.value.messages) == (409, [message])


def test_staff_reopen_with_a_reason_and_the_reviewer_submits_again(app):
    built = open_world()
    mine = assignment(built, 0, 0)
    _submit(mine, 0, typed(built, "22", "26", "20", "18"))
    with pytest.raises(ReviewRefused) as refused:
        atomic(lambda: reviews.reopen(assignment=mine, reason="  ", actor="staff:1"))
    assert refused.value.messages == ["请填写退回重评的原因，评审专家将看到这一原因"]
    review = atomic(
        lambda: reviews.reopen(assignment=mine, reason="第二项评分与评语不一致", actor="staff:1")
    )
    assert (review.state, review.total, review.version, review.reopen_reason) == (
        ReviewState.DRAFT, None, 2, "第二项评分与评语不一致")  # fmt: skip
    assert reviews.state_label(review) == "草稿"
    entry = db.session.scalar(sa.select(AuditEntry).where(AuditEntry.action == "review.reopened"))
    assert entry.data["reason"] == "第二项评分与评语不一致"
    assert entry.data["previous_total"] == "86"
    again = _submit(mine, 2, typed(built, "22", "28", "20", "18"))
    assert (again.state, again.total) == (ReviewState.SUBMITTED, Decimal("88"))
    with pytest.raises(ReviewRefused) as twice:
        atomic(lambda: reviews.reopen(assignment=assignment(built, 1, 0), reason="x", actor="s"))
    assert twice.value.messages == ["该评审尚未提交，无需退回"]


def test_others_totals_only_after_ones_own_submission(app):
    built = open_world()
    first, third, fifth = (assignment(built, 0, i) for i in (0, 2, 4))
    _submit(third, 0, typed(built, "20", "25", "20", "15"))
    _save(fifth, 0, typed(built, "10", "10", "10", "10"))  # a draft is never shown
    assert reviews.others_totals(first) is None
    _save(first, 0, typed(built, "22", "26", "20", "18"))
    assert reviews.others_totals(first) is None
    _submit(first, 1, typed(built, "22", "26", "20", "18"))
    assert reviews.others_totals(first) == [("评审专家3", Decimal("80"))]
    assert reviews.others_totals(third) == [("评审专家1", Decimal("86"))]


def test_progress_counts_per_reviewer_and_per_application(app):
    built = open_world()
    _submit(assignment(built, 0, 0), 0, typed(built, "22", "26", "20", "18"))
    _save(assignment(built, 1, 0), 0, typed(built, "22", "", "", ""))
    by_reviewer, by_application = reviews.progress(built.round)
    first = by_reviewer[built.reviewers[0].id]
    assert (first.assigned, first.draft, first.submitted) == (2, 1, 1)
    one = by_application[built.applications[0].id]
    assert (one.assigned, one.draft, one.submitted) == (3, 0, 1)


def test_a_closed_round_cannot_be_reopened(app):
    built = open_world()
    mine = assignment(built, 0, 0)
    _submit(mine, 0, typed(built, "22", "26", "20", "18"))
    built.round.state = RoundState.CLOSED
    db.session.commit()
    with pytest.raises(ReviewRefused) as refused:
        atomic(lambda: reviews.reopen(assignment=mine, reason="复核", actor="staff:1"))
    assert (refused.value.status, refused.value.messages) == (
        409,
        ["材料文审不在进行中，不能退回重评"],
    )
