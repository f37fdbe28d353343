"""The contest's 评委组长签名确认 setting, saved with an audit entry."""

from __future__ import annotations

import copy

from contest import audit
from contest.countersign.service import WHEN, setting
from contest.models import Contest


def save(contest: Contest, *, enabled: bool, when: str, actor: str) -> bool:
    when = when if when in WHEN else "before_reveal"
    if setting(contest) == {"enabled": enabled, "when": when}:
        return False
    settings = copy.deepcopy(contest.settings or {})
    settings["countersign"] = {"enabled": enabled, "when": when}
    contest.settings = settings
    audit.record(
        "countersign.settings_changed",
        actor=actor,
        subject=f"contest:{contest.id}",
        contest_id=contest.id,
        data={"enabled": enabled, "when": when},
    )
    return True
