"""The 推荐单位's page: its enterprises, and adding one with its invitation link."""

from __future__ import annotations

from flask import flash, redirect, render_template, request, url_for
from flask_babel import gettext as _

from contest.extensions import db
from contest.season import (
    accounts,
    current,
    form23,
    notify,
    quota,
    registrations,
    session,
    unit_judges,
    units,
)
from contest.season.accounts import SeasonRefused
from contest.season.links import invitation_url
from contest.season.models import (
    Application,
    ApplicationStatus,
    Channel,
    Recommender,
    RegistrationKind,
    UnitJudge,
)
from contest.season.recommender import bp
from contest.server.errors import answer
from contest.transactions import atomic


def _mine() -> list[Recommender]:
    return [m.recommender for m in session.memberships(Channel.RECOMMENDER) if m.recommender]


def _formal_returns(recommender: Recommender) -> list:
    """形式审查 returns naming this 推荐单位's forms, within their window."""
    from contest.season import checklist, formal
    from contest.season.models import Enterprise

    found = (
        db.session.query(Application)
        .join(Enterprise, Application.enterprise_id == Enterprise.id)
        .filter(Enterprise.recommender_id == recommender.id)
        .order_by(Application.number)
        .all()
    )
    shown = [formal.shown_to(a, checklist.RECOMMENDER) for a in found]
    return [s for s in shown if s is not None]


def _page(status: int = 200, **values):
    recommenders = _mine()
    enterprises = [e for r in recommenders for e in units.enterprises_of(r)]
    counts = {
        e.id: db.session.query(Application).filter_by(enterprise_id=e.id).count()
        for e in enterprises
    }
    ready = {
        e.id: db.session.query(Application)
        .filter(
            Application.enterprise_id == e.id,
            Application.status.in_([ApplicationStatus.APPROVED, ApplicationStatus.RECOMMENDED]),
        )
        .order_by(Application.id)
        .all()
        for e in enterprises
    }
    taken = {e.id: len(quota.recommended_of(e.name, e.season_id)) for e in enterprises}
    body = render_template(
        "apply/recommender/home.html",
        person=session.current(),
        deadline=current.state(current.season()),
        recommenders=recommenders,
        enterprises_of=units.enterprises_of,
        counts=counts,
        ready=ready,
        taken=taken,
        per_enterprise=quota.PER_ENTERPRISE,
        judges_of=unit_judges.of,
        formal_returns=_formal_returns,
        form_status=form23.status,
        registrations_of=lambda unit: registrations.pending(
            unit.season, recommender_id=[unit.id], kind=[RegistrationKind.ENTERPRISE]
        ),
        beijing=current.beijing,
        **values,
    )
    return body, status, {"Cache-Control": "no-store"}


@bp.get("/")
@session.required
def home():
    return _page()


@bp.post("/<int:recommender_id>/enterprises")
@session.required
def add_enterprise(recommender_id: int):
    recommender = next((r for r in _mine() if r.id == recommender_id), None)
    if recommender is None:
        return answer(403, _("您不是该推荐单位的联系人"))
    person = session.current()

    def work():
        enterprise = units.add_enterprise(
            recommender=recommender,
            name=request.form.get("name", ""),
            actor=f"applicant:{person.id}",
        )
        code = accounts.invite(
            season=recommender.season,
            channel=Channel.ENTERPRISE,
            enterprise=enterprise,
            actor=f"applicant:{person.id}",
        )
        return enterprise, code

    try:
        enterprise, code = atomic(work)
    except SeasonRefused as refused:
        return _page(422, error=refused.message, typed=request.form.get("name", ""))
    return _page(invited=(enterprise.name, invitation_url(code)))


@bp.post("/applications/<int:application_id>/<choice>")
@session.required
def recommend(application_id: int, choice: str):
    application = db.session.get(Application, application_id)
    mine = {r.id: r for r in _mine()}
    if application is None or application.enterprise.recommender_id not in mine:
        return answer(404)
    recommender = mine[application.enterprise.recommender_id]
    person = session.current()
    act = {"recommend": quota.recommend, "withdraw": quota.withdraw}.get(choice)
    if act is None:
        return answer(404)
    try:
        atomic(lambda: act(application=application, recommender=recommender, person=person))
    except SeasonRefused as refused:
        flash(refused.message, "error")
    else:
        notify.deliver()
        done = _("已推荐 %(team)s") if choice == "recommend" else _("已撤销推荐 %(team)s")
        flash(done % {"team": application.team_name}, "success")
    return redirect(url_for("apply_recommender.home"))


@bp.post("/<int:recommender_id>/judges")
@session.required
def add_judge(recommender_id: int):
    recommender = next((r for r in _mine() if r.id == recommender_id), None)
    if recommender is None:
        return answer(403, _("您不是该推荐单位的联系人"))
    form = request.form
    person = session.current()
    try:
        judge = atomic(
            lambda: unit_judges.add(
                recommender=recommender,
                name=form.get("name", ""),
                employer=form.get("employer", ""),
                certificate_no=form.get("certificate_no", ""),
                address=form.get("address", ""),
                postcode=form.get("postcode", ""),
                mobile=form.get("mobile", ""),
                actor=f"applicant:{person.id}",
            )
        )
    except SeasonRefused as refused:
        return _page(422, judge_error=refused.message, judge_form=form)
    flash(_("已将 %(name)s 加入评委名单", name=judge.name), "success")
    return redirect(url_for("apply_recommender.home") + "#judges")


@bp.post("/judges/<int:judge_id>/remove")
@session.required
def remove_judge(judge_id: int):
    mine = {r.id for r in _mine()}
    judge = db.session.get(UnitJudge, judge_id)
    if judge is None or judge.recommender_id not in mine:
        return answer(404)
    person = session.current()
    name = judge.name
    atomic(lambda: unit_judges.remove(judge=judge, actor=f"applicant:{person.id}"))
    flash(_("已从评委名单中删除 %(name)s", name=name), "success")
    return redirect(url_for("apply_recommender.home") + "#judges")
