"""The enterprise's page: its teams' applications, and an invitation link for a team."""

from __future__ import annotations

from flask import render_template
from flask_babel import gettext as _

from contest.errors import answer
from contest.extensions import db
from contest.season import accounts, current, session
from contest.season.links import invitation_url
from contest.season.models import Application, Channel, Enterprise
from contest.season.unit import bp
from contest.transactions import atomic


def _mine() -> list[Enterprise]:
    return [m.enterprise for m in session.memberships(Channel.ENTERPRISE) if m.enterprise]


def _page(**values):
    enterprises = _mine()
    applications = {
        e.id: db.session.query(Application)
        .filter_by(enterprise_id=e.id)
        .order_by(Application.id)
        .all()
        for e in enterprises
    }
    body = render_template(
        "apply/unit/home.html",
        person=session.current(),
        deadline=current.state(current.season()),
        enterprises=enterprises,
        applications=applications,
        **values,
    )
    return body, 200, {"Cache-Control": "no-store"}


@bp.get("/")
@session.required
def home():
    return _page()


@bp.post("/<int:enterprise_id>/invite")
@session.required
def invite_team(enterprise_id: int):
    enterprise = next((e for e in _mine() if e.id == enterprise_id), None)
    if enterprise is None:
        return answer(403, _("您不是该单位的联系人"))
    person = session.current()
    code = atomic(
        lambda: accounts.invite(
            season=enterprise.recommender.season,
            channel=Channel.TEAM,
            enterprise=enterprise,
            actor=f"applicant:{person.id}",
        )
    )
    return _page(invited=(enterprise.name, invitation_url(code)))
