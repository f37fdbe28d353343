"""The public 注册申请 pages (linked from the channels' sign-in), and a 推荐单位's or an
enterprise's decision on a request in its queue."""

from __future__ import annotations

import sqlalchemy as sa
from flask import flash, redirect, render_template, request, url_for
from flask_babel import gettext as _

from contest.auth import attempts
from contest.extensions import db
from contest.models.types import utcnow
from contest.season import current, notify, registration_queue, registrations, session
from contest.season.models import (
    Enterprise,
    Recommender,
    Registration,
    RegistrationKind,
    UnitKind,
)
from contest.season.signup import bp
from contest.server.errors import answer
from contest.setup.accounts import AccountRefused as SeasonRefused  # its rules too
from contest.transactions import atomic

# Each field read no longer than its check allows, plus one: too long is said, never cut.
BOUNDS = {
    "recommender": 10,
    "enterprise": 10,
    "name": 201,
    "member_no": 51,
    "reason": 501,
    "display_name": 51,
    "mobile": 21,
    "email": 201,
    "username": 51,
    "password": 201,
}


def _page(template: str, status: int = 200, **values):
    body = render_template(
        template,
        person=session.current(),
        deadline=current.state(current.season()),
        **values,
    )
    return body, status, {"Cache-Control": "no-store"}


def _open_season():
    season = current.season()
    return season if season is not None and season.is_open(utcnow()) else None


def _choices(season, kind: RegistrationKind, typed: dict[str, str]) -> dict:
    """The 推荐单位 to choose from and, for a team, the chosen one's enterprises."""
    units = list(
        db.session.scalars(
            sa.select(Recommender)
            .where(Recommender.season_id == season.id)
            .order_by(Recommender.id)
        )
    )
    if kind is RegistrationKind.ENTERPRISE:
        return {"units": [u for u in units if u.kind is not UnitKind.MEMBER]}
    if kind is not RegistrationKind.TEAM:
        return {}
    chosen = next((u for u in units if str(u.id) == typed.get("recommender")), None)
    enterprises = []
    if chosen is not None:
        enterprises = list(
            db.session.scalars(
                sa.select(Enterprise)
                .where(Enterprise.recommender_id == chosen.id)
                .order_by(Enterprise.id)
            )
        )
    with_enterprises = set(db.session.scalars(sa.select(Enterprise.recommender_id)))
    return {
        "units": [u for u in units if u.id in with_enterprises],
        "chosen": chosen,
        "enterprises": enterprises,
    }


@bp.get("/")
def index():
    return _page("apply/register/index.html", season=_open_season())


@bp.route("/<kind>", methods=["GET", "POST"])
def form(kind: str):
    try:
        chosen = RegistrationKind(kind)
    except ValueError:
        return answer(404)
    season = _open_season()
    if season is None:
        return answer(409, _("在线申报不在开放时间内，不能提交注册申请"))
    source = request.form if request.method == "POST" else request.args
    typed = {key: source.get(key, "")[:limit] for key, limit in BOUNDS.items()}
    person = session.current()
    mine = person if person is not None and not session.waiting(person) else None
    values = {"kind": chosen.value, "typed": typed, "mine": mine, **_choices(season, chosen, typed)}
    if request.method == "GET":
        return _page("apply/register/form.html", **values)
    attempt = attempts.count("register")
    if attempt.over:
        return answer(429, _("注册申请提交过于频繁，请稍后再试；如需帮助，请联系秘书处"))
    mine = values["mine"]  # signed in with a role already: one more role for that account
    try:
        done = atomic(
            lambda: registrations.file(season=season, kind=chosen.value, typed=typed, person=mine)
        )
    except SeasonRefused as refused:
        attempt.refund()  # only requests that reach a queue count toward the bound
        return _page("apply/register/form.html", 422, error=refused.message, **values)
    notify.deliver()
    if mine is None:
        session.sign_in(done.applicant)
    flash(
        _(
            "已提交注册申请，等待%(who)s审核；审核结果将通过站内消息和 E-mail 通知您",
            who=registrations.decider(done),
        ),
        "success",
    )
    return redirect(url_for("apply.home"))


@bp.post("/requests/<int:registration_id>")
@session.required
def decide(registration_id: int):
    """A 推荐单位 decides an enterprise's request, an enterprise a team's."""
    registration = db.session.get(Registration, registration_id)
    person = session.current()
    if registration is None or not registration_queue.may_decide(person, registration):
        return answer(404)
    if registration.kind is RegistrationKind.ENTERPRISE:
        back = url_for("apply_recommender.home") + f"#registrations-r{registration.recommender_id}"
    else:
        back = url_for("apply_unit.home") + f"#registrations-e{registration.enterprise_id}"
    outcome = request.form.get("outcome", "")
    try:
        atomic(
            lambda: registration_queue.decide(
                registration=registration,
                actor=f"applicant:{person.id}",
                outcome=outcome,
                reason=request.form.get("reason", "")[: registration_queue.MAX_REFUSAL + 1],
            )
        )
    except SeasonRefused as refused:
        flash(refused.message, "error")
        return redirect(back)
    notify.deliver()
    flash(decided_text(registration, outcome), "success")
    return redirect(back)


def decided_text(registration: Registration, outcome: str) -> str:
    if outcome == "approved":
        return _("已通过「%(name)s」的注册申请，已通知申请人", name=registration.name)
    return _("已不予通过「%(name)s」的注册申请，理由已通知申请人", name=registration.name)
