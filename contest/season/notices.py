"""What each step tells whom (the wording of the season's notices, in one place)."""

from __future__ import annotations

from flask import current_app, url_for
from flask_babel import gettext as _

from contest.season import notify
from contest.season.current import beijing
from contest.season.models import Application, Channel, Decision, Membership, Outcome


def link(endpoint: str, **values) -> str:
    """The page's full address, as a notice or an e-mail carries it."""
    base = str(current_app.config.get("CONTEST_PUBLIC_URL") or "").rstrip("/")
    return base + url_for(endpoint, **values)


_link = link


def _people_of_enterprise(application: Application):
    from contest.extensions import db

    rows = db.session.query(Membership).filter_by(
        channel=Channel.ENTERPRISE, enterprise_id=application.enterprise_id
    )
    return [row.applicant for row in rows]


def submitted(application: Application) -> None:
    """To the enterprise's people: a 申报表 waits for them."""
    for person in _people_of_enterprise(application):
        notify.post(
            person,
            _(
                "待审核：%(team)s 提交了申报表 %(number)s",
                team=application.team_name,
                number=application.number,
            ),
            _(
                "%(team)s 于 %(at)s（北京时间）提交了申报表 %(number)s（第 %(n)s 次提交），"
                "请审核：%(link)s",
                team=application.team_name,
                at=beijing(application.updated_at),
                number=application.number,
                n=application.version,
                link=_link("apply_unit.review", application_id=application.id),
            ),
        )


def decided(application: Application, decision: Decision) -> None:
    """To the team: returned with what to fix, or approved."""
    if decision.outcome is Outcome.RETURNED:
        lines = [f"- {reason}" for reason in decision.reasons]
        if decision.note:
            lines.append(_("说明：%(note)s", note=decision.note))
        body = _(
            "您的申报表 %(number)s（%(team)s）被%(company)s退回修改：\n%(why)s\n"
            "请在截止时间 %(deadline)s（北京时间）前修改后重新提交：%(link)s",
            number=application.number,
            team=application.team_name,
            company=application.enterprise.name,
            why="\n".join(lines),
            deadline=beijing(application.season.closes_at),
            link=_link("apply_team.form", application_id=application.id),
        )
        subject = _("退回修改：申报表 %(number)s", number=application.number)
    else:
        subject = _("单位已同意推荐：申报表 %(number)s", number=application.number)
        body = _(
            "您的申报表 %(number)s（%(team)s）已经%(company)s同意推荐，将由推荐单位审核推荐。",
            number=application.number,
            team=application.team_name,
            company=application.enterprise.name,
        )
    notify.post(application.owner, subject, body)


def recommended(application: Application) -> None:
    notify.post(
        application.owner,
        _("已推荐：申报表 %(number)s", number=application.number),
        _(
            "您的申报表 %(number)s（%(team)s）已由%(unit)s推荐，等待秘书处形式审查。",
            number=application.number,
            team=application.team_name,
            unit=application.enterprise.recommender.name,
        ),
    )
