"""A reviewer's work in 材料文审: drafts saved as they type, a checked submission that locks,
a reopening by staff with a reason, and who may see whose totals.

Domain functions with keyword-only arguments; the views parse input and render. A draft keeps
what was typed (bounded); only a submission must be complete and right. Nothing here commits:
callers run these inside `contest.transactions.atomic`.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal

import sqlalchemy as sa
from flask_babel import gettext as _

from contest import audit
from contest.extensions import db
from contest.models.types import utcnow
from contest.numbers import parse_decimal, plain
from contest.review.marking import (
    SheetRefused,
    Typed,
    problems,
    total_of,
)
from contest.review.models import (
    Assignment,
    Review,
    Reviewer,
    ReviewRound,
    ReviewState,
    RoundState,
)

REASON_CHARACTERS = 500


class ReviewRefused(SheetRefused):
    """A save, submission or reopening refused in words; `messages` say what to do next."""


def reviewer_by_key(key: str) -> Reviewer | None:
    """The active reviewer whose personal link this is, or None."""
    if not key or len(key) > 64:
        return None
    found = db.session.scalar(sa.select(Reviewer).where(Reviewer.access_key == key))
    return found if found is not None and found.active else None


def assignments_of(reviewer: Reviewer) -> list[Assignment]:
    """The reviewer's current assignments (removed ones left out), by application number."""
    from contest.season.models import Application

    return list(
        db.session.scalars(
            sa.select(Assignment)
            .join(Application, Application.id == Assignment.application_id)
            .where(Assignment.reviewer_id == reviewer.id, Assignment.removed_at.is_(None))
            .order_by(Application.number, Assignment.id)
        )
    )


def assignment_for(reviewer: Reviewer, assignment_id: int) -> Assignment | None:
    """One of the reviewer's current assignments, or None (another's, removed, unknown)."""
    found = db.session.get(Assignment, assignment_id)
    if found is None or found.reviewer_id != reviewer.id or found.removed_at is not None:
        return None
    return found


def scoring_open(review_round: ReviewRound) -> bool:
    """Reviewers may change their work only while the round is open."""
    return review_round.state == RoundState.OPEN


def round_note(review_round: ReviewRound) -> str:
    """Why the page is read-only, or "" while reviewers may score."""
    if review_round.state == RoundState.DRAFT:
        return _("材料文审尚未开始，现在只能查看材料，开始后方可评分。")
    if review_round.state == RoundState.CLOSED:
        return _("材料文审已结束，评分不能再修改，现在只能查看。")
    return ""


def state_label(review: Review | None) -> str:
    if review is None:
        return _("未开始")
    return _("已提交") if review.state == ReviewState.SUBMITTED else _("草稿")


def mark_first_opened(reviewer: Reviewer) -> None:
    """Note when the reviewer first opened their link (for staff's follow-up)."""
    if reviewer.first_opened_at is None:
        reviewer.first_opened_at = utcnow()
        audit.record(
            "review.link_opened", actor=f"reviewer:{reviewer.id}", subject=f"reviewer:{reviewer.id}"
        )


def _editable(assignment: Assignment, version: int) -> Review:
    """The assignment's review ready to change, or refused: closed round, locked, stale."""
    if not scoring_open(assignment.reviewer.round):
        raise ReviewRefused(round_note(assignment.reviewer.round), status=409)
    # Read again under a row lock (PostgreSQL): a second tab's save waits for the first to
    # commit, then sees its version and is refused instead of overwriting it. A first save
    # racing another first save meets the unique assignment_id; atomic retries and refuses.
    review = db.session.scalar(
        sa.select(Review)
        .where(Review.assignment_id == assignment.id)
        .with_for_update()
        .execution_options(populate_existing=True)
    )
    if review is not None and review.state == ReviewState.SUBMITTED:
        raise ReviewRefused(_("本评审已提交，不能再修改；如需修改，请联系秘书处退回。"), status=409)
    current = review.version if review is not None else 0
    if version != current:
        raise ReviewRefused(
            _(
                "本评审已在其他窗口或设备上保存过，此页的内容未保存。"
                "请先复制您刚输入的内容，再刷新页面后继续。"
            ),
            status=409,
        )
    if review is None:
        review = Review(assignment=assignment, marks={}, item_comments={}, version=0)
        db.session.add(review)
    return review


def _write(review: Review, typed: Typed) -> None:
    review.marks = dict(typed.marks)
    review.item_comments = dict(typed.item_comments)
    review.conformity = typed.conformity
    review.features = typed.features
    review.shortcomings = typed.shortcomings
    review.version += 1
    review.saved_at = utcnow()


def claimed(assignment_id: int) -> Assignment:
    """Take the review's write lock as the transaction's first statement, then read.

    On SQLite a transaction that read first and wrote second fails at once ("database is
    locked") when another save committed meanwhile, and does again on each immediate retry
    while that save is still committing; one that writes first waits its turn (busy_timeout),
    then reads the winner's version and is refused as stale. On PostgreSQL the no-op UPDATE
    locks the row until commit. Callers end any earlier read (rollback) before calling this.
    """
    db.session.execute(
        sa.update(Review)
        .where(Review.assignment_id == assignment_id)
        .values(version=Review.version)
        .execution_options(synchronize_session=False)
    )
    return db.session.get(Assignment, assignment_id)


