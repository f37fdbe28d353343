"""Assignments of the round: load rows, call the pure assignment, write and audit.

Applications in scope: those of the season that passed 形式审查 (ACCEPTED).
"""

from __future__ import annotations

from dataclasses import dataclass

import sqlalchemy as sa
import sqlalchemy.orm as so
from flask_babel import gettext as _

from contest import audit
from contest.extensions import db
from contest.models.types import utcnow
from contest.review import assign
from contest.review.models import Assignment, Reviewer, ReviewRound, RoundState
from contest.season.models import Application, ApplicationStatus, Enterprise
from contest.setup.refusal import SetupRefused

REASON_LENGTH = 500


def conflict_text(why: assign.Conflict) -> str:
    """The conflict in the words staff read on the page and in a refusal."""
    if why == assign.Conflict.ENTERPRISE:
        return _("工作单位即申报企业或同一集团")
    return _("属同一推荐单位")


def applications(review_round: ReviewRound) -> list[Application]:
    """The season's applications that passed 形式审查, by number."""
    query = (
        sa.select(Application)
        .where(
            Application.season_id == review_round.season_id,
            Application.status == ApplicationStatus.ACCEPTED,
        )
        .options(so.joinedload(Application.enterprise).joinedload(Enterprise.recommender))
        .order_by(Application.number)
    )
    return list(db.session.scalars(query).unique())


def _records(review_round: ReviewRound) -> list[Assignment]:
    query = sa.select(Assignment).where(Assignment.round_id == review_round.id)
    return list(db.session.scalars(query.order_by(Assignment.id)))


def _entry(application: Application) -> assign.Entry:
    enterprise = application.enterprise
    unit = enterprise.recommender
    return assign.Entry(
        application.id, enterprise.name, unit.id if unit else None, unit.name if unit else ""
    )


def _candidate(reviewer: Reviewer) -> assign.Candidate:
    return assign.Candidate(
        reviewer.id, reviewer.employer, reviewer.recommender_id, reviewer.active
    )


def _existing(record: Assignment) -> assign.Existing:
    return assign.Existing(
        record.application_id, record.reviewer_id, record.pinned, record.removed_at is not None
    )


def _reviewers(review_round: ReviewRound) -> list[Reviewer]:
    query = sa.select(Reviewer).where(Reviewer.round_id == review_round.id)
    return list(db.session.scalars(query.order_by(Reviewer.number)))


def _refuse_if_closed(review_round: ReviewRound) -> None:
    if review_round.state == RoundState.CLOSED:
        raise SetupRefused(_("材料文审已结束，分配不能再修改"))


def auto_assign(review_round: ReviewRound, *, actor: str) -> assign.Plan:
    """Fill every application up to N eligible reviewers, balanced; audited with the pairs."""
    _refuse_if_closed(review_round)
    apps = applications(review_round)
    if not apps:
        raise SetupRefused(_("本年度还没有通过形式审查的申报表，无需分配"))
    reviewers = _reviewers(review_round)
    if not any(r.active for r in reviewers):
        raise SetupRefused(_("还没有在用的评审专家，请先添加评审专家"))
    plan = assign.plan(
        [_entry(a) for a in apps],
        [_candidate(r) for r in reviewers],
        [_existing(r) for r in _records(review_round)],
        per_application=review_round.reviewers_per_application,
        exclude_same_recommender=review_round.exclude_same_recommender,
    )
    for application_id, reviewer_id in plan.pairs:
        db.session.add(
            Assignment(
                round_id=review_round.id,
                application_id=application_id,
                reviewer_id=reviewer_id,
                created_by_id=_staff_id(actor),
            )
        )
    db.session.flush()
    if not plan.pairs and not plan.unfilled:
        return plan  # nothing to do, nothing to record
    numbers = {a.id: a.number for a in apps}
    labels = {r.id: r.label for r in reviewers}
    audit.record(
        "review.auto_assigned",
        actor=actor,
        subject=f"review_round:{review_round.id}",
        data={
            "added": [[numbers[a], labels[r]] for a, r in plan.pairs],
            "unfilled": {numbers[a]: n for a, n in plan.unfilled.items()},
        },
    )
    return plan


def _staff_id(actor: str) -> int | None:
    kind, _sep, number = actor.partition(":")
    return int(number) if kind == "staff" and number.isdecimal() else None


def _reason(text: str, what: str) -> str:
    reason = text.strip()
    if not reason:
        raise SetupRefused(_("请填写%(what)s的原因", what=what))
    if len(reason) > REASON_LENGTH:
        raise SetupRefused(_("原因不超过 %(n)s 个字", n=REASON_LENGTH))
    return reason


