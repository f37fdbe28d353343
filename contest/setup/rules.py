"""The contest's rules (评分规则) staff edit: scoring, recusal, timer, overtime, display.

Once any score exists, a change to a rule that alters results needs a reason, and the
audit entry lists every team whose score, rank or counted panel it changed.
"""

from __future__ import annotations

import copy
import re
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from flask_babel import gettext as _

from contest import audit
from contest.live import feed
from contest.models import Contest
from contest.models.types import canonical
from contest.roster import recusals
from contest.scoring.rules import ITEM_PREFIX, MAX_DECIMALS, ScoringRules
from contest.settings import merged
from contest.setup import rules_impact
from contest.setup.refusal import SetupRefused
from contest.setup.sheet import exact_decimal, has_scores

# Sections whose change can move a published score, a rank or who counts for a team.
RESULT_SECTIONS = ("scoring", "recusal", "overtime", "document_review")
# The keys this editor owns; anything else in the settings (e.g. certificate wording) is kept.
EDITED = {
    "scoring": ("trim_each_end", "min_panel_for_trim", "decimals", "tie_breaks"),
    "recusal": ("same_recommending_unit",),
    "timer": ("talk_seconds", "qa_seconds", "warning_seconds"),
    "overtime": ("rule", "amount"),
    "display": ("show_judge_names",),
}
OVERTIME_RULES = ("none", "flat", "per_started_minute")
TIE_BREAK_SLOTS = 3
MAX_TRIM = 5
MAX_PANEL = 50
MAX_MINUTES = 180
REASON_LENGTH = 500
_INTEGER = re.compile(r"^[0-9]+$")


@dataclass(frozen=True)
class RulesSaved:
    changes: dict[str, list[Any]]  # "section.key" -> [before, after]
    audit_id: int | None
    figures: list[dict[str, Any]] | None = field(default=None)  # None: not computed


def tie_break_choices(contest: Contest) -> list[tuple[str, str]]:
    """(value, plain-Chinese label) of every tie-break staff may put in the chain."""
    choices = [("untrimmed_mean", _("全体有效评委总分的平均分（不去掉最高分和最低分）高者在前"))]
    choices += [
        (ITEM_PREFIX + i.name, _("单项“%(name)s”的平均分高者在前", name=i.name))
        for i in contest.items
    ]
    choices.append(("manual", _("评委组长裁定（裁定记录前仍为并列）")))
    return choices


def needs_reason(contest: Contest) -> bool:
    """Whether a change to a result rule now needs a reason (some score exists)."""
    return has_scores(contest)


def _integer(text: str, low: int, high: int, message: str) -> int:
    text = unicodedata.normalize("NFKC", text or "").strip()
    if not _INTEGER.match(text) or not low <= int(text) <= high:
        raise SetupRefused(message)
    return int(text)


def _duration(form: Mapping[str, str], name: str, label: str) -> int:
    minutes = _integer(
        form.get(f"{name}_minutes", ""),
        0,
        MAX_MINUTES,
        _("%(label)s的分钟数须为 0 到 %(n)s 之间的整数", label=label, n=MAX_MINUTES),
    )
    seconds = _integer(
        form.get(f"{name}_seconds", "") or "0",
        0,
        59,
        _("%(label)s的秒数须为 0 到 59 之间的整数", label=label),
    )
    return minutes * 60 + seconds


def _scoring(form: Mapping[str, str], contest: Contest) -> dict[str, Any]:
    trim = _integer(
        form.get("trim_each_end", ""),
        0,
        MAX_TRIM,
        _("去掉最高分和最低分的个数须为 0 到 %(n)s 之间的整数", n=MAX_TRIM),
    )
    panel = _integer(
        form.get("min_panel_for_trim", ""),
        1,
        MAX_PANEL,
        _("开始去分的评委人数须为 1 到 %(n)s 之间的整数", n=MAX_PANEL),
    )
    if trim and trim * 2 >= panel:
        raise SetupRefused(
            _(
                "去掉最高分和最低分各 %(trim)s 个时，至少要 %(least)s 位评委才能去分，"
                "请把开始去分的评委人数改为 %(least)s 或以上",
                trim=trim,
                least=trim * 2 + 1,
            )
        )
    decimals = _integer(
        form.get("decimals", ""),
        0,
        MAX_DECIMALS,
        _("最后得分保留的小数位数须为 0 到 %(n)s 之间的整数", n=MAX_DECIMALS),
    )
    known = dict(tie_break_choices(contest))
    chain: list[str] = []
    for slot in range(1, TIE_BREAK_SLOTS + 1):
        rule = form.get(f"tie_break_{slot}", "")
        if not rule:
            continue
        if rule not in known:
            raise SetupRefused(_("第 %(n)s 个并列判定依据不在可选范围内，请重新选择", n=slot))
        if rule in chain:
            raise SetupRefused(
                _("并列判定依据“%(what)s”选了两次，请每项只选一次", what=known[rule])
            )
        chain.append(rule)
    rules = ScoringRules(trim, panel, decimals, tuple(chain))  # the engine's own check
    return {
        "trim_each_end": rules.trim_each_end,
        "min_panel_for_trim": rules.min_panel_for_trim,
        "decimals": rules.decimals,
        "tie_breaks": chain,
    }


