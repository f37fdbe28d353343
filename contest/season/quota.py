"""推荐: a 推荐单位 recommends its enterprises' approved applications, at most 2 teams per
enterprise (the notice), counted across every 推荐单位 of the season: the same enterprise
(its 公章 name, exactly) reached through its district and its industry still has two places.
"""

from __future__ import annotations

import zlib

import sqlalchemy as sa
from flask_babel import gettext as _

from contest import audit
from contest.extensions import db
from contest.models.types import utcnow
from contest.season import deadline, notices
from contest.season.accounts import SeasonRefused
from contest.season.models import (
    Applicant,
    Application,
    ApplicationStatus,
    Decision,
    Enterprise,
    Outcome,
    Recommender,
    Stage,
)

PER_ENTERPRISE = 2
# States that hold one of an enterprise's places: recommended, and on through 形式审查.
HOLDING = (
    ApplicationStatus.RECOMMENDED,
    ApplicationStatus.FORMAL_RETURNED,
    ApplicationStatus.ACCEPTED,
)


def recommended_of(enterprise_name: str, season_id: int) -> list[Application]:
    """The season's recommended applications of every enterprise with this exact name."""
    return list(
        db.session.scalars(
            sa.select(Application)
            .join(Enterprise, Application.enterprise_id == Enterprise.id)
            .where(
                Enterprise.season_id == season_id,
                Enterprise.name == enterprise_name,
                Application.status.in_(HOLDING),
            )
            .order_by(Application.id)
        )
    )


def _lock(season_id: int, name: str) -> None:
    """Two 推荐单位 recommending the same enterprise at once: one waits for the other."""
    if db.session.get_bind().dialect.name == "postgresql":
        key = zlib.crc32(f"{season_id}:{name}".encode()) & 0x7FFFFFFF
        db.session.execute(sa.text("SELECT pg_advisory_xact_lock(:k)"), {"k": key})


def _record(application: Application, person: Applicant, outcome: Outcome) -> None:
    db.session.add(
        Decision(
            application=application,
            version=application.version,
            stage=Stage.RECOMMENDER,
            outcome=outcome,
            reasons=[],
            note="",
            decided_by_id=person.id,
            decided_at=utcnow(),
        )
    )


def recommend(*, application: Application, recommender: Recommender, person: Applicant) -> None:
    """推荐 one approved application of this 推荐单位, within the enterprise's quota."""
    enterprise = application.enterprise
    if enterprise.recommender_id != recommender.id:
        raise SeasonRefused(_("该申报表不属于本推荐单位"))
    if application.status is not ApplicationStatus.APPROVED:
        raise SeasonRefused(_("只有企业已同意推荐的申报表才能推荐；请刷新页面查看最新状态"))
    deadline.refuse_if_closed(application)
    _lock(enterprise.season_id, enterprise.name)
    taken = recommended_of(enterprise.name, enterprise.season_id)
    if len(taken) >= PER_ENTERPRISE:
        holders = "、".join(f"{a.enterprise.recommender.name}：{a.team_name}" for a in taken)
        raise SeasonRefused(
            _(
                "企业「%(name)s」已有 %(n)s 个班组被推荐（%(holders)s）；按通知，每个企业最多"
                "推荐 %(n)s 个班组。如需更换，请先撤销其中一个推荐",
                name=enterprise.name,
                n=PER_ENTERPRISE,
                holders=holders,
            )
        )
    application.status = ApplicationStatus.RECOMMENDED
    _record(application, person, Outcome.APPROVED)
    db.session.flush()
    audit.record(
        "season.application_recommended",
        actor=f"applicant:{person.id}",
        subject=f"application:{application.id}",
        data={"number": application.number, "recommender": recommender.name},
    )
    notices.recommended(application)


def withdraw(*, application: Application, recommender: Recommender, person: Applicant) -> None:
    """撤销推荐, before the secretariat has checked it."""
    if application.enterprise.recommender_id != recommender.id:
        raise SeasonRefused(_("该申报表不属于本推荐单位"))
    if application.status is not ApplicationStatus.RECOMMENDED:
        raise SeasonRefused(_("该申报表当前未被推荐；请刷新页面查看最新状态"))
    deadline.refuse_if_closed(application)
    application.status = ApplicationStatus.APPROVED
    _record(application, person, Outcome.WITHDRAWN)
    db.session.flush()
    audit.record(
        "season.recommendation_withdrawn",
        actor=f"applicant:{person.id}",
        subject=f"application:{application.id}",
        data={"number": application.number, "recommender": recommender.name},
    )
