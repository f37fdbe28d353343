"""形式审查: the secretariat passes, returns (with a bounded window) or refuses each
recommended application.

A return names what to fix (the checklist's items and a note) and gives the team until a set
time: an extension for that application (so the window shows in the 延期记录), after which it
is read-only again. The corrected 申报表 comes straight back to 形式审查 (its enterprise and
推荐单位 already stood behind it; their seal is on the scan), and staff see what changed.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from contest import audit
from contest.extensions import db
from contest.models import StaffUser
from contest.models.types import utcnow
from contest.season import notify
from contest.season.accounts import SeasonRefused
from contest.season.current import beijing
from contest.season.models import (
    Application,
    ApplicationStatus,
    Decision,
    Extension,
    Outcome,
    Stage,
)

CHECKLIST = (
    _l("申报表填写不完整或数据有误"),
    _l("企业名称与公章不一致"),
    _l("班组名称不是全称，或挂了上级部门名称"),
    _l("班组创建材料不符合要求（格式或字数）"),
    _l("盖章扫描件不清晰、未盖章或与申报表不一致"),
    _l("申报班组不是企业最基础的正式组织单元"),
)
MAX_WINDOW = timedelta(days=15)
MAX_NOTE = 1000
ACTIONS = {
    Outcome.APPROVED: "season.formal_accepted",
    Outcome.RETURNED: "season.formal_returned",
    Outcome.REFUSED: "season.formal_refused",
}
_OUTCOMES = {"accepted": Outcome.APPROVED, "returned": Outcome.RETURNED, "refused": Outcome.REFUSED}


def decide(
    *,
    application: Application,
    staff: StaffUser,
    outcome: str,
    reasons: list[str],
    note: str,
    window_until: datetime | None = None,
) -> Decision:
    """Record the secretariat's 形式审查 decision on the application's latest version."""
    if application.status is not ApplicationStatus.RECOMMENDED:
        raise SeasonRefused(_("该申报表当前不在待形式审查状态；请刷新页面查看最新状态"))
    chosen = _OUTCOMES.get(outcome)
    if chosen is None:
        raise SeasonRefused(_("请选择“通过”“退回修改”或“不予受理”"))
    known = [str(item) for item in CHECKLIST]
    picked = [r for r in reasons if r in known]
    clean = note.strip()
    if len(clean) > MAX_NOTE:
        raise SeasonRefused(_("说明不能超过 %(n)s 字", n=MAX_NOTE))
    now = utcnow()
    if chosen is Outcome.RETURNED:
        if not picked and not clean:
            raise SeasonRefused(_("退回修改时请勾选不符合的项目或填写说明，让班组知道需要改什么"))
        if window_until is None or not now < window_until <= now + MAX_WINDOW:
            raise SeasonRefused(_("请设定修改期限：晚于现在，且不超过 15 天"))
    if chosen is Outcome.REFUSED and not clean:
        raise SeasonRefused(_("不予受理时请写明理由，它将通知申报班组"))
    decision = Decision(
        application=application,
        version=application.version,
        stage=Stage.SECRETARIAT,
        outcome=chosen,
        reasons=picked if chosen is not Outcome.APPROVED else [],
        note=clean,
        staff_id=staff.id,
        window_until=window_until if chosen is Outcome.RETURNED else None,
        decided_at=now,
    )
    db.session.add(decision)
    actor = f"staff:{staff.id}"
    if chosen is Outcome.RETURNED:
        application.status = ApplicationStatus.FORMAL_RETURNED
        db.session.add(
            Extension(
                season_id=application.season_id,
                application=application,
                until=window_until,
                reason=_("形式审查退回修改的修改期限"),
                granted_by=actor,
                granted_at=now,
            )
        )
    elif chosen is Outcome.REFUSED:
        application.status = ApplicationStatus.REFUSED
    else:
        application.status = ApplicationStatus.ACCEPTED
    application.updated_at = now
    db.session.flush()
    audit.record(
        ACTIONS[chosen],
        actor=actor,
        subject=f"application:{application.id}",
        data={
            "number": application.number,
            "version": application.version,
            "reasons": decision.reasons,
            "note": clean,
            "until": beijing(window_until) if decision.window_until else None,
        },
    )
    _tell(application, decision)
    return decision


def _tell(application: Application, decision: Decision) -> None:
    number, team = application.number, application.team_name
    if decision.outcome is Outcome.RETURNED:
        lines = [f"- {reason}" for reason in decision.reasons]
        if decision.note:
            lines.append(_("说明：%(note)s", note=decision.note))
        subject = _("形式审查退回修改：申报表 %(number)s", number=number)
        body = _(
            "您的申报表 %(number)s（%(team)s）形式审查需要修改：\n%(why)s\n"
            "请在 %(until)s（北京时间）前修改并重新提交，逾期不能再修改。",
            number=number,
            team=team,
            why="\n".join(lines),
            until=beijing(decision.window_until),
        )
    elif decision.outcome is Outcome.REFUSED:
        subject = _("不予受理：申报表 %(number)s", number=number)
        body = _("您的申报表 %(number)s（%(team)s）不予受理。理由：%(note)s",
                 number=number, team=team, note=decision.note)  # fmt: skip
    else:
        subject = _("形式审查通过：申报表 %(number)s", number=number)
        body = _("您的申报表 %(number)s（%(team)s）已通过形式审查。", number=number, team=team)
    notify.post(application.owner, subject, body)
