"""The enterprise's page: its teams' applications, and an invitation link for a team."""

from __future__ import annotations

from flask import flash, redirect, render_template, request, url_for
from flask_babel import gettext as _

from contest.extensions import db
from contest.season import (
    accounts,
    current,
    deadline,
    decisions,
    form12,
    labels,
    notify,
    registrations,
    session,
)
from contest.season.accounts import SeasonRefused
from contest.season.links import invitation_url
from contest.season.models import (
    Application,
    ApplicationStatus,
    Channel,
    Enterprise,
    RegistrationKind,
)
from contest.season.opinion import records
from contest.season.unit import bp
from contest.server.errors import answer
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
        status_names=labels.FOR_ENTERPRISE,
        registrations_of=lambda enterprise: registrations.pending(
            enterprise.recommender.season,
            enterprise_id=[enterprise.id],
            kind=[RegistrationKind.TEAM],
        ),
        beijing=current.beijing,
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


def application_of_mine(application_id: int) -> Application | None:
    """The application, if it is of an enterprise the signed-in person acts for."""
    application = db.session.get(Application, application_id)
    if application is None or application.enterprise_id not in {e.id for e in _mine()}:
        return None
    return application


def _review_page(application: Application, status: int = 200, **values):
    submissions = application.submissions
    latest = submissions[-1] if submissions else None
    changed = []
    if len(submissions) >= 2:
        changed = decisions.changes(submissions[-2].form, submissions[-1].form)
    body = render_template(
        "apply/unit/review.html",
        person=session.current(),
        deadline=deadline.banner(application),
        application=application,
        submission=latest,
        changed=changed,
        fields=form12.FIELDS,
        reasons=[str(r) for r in decisions.RETURN_REASONS],
        decision=decisions.latest(application),
        pending=application.status is ApplicationStatus.SUBMITTED,
        beijing=current.beijing,
        opinion=records.draft(application),
        opinion_latest=records.latest(application),
        opinion_scan=records.scan(application),
        opinion_missing=records.missing(application),
        **values,
    )
    return body, status, {"Cache-Control": "no-store"}


@bp.get("/applications/<int:application_id>")
@session.required
def review(application_id: int):
    application = application_of_mine(application_id)
    if application is None or not application.submissions:
        return answer(404)
    return _review_page(application)


@bp.post("/applications/<int:application_id>")
@session.required
def decide(application_id: int):
    application = application_of_mine(application_id)
    if application is None or not application.submissions:
        return answer(404)
    person = session.current()
    form = request.form
    try:
        decision = atomic(
            lambda: decisions.decide(
                application=application,
                person=person,
                outcome=form.get("outcome", ""),
                reasons=form.getlist("reason"),
                note=form.get("note", ""),
            )
        )
    except SeasonRefused as refused:
        missing = getattr(refused, "missing", [])
        return _review_page(application, 422, error=refused.message, form=form, missing=missing)
    notify.deliver()
    if application.status is ApplicationStatus.RECOMMENDED:
        flash(_("已同意 %(number)s，直报秘书处形式审查", number=application.number), "success")
    elif decision.outcome.value == "returned":
        flash(_("已退回 %(number)s，班组将看到退回原因", number=application.number), "success")
    else:
        flash(_("已同意推荐 %(number)s", number=application.number), "success")
    return redirect(url_for("apply_unit.home"))
