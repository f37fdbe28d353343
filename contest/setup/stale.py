"""Two staff editing the same row: the second save, made from a stale form, is refused.

A form carries the values it was shown (`original`, JSON in a hidden field). On save, if the
row no longer holds them, someone else saved in between: nothing is written and the person
is told what changed, with the row's current values on the page to start again from.
"""

from __future__ import annotations

import json
from typing import Any

from flask_babel import gettext as _

from contest.roster.teams import EditRefused


class StaleEdit(EditRefused):
    """A save from a form shown before someone else saved the same row."""


def encode(values: dict[str, Any]) -> str:
    return json.dumps(values, ensure_ascii=False, sort_keys=True, default=str)


def changed_since(original_json: str | None, current: dict[str, Any], labels: dict) -> list[str]:
    """What changed between the form's values and the row's, as 「label：before → after」.

    No `original` (an older page or a script): nothing to compare, an empty list.
    """
    if not original_json:
        return []
    try:
        original = json.loads(original_json)
    except ValueError:
        return []
    if not isinstance(original, dict):
        return []
    now = json.loads(encode(current))  # the same types the form's copy went through
    changes = []
    for key in current:  # in the form's order
        value = now[key]
        if key in original and original[key] != value:
            before, after = _shown(original[key]), _shown(value)
            changes.append(f"{labels.get(key, key)}：{before} → {after}")
    return changes


def _shown(value: Any) -> str:
    if value is None or value == "":
        return _("（空）")
    if value is True:
        return _("是")
    if value is False:
        return _("否")
    if isinstance(value, int | float):
        return str(value)
    return f"「{value}」"


def refuse_if_changed(original_json: str | None, current: dict[str, Any], labels: dict) -> None:
    """Raise StaleEdit when the row no longer holds what the form showed."""
    changes = changed_since(original_json, current, labels)
    if changes:
        raise StaleEdit(_refusal(changes))


def _refusal(changes: list[str]) -> str:
    return _(
        "未保存：在您编辑期间，其他工作人员已修改了这条记录（%(changes)s）。"
        "下方已显示最新内容，请核对后重新修改并保存。",
        changes="；".join(changes),
    )
