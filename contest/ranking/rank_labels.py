"""Chinese words for why a team got its place (the ranking's `decided_by`), for pages and papers."""

from __future__ import annotations

from flask_babel import gettext as _

from contest.scoring.ranking import DECIDED_BY_SCORE, DECIDED_BY_TIE
from contest.scoring.rules import ITEM_PREFIX


def tie_break_name(*, rule: str) -> str:
    """The tie-break rule in words, e.g. 「现场发表」项平均分."""
    if rule == "untrimmed_mean":
        return _("未去掉最高分和最低分的平均分")
    if rule == "manual":
        return _("评委组长裁定")
    if rule.startswith(ITEM_PREFIX):
        return _("「%(item)s」项平均分", item=rule.removeprefix(ITEM_PREFIX))
    return rule


def decided_by_label(*, decided_by: str) -> str:
    """What decided the place: the score itself, a shared place, or the tie-break that did."""
    if decided_by == DECIDED_BY_SCORE:
        return _("按最后得分")
    if decided_by == DECIDED_BY_TIE:
        return _("同分并列")
    return _("同分，按%(how)s", how=tie_break_name(rule=decided_by))
