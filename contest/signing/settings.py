"""The contest's 评委签名 setting, saved with an audit entry."""

from __future__ import annotations

from contest.models import Contest
from contest.setup.sections import save_section
from contest.signing.service import WHEN


def save(contest: Contest, *, enabled: bool, when: str, actor: str) -> bool:
    values = {"enabled": enabled, "when": when if when in WHEN else "venue_end"}
    return save_section(contest, "signing", values, action="signing.settings_changed", actor=actor)
