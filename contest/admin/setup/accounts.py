"""The accounts page (工作人员账号): list, create, enable/disable, reset, role, a host's venues.

Accounts are global; the page sits under a contest so it can offer that contest's venues.
A generated password is shown once, in the answer to the POST that made it, never flashed
(the flash would sit in the session cookie) and never redirected to.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TypeVar

from flask import flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user

from contest.admin import bp
from contest.admin.setup import hub
from contest.auth import attempts
from contest.auth.guards import admin_required, remember_stamp
from contest.database import is_row_id
from contest.extensions import db
from contest.models import Contest, StaffRole, StaffUser, Venue
from contest.setup import accounts as domain
from contest.setup import stale
from contest.setup.accounts import AccountRefused
from contest.transactions import atomic

T = TypeVar("T")

hub.SECTIONS.append(
    hub.Section(
        "admin.accounts",
        _l("工作人员账号"),
        _l("为管理员、主持人、录入员和监督开设账号，给主持人分配分会场，停用账号或重置密码"),
    )
)


@dataclass(frozen=True)
class Revealed:
    username: str
    password: str


def _actor() -> str:
    return f"staff:{current_user.id}"


def _shown_role(user: StaffUser) -> dict[str, str]:
    """What the 更改角色 form showed: a save from it is refused once the role changed."""
    return {"role": str(domain.ROLE_LABELS[user.role])}


def _shown_venues(user: StaffUser, contest_id: int) -> dict[str, str]:
    """What the 分会场 form showed: this contest's venues of a host, by name."""
    names = sorted((v.id, v.name) for v in user.venues if v.contest_id == contest_id)
    return {"venues": "、".join(name for _id, name in names)}


_LABELS = {"role": _l("角色"), "venues": _l("分会场")}


def _page(contest: Contest, *, form=None, revealed: Revealed | None = None, status: int = 200):
    response = render_template(
        "admin/setup/accounts.html",
        contest=contest,
        accounts=domain.accounts(),
        roles=list(StaffRole),
        role_labels=domain.ROLE_LABELS,
        role_help=domain.ROLE_HELP,
        form=form,
        revealed=revealed,
        locks=attempts.locks(),
        lock_kinds={kind: label for kind, (_a, _t, label) in attempts.KINDS.items()},
        lock_scopes=attempts.SCOPES,
        role_original=lambda user: stale.encode(_shown_role(user)),
        venues_original=lambda user: stale.encode(_shown_venues(user, contest.id)),
    )
    return response, status, {"Cache-Control": "no-store"}


def _back(contest_id: int):
    return redirect(url_for("admin.accounts", contest_id=contest_id))


def _chosen_venues(contest_id: int, values: list[str]) -> list[Venue]:
    """The venues of this contest ticked on the form."""
    chosen = []
    for value in values:
        number = int(value) if value.isdigit() else None
        venue = db.session.get(Venue, number) if is_row_id(number) else None
        if venue is None or venue.contest_id != contest_id:
            raise AccountRefused(_("所选分会场不属于本比赛；请刷新页面后重新勾选"))
        chosen.append(venue)
    return chosen


def _account(staff_id: int) -> StaffUser:
    return db.get_or_404(StaffUser, staff_id)


def _show_once(contest: Contest, user: StaffUser, password: str, *, typed: bool):
    """Back to the list; a generated password is shown on this one answer instead."""
    if typed:
        return _back(contest.id)
    return _page(contest, revealed=Revealed(user.username, password))


def _attempt(work: Callable[[], T]) -> tuple[bool, T | None]:
    """Run `work` in one transaction; a refusal is flashed and nothing is written."""
    try:
        return True, atomic(work)
    except (AccountRefused, stale.StaleEdit) as refused:
        flash(refused.message, "error")
        return False, None


@bp.get("/contests/<int:contest_id>/accounts")
@admin_required
def accounts(contest_id: int):
    return _page(db.get_or_404(Contest, contest_id))