def pin(
    review_round: ReviewRound, *, application_id: int, reviewer_id: int, reason: str, actor: str
) -> Assignment:
    """Staff choose a reviewer for an application by hand, with a reason; a conflict is refused."""
    _refuse_if_closed(review_round)
    reason = _reason(reason, _("指定评审专家"))
    application = db.session.get(Application, application_id)
    reviewer = db.session.get(Reviewer, reviewer_id)
    if application is None or application not in applications(review_round):
        raise SetupRefused(_("请选择一份已通过形式审查的申报表"))
    if reviewer is None or reviewer.round_id != review_round.id:
        raise SetupRefused(_("请选择本轮的评审专家"))
    if not reviewer.active:
        raise SetupRefused(
            _("%(who)s（%(name)s）已停用，不能指定", who=reviewer.label, name=reviewer.name)
        )
    why = assign.conflict(
        _candidate(reviewer),
        _entry(application),
        exclude_same_recommender=review_round.exclude_same_recommender,
    )
    if why is not None:
        raise SetupRefused(
            _(
                "%(who)s（%(name)s）%(why)s，须回避，不能评审 %(number)s %(team)s",
                who=reviewer.label,
                name=reviewer.name,
                why=conflict_text(why),
                number=application.number,
                team=application.team_name,
            )
        )
    record = db.session.scalar(
        sa.select(Assignment).where(
            Assignment.application_id == application.id, Assignment.reviewer_id == reviewer.id
        )
    )
    if record is not None and record.removed_at is None:
        raise SetupRefused(
            _(
                "%(who)s（%(name)s）已在评审 %(number)s，无需再指定",
                who=reviewer.label,
                name=reviewer.name,
                number=application.number,
            )
        )
    if record is None:
        record = Assignment(
            round_id=review_round.id, application_id=application.id, reviewer_id=reviewer.id
        )
        db.session.add(record)
    record.pinned, record.reason, record.removed_at = True, reason, None
    record.created_by_id = _staff_id(actor)
    db.session.flush()
    audit.record(
        "review.assignment_pinned",
        actor=actor,
        subject=f"review_assignment:{record.id}",
        data={
            "application": application.number,
            "reviewer": reviewer.label,
            "name": reviewer.name,
            "reason": reason,
        },
    )
    return record


def remove(assignment: Assignment, *, reason: str, actor: str) -> None:
    """Take a reviewer off an application, with a reason; never made again automatically."""
    review_round = db.session.get(ReviewRound, assignment.round_id)
    _refuse_if_closed(review_round)
    reason = _reason(reason, _("移除"))
    if assignment.removed_at is not None:
        raise SetupRefused(_("该分配已移除"))
    if assignment.review is not None:
        raise SetupRefused(
            _("%(who)s已保存对该申报表的评审意见，不能移除", who=assignment.reviewer.label)
        )
    assignment.removed_at = utcnow()
    assignment.reason = reason
    assignment.pinned = False
    audit.record(
        "review.assignment_removed",
        actor=actor,
        subject=f"review_assignment:{assignment.id}",
        data={
            "application": assignment.application.number,
            "reviewer": assignment.reviewer.label,
            "name": assignment.reviewer.name,
            "reason": reason,
        },
    )


@dataclass(frozen=True)
class Row:
    """One application's line of the coverage table."""

    application: Application
    coverage: assign.Coverage
    live: list[Assignment]  # current assignments, pinned or made, in reviewer order
    conflicts: dict[int, str]  # reviewer id -> why (Chinese)


def coverage(review_round: ReviewRound) -> list[Row]:
    """The coverage check, with the rows the page shows."""
    apps = applications(review_round)
    reviewers = _reviewers(review_round)
    records = _records(review_round)
    checked = assign.coverage(
        [_entry(a) for a in apps],
        [_candidate(r) for r in reviewers],
        [_existing(r) for r in records],
        per_application=review_round.reviewers_per_application,
        exclude_same_recommender=review_round.exclude_same_recommender,
    )
    by_app = {c.application_id: c for c in checked}
    rows = []
    for application in apps:
        live = sorted(
            (r for r in records if r.application_id == application.id and r.removed_at is None),
            key=lambda r: r.reviewer.number,
        )
        cover = by_app[application.id]
        rows.append(
            Row(
                application, cover, live, {rid: conflict_text(why) for rid, why in cover.conflicted}
            )
        )
    return rows


def state_text(cover: assign.Coverage) -> str:
    """「齐备」, 「缺 1 位」, 「多 1 位」 or 「冲突」, as the table says it."""
    if cover.state == assign.Cover.CONFLICT:
        return _("冲突")
    if cover.state == assign.Cover.SHORT:
        return _("缺 %(n)s 位", n=cover.missing)
    if cover.state == assign.Cover.OVER:
        return _("多 %(n)s 位", n=cover.extra)
    return _("齐备")


def problems(rows: list[Row]) -> list[str]:
    """What stops the round opening, one sentence per application: 「2026-0003 缺 1 位」."""
    return [
        f"{row.application.number} {state_text(row.coverage)}"
        for row in rows
        if row.coverage.state != assign.Cover.OK
    ]


def loads(review_round: ReviewRound) -> dict[int, int]:
    """Live assignments per reviewer (in scope or not), for the reviewers' table."""
    return assign.loads(
        [_existing(r) for r in _records(review_round)],
        [_candidate(r) for r in _reviewers(review_round)],
    )


def removed(review_round: ReviewRound) -> list[Assignment]:
    """Removed assignments, newest first, with their reasons (the page's record)."""
    return [r for r in reversed(_records(review_round)) if r.removed_at is not None]
