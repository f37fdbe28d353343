"""Contest settings: what the domain calls "a setting", with the defaults we ship."""

from __future__ import annotations

import copy
from decimal import Decimal
from typing import Any

DEFAULT_SETTINGS: dict[str, Any] = {
    "scoring": {
        "trim_each_end": 1,
        "min_panel_for_trim": 5,
        "decimals": 2,
        "tie_breaks": [],
    },
    "recusal": {"same_recommending_unit": False},
    "timer": {"talk_seconds": 15 * 60, "qa_seconds": 5 * 60, "warning_seconds": 2 * 60},
    # "none", "flat" (amount once) or "per_started_minute" (amount per started minute over).
    "overtime": {"rule": "none", "amount": "1"},
    # logo: the organiser's logo for the welcome scene, a file under <instance>/display/.
    "display": {"show_judge_names": False, "logo": ""},
    # Weight of the document review (材料评价) against the live score: off by default.
    "document_review": {"enabled": False, "weight": "0"},
    # 评审承诺书 before a judge's first score (contest/pledge/); text "" is the default text.
    "pledge": {"enabled": False, "text": ""},
    # Judges sign their day's sheet (contest/signing/): at the venue's end or when staff ask.
    "signing": {"enabled": False, "when": "venue_end"},
    # The 评委组长 countersigns results (contest/countersign/): before each reveal or at the end.
    "countersign": {"enabled": False, "when": "before_reveal"},
    # Corrections and forced reveals wait for the 监督's signature (contest/supervision/).
    "supervision": {"cosign": False},
    # 申诉 within a window after the reveal or the publication (contest/appeals/).
    "appeals": {"enabled": False, "window_minutes": 30, "after": "reveal"},
}

# Built from the areas of 《质量信得过班组建设准则》 (T/CAQ 10202); staff edit it per contest.
DEFAULT_SCORE_SHEET: list[tuple[str, Decimal, Decimal, str]] = [
    ("班组概况与基础管理", Decimal(15), Decimal("0.5"), "班组组成、职责、文化与基础管理"),
    ("学习与技能", Decimal(15), Decimal("0.5"), "专业知识、技能培训与工具方法应用"),
    ("质量改进与创新", Decimal(25), Decimal("0.5"), "改进项目、创新成果与方法运用"),
    ("现场管理", Decimal(15), Decimal("0.5"), "现场秩序、标准化与安全环保"),
    ("成果与顾客评价", Decimal(20), Decimal("0.5"), "业绩指标、顾客满意与荣誉"),
    ("发表与答辩", Decimal(10), Decimal("0.5"), "发表的逻辑、表达与现场答辩"),
]


def merged(settings: dict[str, Any] | None) -> dict[str, Any]:
    """The contest's settings laid over the defaults, one level deep per section."""
    result = copy.deepcopy(DEFAULT_SETTINGS)
    for section, values in (settings or {}).items():
        if isinstance(values, dict) and isinstance(result.get(section), dict):
            result[section].update(values)
        else:
            result[section] = values
    return result