def save_draft(*, assignment: Assignment, version: int, typed: Typed) -> Review:
    """Keep what was typed as the draft; `version` is the one the page last saw."""
    review = _editable(assignment, version)
    _write(review, typed)
    db.session.flush()
    return review


def submit(*, assignment: Assignment, version: int, typed: Typed) -> Review:
    """Check every mark and the three 评语 parts, then lock the review with its total."""
    items = list(assignment.reviewer.round.items)
    review = _editable(assignment, version)
    found = problems(items, typed)
    if found:
        raise ReviewRefused(found)
    _write(review, typed)
    review.marks = {k: plain(parse_decimal(v)) for k, v in typed.marks.items()}
    review.state = ReviewState.SUBMITTED
    review.submitted_at = review.saved_at
    review.total = total_of(items, review.marks)
    db.session.flush()
    audit.record(
        "review.submitted",
        actor=f"reviewer:{assignment.reviewer_id}",
        subject=f"application:{assignment.application_id}",
        data={"assignment": assignment.id, "total": plain(review.total), "marks": review.marks},
    )
    return review


def reopen(*, assignment: Assignment, reason: str, actor: str) -> Review:
    """Staff send a submitted review back to its reviewer, with the reason they will read."""
    reason = (reason or "").strip()
    review = assignment.review
    if review is None or review.state != ReviewState.SUBMITTED:
        raise ReviewRefused(_("该评审尚未提交，无需退回"), status=409)
    if assignment.removed_at is not None:
        raise ReviewRefused(_("该分配已撤销，不能退回重评"), status=409)
    if not scoring_open(assignment.reviewer.round):
        # Closed, the results stand on the submitted reviews; a reviewer could not resubmit.
        raise ReviewRefused(_("材料文审不在进行中，不能退回重评"), status=409)
    if not reason:
        raise ReviewRefused(_("请填写退回重评的原因，评审专家将看到这一原因"))
    if len(reason) > REASON_CHARACTERS:
        raise ReviewRefused(_("退回原因不能超过 %(n)s 字", n=REASON_CHARACTERS))
    previous_total = review.total
    review.state = ReviewState.DRAFT
    review.reopened_at = utcnow()
    review.reopen_reason = reason
    review.total = None
    review.version += 1  # an open page of the reviewer's must reload before it saves
    db.session.flush()
    audit.record(
        "review.reopened",
        actor=actor,
        subject=f"application:{assignment.application_id}",
        data={
            "assignment": assignment.id,
            "reviewer": assignment.reviewer_id,
            "reason": reason,
            "previous_total": plain(previous_total) if previous_total is not None else None,
        },
    )
    return review


def others_totals(assignment: Assignment) -> list[tuple[str, Decimal]] | None:
    """Other reviewers' submitted totals for this application, as 评审专家N, or None while
    the reviewer's own review is not submitted (they must not see them before)."""
    own = assignment.review
    if own is None or own.state != ReviewState.SUBMITTED:
        return None
    rows = db.session.scalars(
        sa.select(Assignment)
        .join(Review, Review.assignment_id == Assignment.id)
        .join(Reviewer, Reviewer.id == Assignment.reviewer_id)
        .where(
            Assignment.application_id == assignment.application_id,
            Assignment.round_id == assignment.round_id,
            Assignment.id != assignment.id,
            Assignment.removed_at.is_(None),
            Review.state == ReviewState.SUBMITTED,
        )
        .order_by(Reviewer.number)
    )
    return [(row.reviewer.label, row.review.total) for row in rows]


def saved_time(moment: datetime | None) -> str:
    """「10:32」 in Beijing time, for the autosave line."""
    from contest.season.current import BEIJING

    return moment.astimezone(BEIJING).strftime("%H:%M") if moment is not None else ""


@dataclass
class Progress:
    """Counts for the staff's progress page: assigned, drafts, submitted."""

    assigned: int = 0
    draft: int = 0
    submitted: int = 0


def progress(review_round: ReviewRound) -> tuple[dict[int, Progress], dict[int, Progress]]:
    """Per reviewer id and per application id, over current assignments."""
    by_reviewer: dict[int, Progress] = {}
    by_application: dict[int, Progress] = {}
    rows = db.session.scalars(
        sa.select(Assignment).where(
            Assignment.round_id == review_round.id, Assignment.removed_at.is_(None)
        )
    )
    for row in rows:
        for key, table in ((row.reviewer_id, by_reviewer), (row.application_id, by_application)):
            counts = table.setdefault(key, Progress())
            counts.assigned += 1
            if row.review is not None and row.review.state == ReviewState.SUBMITTED:
                counts.submitted += 1
            elif row.review is not None:
                counts.draft += 1
    return by_reviewer, by_application
