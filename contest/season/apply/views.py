"""Sign-in, sign-out, joining by an invitation link, and the list of one's channels."""

from __future__ import annotations

import secrets

from flask import flash, redirect, render_template, request, url_for
from flask_babel import gettext as _

from contest.auth import attempts
from contest.auth.views import _safe_next
from contest.extensions import db
from contest.models.types import utcnow
from contest.season import accounts, current, problems, registrations, session
from contest.season.apply import bp
from contest.season.models import Channel, Message
from contest.server.errors import answer
from contest.setup.accounts import AccountRefused as SeasonRefused
from contest.transactions import atomic

CHANNEL_PAGES = {
    Channel.TEAM: "apply_team.home",
    Channel.ENTERPRISE: "apply_unit.home",
    Channel.RECOMMENDER: "apply_recommender.home",
}


def _page(template: str, status: int = 200, **values):
    season = current.season()
    body = render_template(
        template,
        person=session.current(),
        deadline=current.state(season),
        **values,
    )
    return body, status, {"Cache-Control": "no-store"}


@bp.get("/")
@session.required
def home():
    person = session.current()
    return _page(
        "apply/home.html",
        pages=CHANNEL_PAGES,
        waiting=session.waiting(person),
        registrations=registrations.of_person(person.id),
        decider=registrations.decider,
        beijing=current.beijing,
    )


@bp.post("/problems")
@session.required
def report_problem():
    season = current.season()
    if season is None:
        return answer(409, _("本年度申报尚未开始"))
    person = session.current()
    text = request.form.get("text", "")[: problems.MAX_TEXT + 1]
    try:
        report = atomic(lambda: problems.file(season=season, person=person, text=text))
    except SeasonRefused as refused:
        return _page("apply/home.html", 422, pages=CHANNEL_PAGES, problem_error=refused.message,
                     problem_text=text)  # fmt: skip
    flash(
        _(
            "已收到系统问题报告 #%(n)s，服务器时间 %(at)s（北京时间）；秘书处将据此核实",
            n=report.id,
            at=current.beijing(report.filed_at),
        ),
        "success",
    )
    return redirect(url_for("apply.home"))


@bp.route("/login", methods=["GET", "POST"])
def login():
    if request.method == "GET":
        return _page("apply/login.html")
    username = request.form.get("username", "")[:50]
    attempt = attempts.count("login", target=f"apply:{username}")
    if attempt.over_target:
        return answer(429, _("该账号尝试次数过多，请稍后再试"))
    if attempt.over_address:
        attempts.slow_down()
    person = accounts.authenticate(username, request.form.get("password", "")[:200])
    if person is None:
        return _page("apply/login.html", 401, error=_("用户名或密码不正确"), username=username)
    attempt.refund()
    session.sign_in(person)
    return redirect(_safe_next(request.args.get("next")) or url_for("apply.home"))


@bp.post("/logout")
def logout():
    person = session.current()
    if person is not None:
        person.session_stamp = secrets.token_hex(16)  # a copied cookie stops working too
        db.session.commit()
    session.sign_out()
    flash(_("已退出登录"), "info")
    return redirect(url_for("apply.login"))


@bp.route("/join/<code>", methods=["GET", "POST"])
def join(code: str):
    """The page an invitation link opens: who it is for, and a form to take it up (POST)."""
    invitation = accounts.find_invitation(code)
    if invitation is None:
        return answer(404, _("邀请链接无效、已使用或已过期；请联系邀请您的单位重新发送"))
    values = {"invitation": invitation, "for_whom": accounts.invitation_for(invitation)}
    if request.method == "GET":
        return _page("apply/join.html", **values)
    person = session.current()
    try:
        if person is not None and request.form.get("as") == "me":
            atomic(lambda: accounts.accept(invitation=invitation, person=person))
        else:
            form = request.form
            person = atomic(
                lambda: accounts.join(
                    invitation=invitation,
                    username=form.get("username", ""),
                    display_name=form.get("display_name", ""),
                    mobile=form.get("mobile", ""),
                    email=form.get("email", ""),
                    password=form.get("password", ""),
                )
            )
            session.sign_in(person)
    except SeasonRefused as refused:
        return _page("apply/join.html", 422, error=refused.message, form=request.form, **values)
    flash(_("已加入：%(who)s", who=values["for_whom"]), "success")
    return redirect(url_for(CHANNEL_PAGES[invitation.channel]))


@bp.get("/messages")
@session.required
def messages():
    """One's notices, newest first; opening the list marks them read."""
    person = session.current()
    rows = (
        db.session.query(Message)
        .filter_by(applicant_id=person.id)
        .order_by(Message.id.desc())
        .limit(200)
        .all()
    )
    unread_ids = {m.id for m in rows if m.read_at is None}
    page = _page("apply/messages.html", messages=rows, unread_ids=unread_ids,
                 beijing=current.beijing)  # fmt: skip
    if unread_ids:
        now = utcnow()
        for message in rows:
            message.read_at = message.read_at or now
        db.session.commit()
    return page
