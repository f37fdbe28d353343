"""The contest's 监督签名确认 setting, saved with an audit entry."""

from __future__ import annotations

from contest.models import Contest
from contest.setup.sections import save_section


def save(contest: Contest, *, cosign: bool, actor: str) -> bool:
    return save_section(
        contest,
        "supervision",
        {"cosign": cosign},
        action="supervision.settings_changed",
        actor=actor,
    )
