"""The contest's 评委签名 setting, saved with an audit entry."""

from __future__ import annotations

import copy

from contest import audit
from contest.models import Contest
from contest.signing.service import WHEN, setting


def save(contest: Contest, *, enabled: bool, when: str, actor: str) -> bool:
    when = when if when in WHEN else "venue_end"
    if setting(contest) == {"enabled": enabled, "when": when}:
        return False
    settings = copy.deepcopy(contest.settings or {})
    settings["signing"] = {"enabled": enabled, "when": when}
    contest.settings = settings
    audit.record(
        "signing.settings_changed",
        actor=actor,
        subject=f"contest:{contest.id}",
        contest_id=contest.id,
        data={"enabled": enabled, "when": when},
    )
    return True
