"""The season's 材料文审 round: its settings, its score sheet, opening and closing.

Refusals are SetupRefused with a Chinese message; nothing is written then (the views run
these inside contest.transactions.atomic).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

import sqlalchemy as sa
from flask_babel import gettext as _

from contest import audit
from contest.extensions import db
from contest.models.types import canonical, utcnow
from contest.review.models import Assignment, Review, ReviewItem, ReviewRound, RoundState
from contest.scoring.rules import MAX_DECIMALS, ScoringRules
from contest.season.accounts import SeasonRefused
from contest.season.current import beijing
from contest.season.models import Season
from contest.season.seasons import parse_beijing
from contest.setup import sheet
from contest.setup.refusal import SetupRefused

MAX_PER_APPLICATION = 15
MAX_TRIM = 5
MAX_PANEL = 30
MAX_SHORTLIST = 500
# A new round's sheet, to edit before the first review: the six parts form 1-2 asks each team
# to describe (the notice's 附件 1-2), weighted to 100.
DEFAULT_ITEMS = (
    ("班组组成与文化", "10", "班组成员组成、职责、主要工作内容，班组文化和愿景"),
    ("基础管理", "20", "班组基础管理制度、标准化作业和记录的完整与落实"),
    ("技能与方法", "20", "成员专业知识、技能培训，质量工具方法的应用能力"),
    ("质量改进与创新", "25", "改进课题、创新成果及其效果验证"),
    ("特色与业绩", "20", "班组管理特色、质量业绩指标和顾客评价结果"),
    ("荣誉", "5", "近三年班组集体和个人荣誉"),
)
DEFAULT_RULES = {"trim_each_end": 1, "min_panel_for_trim": 5, "decimals": 2, "tie_breaks": []}
_INTEGER = re.compile(r"^[0-9]{1,4}$")
_SPREAD = re.compile(r"^[0-9]{1,4}(\.[0-9]{1,2})?$")
STATE_LABELS = {RoundState.DRAFT: "准备中", RoundState.OPEN: "评审中", RoundState.CLOSED: "已结束"}


def of(season: Season | None) -> ReviewRound | None:
    """The season's round, or None before staff set it up."""
    if season is None:
        return None
    return db.session.scalar(sa.select(ReviewRound).where(ReviewRound.season_id == season.id))


def rules(review_round: ReviewRound) -> ScoringRules:
    """The round's trimmed-mean rules, the defaults where unset."""
    return ScoringRules.from_settings({**DEFAULT_RULES, **(review_round.rules or {})})


def has_reviews(review_round: ReviewRound) -> bool:
    """Whether any review (a draft too) is saved: the sheet is locked from then on."""
    query = sa.select(
        sa.exists().where(
            Review.assignment_id == Assignment.id, Assignment.round_id == review_round.id
        )
    )
    return bool(db.session.scalar(query))


def locked_message() -> str:
    return _("已有评审专家保存评审意见，评分表已锁定，不能再修改")


def _integer(text: str, low: int, high: int, message: str) -> int:
    text = unicodedata.normalize("NFKC", text or "").strip()
    if not _INTEGER.match(text) or not low <= int(text) <= high:
        raise SetupRefused(message)
    return int(text)


@dataclass(frozen=True)
class RoundForm:
    """What staff typed on the round's page (strings, as posted)."""

    name: str
    opens: str
    closes: str
    per_application: str
    exclude_same_recommender: bool
    spread: str
    trim_each_end: str
    min_panel_for_trim: str
    decimals: str
    shortlist: str

    @classmethod
    def from_form(cls, form: Mapping[str, str]) -> RoundForm:
        return cls(
            name=form.get("name", ""),
            opens=form.get("opens", ""),
            closes=form.get("closes", ""),
            per_application=form.get("per_application", ""),
            exclude_same_recommender=form.get("exclude_same_recommender") == "1",
            spread=form.get("spread", ""),
            trim_each_end=form.get("trim_each_end", ""),
            min_panel_for_trim=form.get("min_panel_for_trim", ""),
            decimals=form.get("decimals", ""),
            shortlist=form.get("shortlist", ""),
        )


