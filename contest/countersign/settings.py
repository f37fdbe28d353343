"""The contest's 评委组长签名确认 setting, saved with an audit entry."""

from __future__ import annotations

from contest.countersign.service import WHEN
from contest.models import Contest
from contest.setup.sections import save_section


def save(contest: Contest, *, enabled: bool, when: str, actor: str) -> bool:
    values = {"enabled": enabled, "when": when if when in WHEN else "before_reveal"}
    return save_section(
        contest, "countersign", values, action="countersign.settings_changed", actor=actor
    )
