"""The enterprise's decision on a submitted 申报表: 同意推荐, or 退回修改 with reasons.

A return names what to fix (templated reasons and a note); the team sees exactly that on its
form, corrects, and submits again as a new version; the enterprise then sees what changed.
同意推荐 needs the enterprise's 评分与推荐意见 submitted and its sealed scan uploaded
(contest.season.opinion); a return needs neither.
"""

from __future__ import annotations

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from contest import audit
from contest.extensions import db
from contest.models.types import utcnow
from contest.season import deadline, form12, notices, quota
from contest.season.accounts import SeasonRefused
from contest.season.models import (
    Applicant,
    Application,
    ApplicationStatus,
    Decision,
    Outcome,
    Stage,
    UnitKind,
)
from contest.season.opinion import records

RETURN_REASONS = (
    _l("班组名称不是全称，或挂了上级部门名称"),
    _l("指标数据与实际不符或前后矛盾，请核对"),
    _l("简介及活动成果内容不完整"),
    _l("活动推进者联系方式有误"),
)
MAX_NOTE = 1000
ACTIONS = {
    Outcome.APPROVED: "season.application_approved",
    Outcome.RETURNED: "season.application_returned",
}


def decide(
    *,
    application: Application,
    person: Applicant,
    outcome: str,
    reasons: list[str],
    note: str,
) -> Decision:
    """Record the enterprise's decision on the latest submitted version."""
    if application.status is not ApplicationStatus.SUBMITTED:
        raise SeasonRefused(_("该申报表当前不在待本单位审核状态；请刷新页面查看最新状态"))
    deadline.refuse_if_closed(application)
    try:
        chosen = Outcome(outcome)
    except ValueError:
        raise SeasonRefused(_("请选择“同意推荐”或“退回修改”")) from None
    known = [str(r) for r in RETURN_REASONS]
    picked = [r for r in reasons if r in known]
    clean = note.strip()
    if len(clean) > MAX_NOTE:
        raise SeasonRefused(_("说明不能超过 %(n)s 字", n=MAX_NOTE))
    if chosen is Outcome.RETURNED and not picked and not clean:
        raise SeasonRefused(_("退回修改时请勾选退回原因或填写说明，让班组知道需要改什么"))
    opinion = None
    if chosen is Outcome.APPROVED:
        records.refuse_approval_unless_ready(application)
        opinion = records.latest(application)
    decision = Decision(
        application=application,
        version=application.version,
        stage=Stage.ENTERPRISE,
        outcome=chosen,
        reasons=picked if chosen is Outcome.RETURNED else [],
        note=clean,
        decided_by_id=person.id,
        decided_at=utcnow(),
    )
    db.session.add(decision)
    application.status = (
        ApplicationStatus.RETURNED if chosen is Outcome.RETURNED else ApplicationStatus.APPROVED
    )
    application.updated_at = decision.decided_at
    db.session.flush()
    data = {
        "number": application.number,
        "version": application.version,
        "reasons": decision.reasons,
        "note": clean,
    }
    if opinion is not None:  # which 评分与推荐意见 the approval stands on
        data |= {"opinion_version": opinion.version, "opinion_sha256": opinion.content_hash}
    audit.record(
        ACTIONS[chosen],
        actor=f"applicant:{person.id}",
        subject=f"application:{application.id}",
        data=data,
    )
    notices.decided(application, decision)
    unit = application.enterprise.recommender
    if chosen is Outcome.APPROVED and unit.kind is UnitKind.MEMBER:
        # 直报: a 市质协会员单位 is its own 推荐单位, so its approval goes straight on to
        # 形式审查, within the quota of 2 teams; over it, nothing is decided.
        quota.recommend(application=application, recommender=unit, person=person)
    return decision


def latest(application: Application) -> Decision | None:
    return (
        db.session.query(Decision)
        .filter_by(application_id=application.id)
        .order_by(Decision.id.desc())
        .first()
    )


def changes(before: dict[str, str], after: dict[str, str]) -> list[tuple[str, str, str]]:
    """What a resubmission changed: (field label, before, after), in the form's order."""
    return [
        (str(field.label), before.get(field.key, ""), after.get(field.key, ""))
        for field in form12.FIELDS
        if before.get(field.key, "") != after.get(field.key, "")
    ]