def _times(typed: RoundForm):
    try:
        opens_at = parse_beijing(typed.opens, what=_("开始时间"))
        closes_at = parse_beijing(typed.closes, what=_("截止时间"))
    except SeasonRefused as refused:
        raise SetupRefused(refused.message) from None
    if closes_at <= opens_at:
        raise SetupRefused(_("材料文审的截止时间应晚于开始时间，请核对"))
    return opens_at, closes_at


def _rules(typed: RoundForm) -> dict[str, Any]:
    trim = _integer(
        typed.trim_each_end,
        0,
        MAX_TRIM,
        _("去掉最高分和最低分的个数须为 0 到 %(n)s 之间的整数", n=MAX_TRIM),
    )
    panel = _integer(
        typed.min_panel_for_trim,
        1,
        MAX_PANEL,
        _("开始去分的评审专家人数须为 1 到 %(n)s 之间的整数", n=MAX_PANEL),
    )
    if trim and trim * 2 >= panel:
        raise SetupRefused(
            _(
                "去掉最高分和最低分各 %(trim)s 个时，至少要 %(least)s 位评审专家才能去分，"
                "请把开始去分的人数改为 %(least)s 或以上",
                trim=trim,
                least=trim * 2 + 1,
            )
        )
    decimals = _integer(
        typed.decimals,
        0,
        MAX_DECIMALS,
        _("最后得分保留的小数位数须为 0 到 %(n)s 之间的整数", n=MAX_DECIMALS),
    )
    checked = ScoringRules(trim, panel, decimals, ())  # the engine's own check
    return {
        "trim_each_end": checked.trim_each_end,
        "min_panel_for_trim": checked.min_panel_for_trim,
        "decimals": checked.decimals,
        "tie_breaks": [],
    }


def _spread(text: str) -> Decimal:
    text = unicodedata.normalize("NFKC", text or "").strip()
    if not _SPREAD.match(text):
        raise SetupRefused(_("分歧较大的分差须为不小于 0 的数，最多两位小数，例如 15"))
    return canonical(Decimal(text))


def describe(review_round: ReviewRound) -> dict[str, Any]:
    """The settings as the audit log keeps them: plain values, times in Beijing time."""
    return {
        "name": review_round.name,
        "opens": beijing(review_round.opens_at) if review_round.opens_at else "",
        "closes": beijing(review_round.closes_at) if review_round.closes_at else "",
        "per_application": review_round.reviewers_per_application,
        "exclude_same_recommender": review_round.exclude_same_recommender,
        "spread": str(review_round.divergence_spread),
        "rules": dict(review_round.rules or {}),
        "shortlist": review_round.shortlist_size,
    }


def save_round(*, season: Season, typed: RoundForm, actor: str) -> ReviewRound:
    """Create the season's round or change its settings; audited before and after."""
    review_round = of(season)
    if review_round is not None and review_round.state == RoundState.CLOSED:
        raise SetupRefused(_("材料文审已结束，设置不能再修改"))
    name = typed.name.strip()
    if not name or len(name) > 200:
        raise SetupRefused(_("请填写材料文审名称（不超过 200 个字）"))
    opens_at, closes_at = _times(typed)
    per = _integer(
        typed.per_application,
        1,
        MAX_PER_APPLICATION,
        _("每份申报表的评审专家人数须为 1 到 %(n)s 之间的整数", n=MAX_PER_APPLICATION),
    )
    spread = _spread(typed.spread)
    rules_now = _rules(typed)
    shortlist = None
    if typed.shortlist.strip():
        shortlist = _integer(
            typed.shortlist,
            1,
            MAX_SHORTLIST,
            _("入围发表赛的数量须为 1 到 %(n)s 之间的整数，不设可留空", n=MAX_SHORTLIST),
        )
    created = review_round is None
    if created:
        review_round = ReviewRound(season_id=season.id, state=RoundState.DRAFT)
        db.session.add(review_round)
        before: dict[str, Any] = {}
    else:
        before = describe(review_round)
        if review_round.state == RoundState.OPEN and (
            per != review_round.reviewers_per_application
            or typed.exclude_same_recommender != review_round.exclude_same_recommender
        ):
            raise SetupRefused(
                _("评审已开始，每份申报表的评审专家人数和同一推荐单位回避的设置不能再修改")
            )
    review_round.name, review_round.opens_at, review_round.closes_at = name, opens_at, closes_at
    review_round.reviewers_per_application = per
    review_round.exclude_same_recommender = typed.exclude_same_recommender
    review_round.divergence_spread = spread
    review_round.rules = rules_now
    review_round.shortlist_size = shortlist
    db.session.flush()
    if created:  # a sheet to start from, edited before the first review
        for position, (item, maximum, criteria) in enumerate(DEFAULT_ITEMS):
            db.session.add(
                ReviewItem(
                    round_id=review_round.id,
                    position=position,
                    name=item,
                    maximum=Decimal(maximum),
                    step=Decimal("0.5"),
                    criteria=criteria,
                )
            )
        db.session.flush()
    after = describe(review_round)
    if after != before:
        audit.record(
            "review.round_saved",
            actor=actor,
            subject=f"review_round:{review_round.id}",
            data={"before": before, "after": after},
        )
    return review_round


