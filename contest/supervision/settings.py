"""The contest's 监督签名确认 setting, saved with an audit entry."""

from __future__ import annotations

import copy

from contest import audit
from contest.models import Contest
from contest.supervision.service import required


def save(contest: Contest, *, cosign: bool, actor: str) -> bool:
    if required(contest) == cosign:
        return False
    settings = copy.deepcopy(contest.settings or {})
    settings["supervision"] = {"cosign": cosign}
    contest.settings = settings
    audit.record(
        "supervision.settings_changed",
        actor=actor,
        subject=f"contest:{contest.id}",
        contest_id=contest.id,
        data={"cosign": cosign},
    )
    return True
