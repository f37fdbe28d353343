"""Route guards for staff roles."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from flask import abort, request, session
from flask_babel import lazy_gettext as _l
from flask_login import current_user, login_required

from contest.extensions import db, login_manager
from contest.models import StaffRole, StaffUser, Venue

login_manager.login_view = "auth.login"
login_manager.login_message = _l("请先登录")
login_manager.login_message_category = "info"


# The session carries the account's session stamp: sign-out, a password reset, disabling
# the account or an admin's 结束登录 change it, and every earlier session (a copied cookie
# included) stops working at its next request.
STAMP_KEY = "staff_stamp"


def remember_stamp(user: StaffUser) -> None:
    """Tie the current session to the account's present stamp."""
    session[STAMP_KEY] = user.session_stamp


@login_manager.user_loader
def load_user(user_id: str) -> StaffUser | None:
    # Read afresh on every request: a disabled account, or one whose password was reset,
    # is signed out at its next request; a host given a venue may use it at once.
    user = db.session.get(StaffUser, int(user_id)) if user_id.isdigit() else None
    if user is None or not user.active or session.get(STAMP_KEY) != user.session_stamp:
        return None
    return user


def can_change() -> bool:
    """Whether the signed-in person may change anything (the 监督 only looks)."""
    return current_user.is_authenticated and current_user.role is not StaffRole.SUPERVISOR


def can_watch(user, venue: Venue) -> bool:
    """Whether `user` may see a venue's host console: its hosts, admins, the 监督."""
    if not user.is_authenticated:
        return False
    return user.role is StaffRole.SUPERVISOR or user.can_host(venue)


# Methods that read and never change: the 监督 (supervisor) may send only these.
SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})


def _roles_guard(roles: frozenset[StaffRole], *, supervisor_reads: bool):
    def decorator(view: Callable[..., Any]) -> Callable[..., Any]:
        @wraps(view)
        @login_required
        def wrapped(*args: Any, **kwargs: Any) -> Any:
            role = current_user.role
            if role in roles:
                return view(*args, **kwargs)
            if supervisor_reads and role is StaffRole.SUPERVISOR and request.method in SAFE_METHODS:
                return view(*args, **kwargs)
            abort(403)

        return wrapped

    return decorator


# 秘书处 staff (admin); the 监督 may open the page but not send it a change.
admin_required = _roles_guard(frozenset({StaffRole.ADMIN}), supervisor_reads=True)
# Admin only, even to look: pages that show judges' keys or could let one act as a judge.
admin_only = _roles_guard(frozenset({StaffRole.ADMIN}), supervisor_reads=False)
# Paper ballots and corrections: admins and 录入员; the 监督 may look.
clerk_allowed = _roles_guard(frozenset({StaffRole.ADMIN, StaffRole.CLERK}), supervisor_reads=True)


def host_required(view: Callable[..., Any]) -> Callable[..., Any]:
    """Admins, or a host assigned to the venue named by `venue_id`; the 监督 may look."""

    @wraps(view)
    @login_required
    def wrapped(*args: Any, venue_id: int, **kwargs: Any) -> Any:
        venue = db.get_or_404(Venue, venue_id)
        readonly = request.method in SAFE_METHODS and can_watch(current_user, venue)
        if not (current_user.can_host(venue) or readonly):
            abort(403)
        return view(*args, venue_id=venue_id, **kwargs)

    return wrapped
