from __future__ import annotations

import sqlalchemy as sa
from flask import flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required, login_user, logout_user

from contest import audit
from contest.auth import attempts, bp
from contest.auth.forms import LoginForm
from contest.auth.guards import remember_stamp
from contest.extensions import db
from contest.models import StaffRole, StaffUser, passwords
from contest.server.errors import answer


def _landing(user: StaffUser) -> str:
    """Where each role starts: a host on their venue, a 录入员 on the paper-ballot list."""
    if user.role is StaffRole.HOST:
        if user.venues:
            return url_for("host.console", venue_id=user.venues[0].id)
        return url_for("auth.home")  # says how to get a venue
    if user.role is StaffRole.CLERK:
        return url_for("admin.clerk_home")
    return url_for("admin.index")


def staff_home() -> str:
    """The signed-in person's front page (the brand link of every staff page)."""
    return url_for("auth.home")


@bp.get("/")
@login_required
def home():
    if current_user.role is StaffRole.HOST and not current_user.venues:
        # Assigned later by an admin: reloading this page then opens the console.
        return render_template("auth/no_venue.html")
    return redirect(_landing(current_user))


def _safe_next(target: str | None) -> str | None:
    # Only same-site paths: never bounce a signed-in user to another host. Control characters
    # are dropped on the way out ("/\t/evil" left as "//evil") and browsers read "\" as "/".
    if not target or not target.startswith("/") or target.startswith("//"):
        return None
    if any(ch == "\\" or ord(ch) < 32 or ord(ch) == 127 for ch in target):
        return None
    return target


def _password_matches(user: StaffUser | None, password: str) -> bool:
    if user is None:
        passwords.spend_as_a_check(password)  # same work, same time: no username oracle
        return False
    return user.check_password(password)


def _too_many_for_account():
    message = _("该账号尝试次数过多，请稍后再试；或请管理员在「登录限制」页解除")
    return answer(429, message)


@bp.route("/login", methods=["GET", "POST"])
def login():
    if current_user.is_authenticated:
        return redirect(_landing(current_user))
    form = LoginForm()
    if form.validate_on_submit():
        username = form.username.data.strip()
        # Counted before the password is checked, refunded on success: attempts sent at once
        # are all counted. Per address and per account name typed (known or not).
        attempt = attempts.count("login", target=username)
        if attempt.over_target:
            return _too_many_for_account()
        if attempt.over_address:
            attempts.slow_down()  # a hall shares one address: the right password still works
        user = db.session.scalar(sa.select(StaffUser).where(StaffUser.username == username))
        if not _password_matches(user, form.password.data):
            if attempt.over:
                return answer(429)
            flash(_("用户名或密码不正确"), "error")
            return render_template("auth/login.html", form=form), 401
        attempt.refund()
        if not user.active:
            # Only with the right password: a guesser learns nothing, the person whom to ask.
            flash(_("该账号已停用；如需恢复，请联系秘书处管理员"), "error")
            return render_template("auth/login.html", form=form), 403
        login_user(user)
        remember_stamp(user)
        audit.record("staff.signed_in", actor=f"staff:{user.id}", subject=f"staff:{user.id}")
        db.session.commit()
        return redirect(_safe_next(request.args.get("next")) or _landing(user))
    return render_template("auth/login.html", form=form)


@bp.route("/logout", methods=["POST"])
def logout():
    if current_user.is_authenticated:
        # A new stamp: a copy of this cookie (or any other session of the account) stops
        # working too, not only this browser's.
        user = db.session.get(StaffUser, current_user.id)
        user.end_sessions()
        audit.record("staff.signed_out", actor=f"staff:{user.id}", subject=f"staff:{user.id}")
        db.session.commit()
    logout_user()
    flash(_("已退出登录"), "info")
    return redirect(url_for("auth.login"))
