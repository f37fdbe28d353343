"""Route guards for staff roles."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from flask import abort, request
from flask_babel import lazy_gettext as _l
from flask_login import current_user, login_required

from contest.extensions import db, login_manager
from contest.models import StaffRole, StaffUser, Venue

login_manager.login_view = "auth.login"
login_manager.login_message = _l("请先登录")
login_manager.login_message_category = "info"


@login_manager.user_loader
def load_user(user_id: str) -> StaffUser | None:
    return db.session.get(StaffUser, int(user_id)) if user_id.isdigit() else None


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
    """Admins, or a host assigned to the venue named by the `venue_id` argument."""

    @wraps(view)
    @login_required
    def wrapped(*args: Any, venue_id: int, **kwargs: Any) -> Any:
        venue = db.get_or_404(Venue, venue_id)
        if not current_user.can_host(venue):
            abort(403)
        return view(*args, venue_id=venue_id, **kwargs)

    return wrapped
