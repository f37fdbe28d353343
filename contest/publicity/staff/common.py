"""What every staff page of the area does: run a change, turn a refusal into a message."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from flask import flash, redirect
from flask_babel import gettext as _
from flask_login import current_user

from contest.publicity.calendar import PublicityRefused
from contest.transactions import atomic


def staff_id() -> int:
    return int(current_user.id)


def act(work: Callable[[], object], done: str, back: str):
    """Run `work` in one transaction; flash `done` or the refusal; go back to `back`."""
    try:
        atomic(work)
    except PublicityRefused as refused:
        flash(refused.message, "error")
    else:
        flash(done, "success")
    return redirect(back)


def parse_date(text: str) -> date:
    try:
        return date.fromisoformat((text or "").strip())
    except ValueError:
        raise PublicityRefused(_("请按“年-月-日”填写日期，如 2026-12-01")) from None


def parse_int(text: str, what: str) -> int:
    try:
        return int((text or "").strip())
    except ValueError:
        raise PublicityRefused(_("%(what)s请填写整数", what=what)) from None
