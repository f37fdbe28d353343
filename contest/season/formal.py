"""形式审查: the secretariat passes, returns (with a bounded window) or refuses each
recommended application.

A return names what to fix (items of the checklist per channel, contest/season/checklist.py,
and a note) and gives until a set time: an extension for that application (so the window
shows in the 延期记录), after which it is read-only again. Each party named is told its own
items' sentences: the team, the enterprise, the 推荐单位.

The application stays 退回修改 until every party holding it has acted: the team by
submitting the 申报表 again (when a team item, or only a note, was named), the enterprise by
a new sealed 评分与推荐意见表 scan of its latest 提交 (when an enterprise item was named; its
评分与推荐意见 opens again for this, within the window). Then it comes straight back to
形式审查: the enterprise's 同意推荐 and the 推荐单位's recommendation stand. The 推荐单位's
forms belong to the unit, not to one application, so its items never hold the application:
the unit is told, and the checklist shows their state afresh on the next look.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from flask_babel import gettext as _

from contest import audit
from contest.extensions import db
from contest.models import StaffUser
from contest.models.types import utcnow
from contest.season import checklist, notify
from contest.season.accounts import SeasonRefused
from contest.season.current import beijing
from contest.season.models import (
    Application,
    ApplicationStatus,
    Channel,
    Decision,
    Extension,
    Outcome,
    Stage,
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
    # An item by its key (the form) or its name (as decisions before the keys said).
    picked = [i.key for i in checklist.ITEMS if i.key in reasons or str(i.label) in reasons]
    clean = note.strip()
    if len(clean) > MAX_NOTE:
        raise SeasonRefused(_("说明不能超过 %(n)s 字", n=MAX_NOTE))
    now = utcnow()
    if chosen is Outcome.RETURNED:
        if not picked and not clean:
            raise SeasonRefused(_("退回修改时请勾选不符合的项目或填写说明，让班组知道需要改什么"))
        if picked and checklist.groups_of(picked) == {checklist.RECOMMENDER}:
            raise SeasonRefused(
                _(
                    "只勾选了推荐单位的项目：推荐单位材料不随本申报表退回。"
                    "请同时勾选班组或单位需修改的项目，或选择“通过”"
                )
            )
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


def returned_to(decision: Decision) -> set[str]:
    """Whose material a return names (a note alone is for the team)."""
    return checklist.groups_of(decision.reasons) or {checklist.TEAM}


def _last_return(application: Application) -> Decision | None:
    if application.status is not ApplicationStatus.FORMAL_RETURNED:
        return None
    return (
        db.session.query(Decision)
        .filter_by(application_id=application.id, stage=Stage.SECRETARIAT)
        .order_by(Decision.id.desc())
        .first()
    )


def outstanding(application: Application) -> set[str]:
    """Who still holds a returned application: "team", "enterprise", or nobody."""
    from contest.season.opinion import records

    decision = _last_return(application)
    if decision is None:
        return set()
    owing = returned_to(decision) - {checklist.RECOMMENDER}
    if application.version > decision.version:
        owing.discard(checklist.TEAM)
    scan, row = records.scan(application), records.draft(application)
    latest = records.latest(application)
    if (
        scan is not None
        and row is not None
        and latest is not None
        and scan.uploaded_at > decision.decided_at
        and row.scan_version == latest.version
    ):
        owing.discard(checklist.ENTERPRISE)
    return owing


def back_when_done(application: Application, actor: str) -> bool:
    """Back to 形式审查 once nobody holds the returned application; whether it went."""
    if application.status is not ApplicationStatus.FORMAL_RETURNED or outstanding(application):
        return False
    application.status = ApplicationStatus.RECOMMENDED
    application.updated_at = utcnow()
    audit.record(
        "season.formal_resubmitted",
        actor=actor,
        subject=f"application:{application.id}",
        data={"number": application.number, "version": application.version},
    )
    return True


def _people(application: Application, channel) -> list:
    from contest.season.models import Membership

    if channel is Channel.TEAM:
        return [application.owner]
    rows = db.session.query(Membership).filter_by(channel=channel)
    if channel is Channel.ENTERPRISE:
        rows = rows.filter_by(enterprise_id=application.enterprise_id)
    else:
        rows = rows.filter_by(recommender_id=application.enterprise.recommender_id)
    return [row.applicant for row in rows.order_by(Membership.id)]


_WHO = {
    checklist.TEAM: Channel.TEAM,
    checklist.ENTERPRISE: Channel.ENTERPRISE,
    checklist.RECOMMENDER: Channel.RECOMMENDER,
}


def return_message(application: Application, decision: Decision, group: str) -> tuple[str, str]:
    """The subject and body one party is told: its items' sentences, the note, the window."""
    lines = [f"- {sentence}" for sentence in checklist.sentences(decision, group)]
    if decision.note:
        lines.append(_("说明：%(note)s", note=decision.note))
    number, team = application.number, application.team_name
    subject = _("形式审查退回修改：申报表 %(number)s", number=number)
    whose = {
        checklist.TEAM: _("您的申报表 %(number)s（%(team)s）", number=number, team=team),
        checklist.ENTERPRISE: _("本单位推荐的申报表 %(number)s（%(team)s）", number=number,
                                team=team),
        checklist.RECOMMENDER: _("贵单位推荐的申报表 %(number)s（%(team)s）", number=number,
                                 team=team),
    }[group]  # fmt: skip
    until = beijing(decision.window_until)
    todo = {
        checklist.TEAM: _(
            "请在 %(until)s（北京时间）前修改并重新提交，逾期不能再修改。", until=until
        ),
        checklist.ENTERPRISE: _(
            "请在 %(until)s（北京时间）前修改评分与推荐意见，并上传最新的盖章扫描件，"
            "逾期不能再修改。",
            until=until,
        ),
        checklist.RECOMMENDER: _("请在 %(until)s（北京时间）前提交上述推荐单位材料。", until=until),
    }[group]
    body = _("%(whose)s形式审查需要修改：\n%(why)s\n%(todo)s", whose=whose, why="\n".join(lines),
             todo=todo)  # fmt: skip
    return subject, body


