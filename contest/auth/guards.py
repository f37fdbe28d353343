"""Route guards for staff roles."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from flask import abort
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


def admin_required(view: Callable[..., Any]) -> Callable[..., Any]:
    """Only 秘书处 staff (role admin)."""

    @wraps(view)
    @login_required
    def wrapped(*args: Any, **kwargs: Any) -> Any:
        if current_user.role is not StaffRole.ADMIN:
            abort(403)
        return view(*args, **kwargs)

    return wrapped


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
