"""修改密码: any signed-in staff member changes their own password.

The current password is asked for (a borrowed, signed-in laptop must not be enough) and is
counted like a sign-in, per address and per account. The new one follows the same rule as
an admin's reset. Every other session of the account ends; this one carries on.
"""

from __future__ import annotations

from flask import flash, redirect, render_template, request
from flask_babel import gettext as _
from flask_login import current_user, login_required

from contest import audit
from contest.auth import attempts, bp, views
from contest.auth.guards import remember_stamp
from contest.extensions import db
from contest.models import StaffUser
from contest.server.errors import answer
from contest.setup.accounts import MAX_PASSWORD, MIN_PASSWORD, AccountRefused, check_password


def _form(*, error: str = "", status: int = 200):
    page = render_template(
        "auth/password.html", error=error, min_length=MIN_PASSWORD, max_length=MAX_PASSWORD
    )
    return page, status, {"Cache-Control": "no-store"}


@bp.get("/password")
@login_required
def password():
    return _form()


@bp.post("/password")
@login_required
def password_change():
    user = db.session.get(StaffUser, current_user.id)
    current = request.form.get("current", "")
    new, repeat = request.form.get("new", ""), request.form.get("repeat", "")
    attempt = attempts.count("login", target=user.username)
    if attempt.over_target:
        return answer(429, _("该账号尝试次数过多，请稍后再试；或请管理员在「登录限制」页解除"))
    if attempt.over_address:
        attempts.slow_down()
    if len(current) > MAX_PASSWORD or not user.check_password(current):
        return _form(error=_("当前密码不正确；请重新输入"), status=422)
    attempt.refund()
    if new != repeat:
        return _form(error=_("两次输入的新密码不一致；请重新输入"), status=422)
    if new == current:
        return _form(error=_("新密码与当前密码相同；请换一个新密码"), status=422)
    try:
        check_password(new, username=user.username)
    except AccountRefused as refused:
        return _form(error=refused.message, status=422)
    user.set_password(new)  # a new stamp: every other session of the account ends
    audit.record(
        "staff.password_changed",
        actor=f"staff:{user.id}",
        subject=f"staff:{user.id}",
        data={"username": user.username},
    )
    db.session.commit()
    remember_stamp(user)  # this browser stays signed in
    flash(_("密码已修改；其他设备上的登录已退出，需用新密码重新登录"), "success")
    return redirect(views.staff_home())
