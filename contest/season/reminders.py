"""截止提醒: before the deadline, a reminder only to those who still have something to do —
teams with a draft or a returned 申报表, enterprises with one waiting for their check,
推荐单位 with an approved one not yet recommended or declined. One message per person."""

from __future__ import annotations

from flask_babel import gettext as _

from contest import audit
from contest.extensions import db
from contest.season import notify
from contest.season.current import beijing
from contest.season.models import (
    Applicant,
    Application,
    ApplicationStatus,
    Channel,
    Enterprise,
    Membership,
    Season,
)


def _waiting(season: Season) -> dict[int, list[str]]:
    """Person id → what waits for them, in words."""
    todo: dict[int, list[str]] = {}
    applications = db.session.query(Application).filter_by(season_id=season.id).all()
    for application in applications:
        name = f"{application.number} {application.team_name or ''}".strip()
        if application.status in (ApplicationStatus.DRAFT, ApplicationStatus.RETURNED):
            todo.setdefault(application.owner_id, []).append(_("提交申报表 %(a)s", a=name))
        elif application.status is ApplicationStatus.SUBMITTED:
            for member in _members(Channel.ENTERPRISE, enterprise_id=application.enterprise_id):
                todo.setdefault(member, []).append(_("审核申报表 %(a)s", a=name))
        elif application.status is ApplicationStatus.APPROVED:
            enterprise = db.session.get(Enterprise, application.enterprise_id)
            for member in _members(Channel.RECOMMENDER, recommender_id=enterprise.recommender_id):
                todo.setdefault(member, []).append(_("推荐审核申报表 %(a)s", a=name))
    return todo


def _members(channel: Channel, **where) -> list[int]:
    rows = db.session.query(Membership.applicant_id).filter_by(channel=channel, **where)
    return [row[0] for row in rows]


def send(*, season: Season, actor: str) -> int:
    """Post one reminder to each person with something left to do; how many were reminded."""
    todo = _waiting(season)
    for person_id, tasks in todo.items():
        person = db.session.get(Applicant, person_id)
        notify.post(
            person,
            _("截止提醒：在线申报将于 %(at)s（北京时间）截止", at=beijing(season.closes_at)),
            _(
                "在线申报将于 %(at)s（北京时间）截止，截止后不能再修改或提交。您还有以下事项：\n"
                "%(tasks)s",
                at=beijing(season.closes_at),
                tasks="\n".join(f"- {task}" for task in tasks),
            ),
        )
    audit.record(
        "season.reminders_sent", actor=actor, subject=f"season:{season.id}",
        data={"people": len(todo)},
    )  # fmt: skip
    return len(todo)