def _tell(application: Application, decision: Decision) -> None:
    number, team = application.number, application.team_name
    if decision.outcome is Outcome.RETURNED:
        for group in checklist.GROUPS:
            if group not in returned_to(decision):
                continue
            subject, body = return_message(application, decision, group)
            for person in _people(application, _WHO[group]):
                notify.post(person, subject, body)
        return
    if decision.outcome is Outcome.REFUSED:
        subject = _("不予受理：申报表 %(number)s", number=number)
        body = _("您的申报表 %(number)s（%(team)s）不予受理。理由：%(note)s",
                 number=number, team=team, note=decision.note)  # fmt: skip
    else:
        subject = _("形式审查通过：申报表 %(number)s", number=number)
        body = _("您的申报表 %(number)s（%(team)s）已通过形式审查。", number=number, team=team)
    notify.post(application.owner, subject, body)


@dataclass(frozen=True)
class Shown:
    """A return as one party's page shows it."""

    application: Application
    decision: Decision
    lines: list[str]
    todo: str


def shown_to(application: Application, group: str) -> Shown | None:
    """The standing return naming this party's items (the team: also a note alone)."""
    decision = (
        db.session.query(Decision)
        .filter_by(application_id=application.id, stage=Stage.SECRETARIAT)
        .order_by(Decision.id.desc())
        .first()
    )
    if decision is None or decision.outcome is not Outcome.RETURNED:
        return None
    if group not in returned_to(decision):
        return None
    if group == checklist.RECOMMENDER:
        if decision.window_until is None or decision.window_until <= utcnow():
            return None
    elif group not in outstanding(application):
        return None
    body = return_message(application, decision, group)[1]
    return Shown(application, decision, checklist.sentences(decision, group), body.split("\n")[-1])
