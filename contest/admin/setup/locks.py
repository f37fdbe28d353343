"""On the accounts page: end an account's sessions, and the sign-in locks (登录限制) in force.

A hall behind one NAT address, or an account someone keeps guessing, can be locked; an admin
sees why and until when, and clears it with one button.
"""

from __future__ import annotations

from flask import flash, redirect, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from contest import audit
from contest.admin import bp
from contest.auth import attempts
from contest.auth.guards import admin_required, remember_stamp
from contest.extensions import db
from contest.models import Contest, StaffUser
from contest.setup import accounts as domain
from contest.transactions import atomic


def _back(contest_id: int, anchor: str = ""):
    return redirect(url_for("admin.accounts", contest_id=contest_id) + anchor)


@bp.post("/contests/<int:contest_id>/accounts/<int:staff_id>/sessions")
@admin_required
def account_sessions(contest_id: int, staff_id: int):
    db.get_or_404(Contest, contest_id)
    user = db.get_or_404(StaffUser, staff_id)
    atomic(lambda: domain.end_sessions(user=user, actor=f"staff:{current_user.id}"))
    if user.id == current_user.id:
        remember_stamp(user)  # one's own: the other devices sign out, this page stays
        flash(_("已结束您在其他设备上的全部登录"), "success")
    else:
        name = user.username
        message = _("已结束 %(name)s 的全部登录；其已打开的页面在下一次操作时退出", name=name)
        flash(message, "success")
    return _back(contest_id)


@bp.post("/contests/<int:contest_id>/accounts/locks")
@admin_required
def locks_clear(contest_id: int):
    db.get_or_404(Contest, contest_id)
    group = request.form.get("lock", "")
    shown = {lock.group: lock for lock in attempts.locks()}
    lock = shown.get(group)
    if lock is None:
        flash(_("该限制已到期或已被解除；下表是目前仍在生效的限制"), "info")
        return _back(contest_id, "#locks")
    attempts.clear(group)

    def work() -> None:
        data = {"kind": lock.kind, "scope": lock.scope, "who": lock.ident}
        audit.record("staff.locks_cleared", actor=f"staff:{current_user.id}", data=data)

    atomic(work)
    flash(_("已解除对 %(who)s 的登录限制", who=lock.ident), "success")
    return _back(contest_id, "#locks")