def sheet_total(items: Sequence[ReviewItem]) -> Decimal:
    return canonical(sum((i.maximum for i in items), Decimal(0)))


def _sheet_rows(items: Sequence[ReviewItem]) -> list[dict[str, str]]:
    return [
        {"name": i.name, "maximum": str(i.maximum), "step": str(i.step), "criteria": i.criteria}
        for i in items
    ]


def save_sheet(
    review_round: ReviewRound, *, rows: Sequence[sheet.ItemRow], actor: str
) -> sheet.SheetSaved:
    """Replace the round's sheet with these rows, checked as the contest's sheet is."""
    if has_reviews(review_round):
        raise SetupRefused(locked_message())
    clean = sheet.validate_rows(rows, known_ids={i.id for i in review_round.items})
    before = _sheet_rows(review_round.items)
    after = [
        {"name": c.name, "maximum": str(c.maximum), "step": str(c.step), "criteria": c.criteria}
        for c in clean
    ]
    total = canonical(sum((c.maximum for c in clean), Decimal(0)))
    if after == before:
        return sheet.SheetSaved(changed=False, total=total)
    by_id = {i.id: i for i in review_round.items}
    kept = {c.item_id for c in clean}
    for item in list(review_round.items):
        if item.id not in kept:
            review_round.items.remove(item)
            db.session.delete(item)
    for item in by_id.values():  # names are unique per round: park them before a swap
        if item.id in kept:
            item.name = f"\u2060moving-{item.id}"
    db.session.flush()
    for position, c in enumerate(clean, start=1):
        item = by_id[c.item_id] if c.item_id is not None else ReviewItem(round_id=review_round.id)
        item.name, item.maximum, item.step = c.name, c.maximum, c.step
        item.criteria, item.position = c.criteria, position
        db.session.add(item)
    db.session.flush()
    db.session.expire(review_round, ["items"])
    audit.record(
        "review.sheet_changed",
        actor=actor,
        subject=f"review_round:{review_round.id}",
        data={"before": before, "after": after, "total": str(total)},
    )
    return sheet.SheetSaved(changed=True, total=total)


def open_round(review_round: ReviewRound, *, problems: Sequence[str], actor: str) -> None:
    """Open the round for reviewers; refused while the sheet is empty or coverage fails.

    `problems`: the coverage check's sentences (contest.review.assignments.problems).
    """
    if review_round.state != RoundState.DRAFT:
        raise SetupRefused(_("材料文审已开始或已结束"))
    if not review_round.items:
        raise SetupRefused(_("评分表还没有项目，请先编辑评分表"))
    if problems:
        raise SetupRefused(
            _(
                "以下申报表的评审专家还不符合要求，暂不能开始评审：%(list)s",
                list="；".join(problems),
            )
        )
    review_round.state = RoundState.OPEN
    audit.record(
        "review.round_opened",
        actor=actor,
        subject=f"review_round:{review_round.id}",
        data={"at": beijing(utcnow())},
    )


def close_round(review_round: ReviewRound, *, actor: str) -> None:
    """Close the round: reviewers can no longer change anything; results become final."""
    if review_round.state != RoundState.OPEN:
        raise SetupRefused(_("材料文审不在评审中，无需结束"))
    review_round.state = RoundState.CLOSED
    audit.record(
        "review.round_closed",
        actor=actor,
        subject=f"review_round:{review_round.id}",
        data={"at": beijing(utcnow())},
    )