@bp.post("/contests/<int:contest_id>/accounts")
@admin_required
def account_create(contest_id: int):
    contest = db.get_or_404(Contest, contest_id)
    form = request.form
    typed = form.get("password", "")
    password = typed or domain.generate_password()

    def work() -> StaffUser:
        return domain.create_account(
            username=form.get("username", ""),
            display_name=form.get("display_name", ""),
            role=domain.parse_role(form.get("role", "")),
            password=password,
            venues=_chosen_venues(contest_id, form.getlist("venue")),
            actor=_actor(),
        )

    done, user = _attempt(work)
    if not done:
        return _page(contest, form=form, status=422)
    label = domain.ROLE_LABELS[user.role]
    flash(_("已创建%(role)s账号 %(name)s", role=label, name=user.username), "success")
    if user.role is StaffRole.HOST and not user.venues:
        flash(
            _(
                "主持人 %(name)s 还没有分会场，登录后无法进入主持人控制台；"
                "请在下表中为其勾选分会场",
                name=user.username,
            ),
            "error",
        )
    return _show_once(contest, user, password, typed=bool(typed))


@bp.post("/contests/<int:contest_id>/accounts/<int:staff_id>/active")
@admin_required
def account_active(contest_id: int, staff_id: int):
    db.get_or_404(Contest, contest_id)
    wanted = request.form.get("active")
    if wanted not in ("0", "1"):
        flash(_("请求无效；请刷新页面后重试"), "error")
        return _back(contest_id)
    done, changed = _attempt(
        lambda: domain.set_active(user=_account(staff_id), active=wanted == "1", actor=_actor())
    )
    name = _account(staff_id).username
    if done and not changed:
        flash(_("%(name)s 的状态未变", name=name), "info")
    elif done and wanted == "1":
        flash(_("已启用 %(name)s，可以重新登录", name=name), "success")
    elif done:
        flash(_("已停用 %(name)s；其已登录的页面在下一次操作时退出", name=name), "success")
    return _back(contest_id)


@bp.post("/contests/<int:contest_id>/accounts/<int:staff_id>/password")
@admin_required
def account_password(contest_id: int, staff_id: int):
    contest = db.get_or_404(Contest, contest_id)
    typed = request.form.get("password", "")
    password = typed or domain.generate_password()
    done, _none = _attempt(
        lambda: domain.reset_password(user=_account(staff_id), password=password, actor=_actor())
    )
    if not done:
        return _back(contest_id)
    user = _account(staff_id)
    if user.id == current_user.id:
        remember_stamp(user)  # one's own reset keeps this session; others sign in anew
    flash(
        _("已重置 %(name)s 的密码；其他已登录的页面需用新密码重新登录", name=user.username),
        "success",
    )
    return _show_once(contest, user, password, typed=bool(typed))


@bp.post("/contests/<int:contest_id>/accounts/<int:staff_id>/venues")
@admin_required
def account_venues(contest_id: int, staff_id: int):
    db.get_or_404(Contest, contest_id)

    def work() -> bool:
        user = _account(staff_id)
        stale.refuse_if_changed(
            request.form.get("original"), _shown_venues(user, contest_id), _LABELS
        )
        elsewhere = [v for v in user.venues if v.contest_id != contest_id]
        chosen = _chosen_venues(contest_id, request.form.getlist("venue"))
        return domain.set_venues(user=user, venues=elsewhere + chosen, actor=_actor())

    done, changed = _attempt(work)
    user = _account(staff_id)
    if done and not changed:
        flash(_("%(name)s 的分会场未变", name=user.username), "info")
    elif done:
        names = "、".join(v.name for v in user.venues) or _("无")
        flash(
            _("%(name)s 现在主持：%(venues)s；刷新页面即可生效", name=user.username, venues=names),
            "success",
        )
    return _back(contest_id)


@bp.post("/contests/<int:contest_id>/accounts/<int:staff_id>/role")
@admin_required
def account_role(contest_id: int, staff_id: int):
    db.get_or_404(Contest, contest_id)

    def work() -> bool:
        user = _account(staff_id)
        stale.refuse_if_changed(request.form.get("original"), _shown_role(user), _LABELS)
        role = domain.parse_role(request.form.get("role", ""))
        return domain.set_role(user=user, role=role, actor=_actor())

    done, changed = _attempt(work)
    user = _account(staff_id)
    label = domain.ROLE_LABELS[user.role]
    if done and not changed:
        flash(_("%(name)s 的角色未变", name=user.username), "info")
    elif done:
        flash(_("%(name)s 的角色已改为%(role)s", name=user.username, role=label), "success")
        if user.role is StaffRole.HOST:
            flash(_("请为 %(name)s 勾选分会场", name=user.username), "info")
    return _back(contest_id)
