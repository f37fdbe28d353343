"""Deciding a 注册申请: 通过 gives exactly the role an invitation would; 不通过 needs a reason.

The 推荐单位 decides its enterprises' requests, the enterprise its teams'; the secretariat
may decide any, and alone decides a 市质协会员单位's (直报). Approving a 直报 request makes
the unit its own 推荐单位 (kind MEMBER) holding only that enterprise: its teams'
applications go to 形式审查 as soon as the enterprise approves them, within the quota of
2 (contest.season.decisions). Both outcomes are audited and told to the person.
"""

from __future__ import annotations

from flask_babel import gettext as _

from contest import audit
from contest.extensions import db
from contest.models.types import utcnow
from contest.season import accounts, notices, notify, registrations, units
from contest.season.accounts import SeasonRefused
from contest.season.models import (
    Applicant,
    Channel,
    Registration,
    RegistrationKind,
    RegistrationStatus,
    UnitKind,
)

MAX_REFUSAL = 500
KIND_NAMES = {
    RegistrationKind.ENTERPRISE: "单位通道（企业）",
    RegistrationKind.TEAM: "班组通道（班组）",
    RegistrationKind.MEMBER: "市质协会员单位直报",
}


def may_decide(person: Applicant | None, registration: Registration) -> bool:
    """Whether this person of the channels decides the request (staff: always, elsewhere)."""
    if person is None:
        return False
    for membership in person.memberships:
        if (
            registration.kind is RegistrationKind.ENTERPRISE
            and membership.channel is Channel.RECOMMENDER
            and membership.recommender_id == registration.recommender_id
        ):
            return True
        if (
            registration.kind is RegistrationKind.TEAM
            and membership.channel is Channel.ENTERPRISE
            and membership.enterprise_id == registration.enterprise_id
        ):
            return True
    return False


def _still_pending(registration: Registration) -> None:
    if registration.status is not RegistrationStatus.PENDING:
        raise SeasonRefused(_("该注册申请已经处理；请刷新页面查看最新状态"))


def _by_whom(actor: str, registration: Registration) -> str:
    return (
        registrations.SECRETARIAT
        if actor.startswith("staff:")
        else registrations.decider(registration)
    )


def approve(*, registration: Registration, actor: str) -> None:
    """通过: the enterprise (and its 直报 推荐单位) made, the person given the role."""
    _still_pending(registration)
    season, person, name = registration.season, registration.applicant, registration.name
    if registration.kind is RegistrationKind.TEAM:
        taken = registrations.team_taken(registration.enterprise, name, besides=registration.id)
        if taken:
            raise SeasonRefused(taken)
        accounts.grant(
            person=person, channel=Channel.TEAM, enterprise_id=registration.enterprise_id
        )
    else:
        taken = registrations.enterprise_taken(season, name, besides=registration.id)
        if taken:
            raise SeasonRefused(taken)
        unit = registration.recommender
        if registration.kind is RegistrationKind.MEMBER:
            if not actor.startswith("staff:"):
                raise SeasonRefused(_("市质协会员单位的直报注册由秘书处确认"))
            unit = units.add_recommender(
                season=season, name=name, kind=UnitKind.MEMBER.value, actor=actor
            )
            registration.recommender = unit
        enterprise = units.add_enterprise(recommender=unit, name=name, actor=actor)
        registration.enterprise = enterprise
        db.session.flush()
        accounts.grant(person=person, channel=Channel.ENTERPRISE, enterprise_id=enterprise.id)
    registration.status = RegistrationStatus.APPROVED
    registration.decided_at, registration.decided_by = utcnow(), actor
    db.session.flush()
    audit.record(
        "season.registration_approved",
        actor=actor,
        subject=f"registration:{registration.id}",
        data={"kind": registration.kind.value, "name": name, "username": person.username},
    )
    page = "apply_team.home" if registration.kind is RegistrationKind.TEAM else "apply_unit.home"
    notify.post(
        person,
        _("注册申请已通过：%(name)s", name=name),
        _(
            "您提交的注册申请（%(kind)s：%(name)s）已由%(who)s审核通过。请登录办理：%(link)s",
            kind=KIND_NAMES[registration.kind],
            name=name,
            who=_by_whom(actor, registration),
            link=notices.link(page),
        ),
    )


def refuse(*, registration: Registration, actor: str, reason: str) -> None:
    """不通过, with the reason the person is told."""
    _still_pending(registration)
    clean = reason.strip()
    if not clean:
        raise SeasonRefused(_("不通过时请填写理由，它将通知申请人"))
    if len(clean) > MAX_REFUSAL:
        raise SeasonRefused(_("理由不能超过 %(n)s 字", n=MAX_REFUSAL))
    if registration.kind is RegistrationKind.MEMBER and not actor.startswith("staff:"):
        raise SeasonRefused(_("市质协会员单位的直报注册由秘书处确认"))
    registration.status = RegistrationStatus.REFUSED
    registration.refusal = clean
    registration.decided_at, registration.decided_by = utcnow(), actor
    db.session.flush()
    audit.record(
        "season.registration_refused",
        actor=actor,
        subject=f"registration:{registration.id}",
        data={"kind": registration.kind.value, "name": registration.name, "reason": clean},
    )
    notify.post(
        registration.applicant,
        _("注册申请未通过：%(name)s", name=registration.name),
        _(
            "您提交的注册申请（%(kind)s：%(name)s）未获%(who)s通过。\n理由：%(reason)s\n"
            "如有疑问，请联系%(who)s。",
            kind=KIND_NAMES[registration.kind],
            name=registration.name,
            who=_by_whom(actor, registration),
            reason=clean,
        ),
    )


def decide(*, registration: Registration, actor: str, outcome: str, reason: str) -> str:
    """通过 or 不通过, as a form's button says; returns the outcome."""
    if outcome == "approved":
        approve(registration=registration, actor=actor)
    elif outcome == "refused":
        refuse(registration=registration, actor=actor, reason=reason)
    else:
        raise SeasonRefused(_("请选择“通过”或“不通过”"))
    return outcome
