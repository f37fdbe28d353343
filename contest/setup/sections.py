"""A contest setting section saved as a whole, audited under its own action name.

Used by the areas whose settings have their own page (评审承诺书 aside, which keeps its
text): 评委签名, 评委组长签名确认, 监督签名确认, 申诉与复核.
"""

from __future__ import annotations

import copy
from typing import Any

from contest import audit
from contest.models import Contest
from contest.settings import merged


def save_section(
    contest: Contest, section: str, values: dict[str, Any], *, action: str, actor: str
) -> bool:
    """Store `values` as the contest's `section`; whether anything changed (then audited)."""
    current = merged(contest.settings).get(section) or {}
    if {**current, **values} == current:
        return False
    settings = copy.deepcopy(contest.settings or {})
    settings[section] = dict(values)
    contest.settings = settings
    audit.record(
        action, actor=actor, subject=f"contest:{contest.id}", contest_id=contest.id, data=values
    )
    return True