def _timer(form: Mapping[str, str]) -> dict[str, int]:
    talk = _duration(form, "talk", _("发表时间"))
    qa = _duration(form, "qa", _("答辩时间"))
    warning = _duration(form, "warning", _("提醒时间"))
    if talk <= 0:
        raise SetupRefused(_("发表时间须长于 0 秒，请填写分钟数"))
    if warning >= talk:
        raise SetupRefused(_("提前提醒的时间须短于发表时间"))
    return {"talk_seconds": talk, "qa_seconds": qa, "warning_seconds": warning}


def _overtime(form: Mapping[str, str], current: Mapping[str, Any]) -> dict[str, str]:
    rule = form.get("overtime_rule", "")
    if rule not in OVERTIME_RULES:
        raise SetupRefused(_("请选择超时的处理方式"))
    if rule == "none":
        return {"rule": rule, "amount": str(current["amount"])}  # kept for when it is used again
    amount = exact_decimal(form.get("overtime_amount", ""))
    if amount is None or not 0 < amount <= 100:
        raise SetupRefused(_("超时扣分须为大于 0、不超过 100 的数，最多三位小数，例如 0.5 或 1"))
    return {"rule": rule, "amount": format(canonical(amount), "f")}


def parse_rules(*, contest: Contest, form: Mapping[str, str]) -> dict[str, Any]:
    """The contest's full settings with the form's values laid in; refused if any is wrong."""
    settings = copy.deepcopy(merged(contest.settings))
    settings["scoring"].update(_scoring(form, contest))
    settings["recusal"]["same_recommending_unit"] = form.get("same_recommending_unit") == "1"
    settings["timer"].update(_timer(form))
    settings["overtime"].update(_overtime(form, settings["overtime"]))
    settings["display"]["show_judge_names"] = form.get("show_judge_names") == "1"
    return settings


def differences(before: Mapping[str, Any], after: Mapping[str, Any]) -> dict[str, list[Any]]:
    """{"section.key": [before, after]} for each edited key whose value differs."""
    return {
        f"{section}.{key}": [before[section][key], after[section][key]]
        for section, keys in EDITED.items()
        for key in keys
        if before[section][key] != after[section][key]
    }


def alters_results(changes: Mapping[str, Any]) -> bool:
    return any(key.split(".")[0] in RESULT_SECTIONS for key in changes)


def save_rules(
    contest: Contest, *, settings: dict[str, Any], reason: str, actor: str
) -> RulesSaved:
    """Store new settings; audited, with the figures they changed once scores exist."""
    before = merged(contest.settings)
    changes = differences(before, settings)
    if not changes:
        return RulesSaved(changes={}, audit_id=None)
    reason = reason.strip()
    if len(reason) > REASON_LENGTH:
        raise SetupRefused(_("修改原因不超过 %(n)s 个字", n=REASON_LENGTH))
    scored = alters_results(changes) and has_scores(contest)
    if scored and not reason:
        raise SetupRefused(_("已有评分，修改影响成绩的规则必须填写修改原因；请填写原因后再保存"))
    old_figures = rules_impact.take(contest) if scored else None
    contest.settings = settings  # a new dict, so SQLAlchemy sees the JSON change
    synced = None
    if "recusal.same_recommending_unit" in changes:
        synced = recusals.sync_automatic(contest, actor=actor)
    data: dict[str, Any] = {"changes": changes, "reason": reason}
    if synced is not None:
        data["recusals"] = {"added": synced[0], "removed": synced[1]}
    figures = None
    if old_figures is not None:
        figures = rules_impact.changed(
            contest, before=old_figures, after=rules_impact.take(contest)
        )
        data["figures"] = figures
    entry = audit.record(
        "contest.settings_changed",
        actor=actor,
        subject=f"contest:{contest.id}",
        data=data,
        contest_id=contest.id,
    )
    for venue in contest.venues:
        feed.bump(venue.id)
    return RulesSaved(changes=changes, audit_id=entry.id, figures=figures)


def set_show_judge_names(contest: Contest, *, show: bool, actor: str) -> RulesSaved:
    """The one display option the contest page sets directly."""
    settings = copy.deepcopy(merged(contest.settings))
    settings["display"]["show_judge_names"] = show
    return save_rules(contest, settings=settings, reason="", actor=actor)
