"""The score sheet as a reviewer typed it: read from the page's JSON (bounded), checked for
a submission item by item in Chinese, and totalled. Pure: no database."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from flask_babel import gettext as _

from contest.numbers import normalise_number, parse_decimal, plain
from contest.review.models import ReviewItem

MARK_CHARACTERS = 20  # a mark as typed, drafts included
ITEM_COMMENT_CHARACTERS = 500
PART_CHARACTERS = 2000  # each part of the 材料评价
PARTS = ("conformity", "features", "shortcomings")


class SheetRefused(Exception):
    """What was sent cannot be kept; `messages` say what to do next (a 400 or a 422)."""

    def __init__(self, messages: list[str] | str, *, status: int = 422) -> None:
        self.messages = [messages] if isinstance(messages, str) else list(messages)
        self.status = status
        super().__init__("; ".join(self.messages))


def part_labels() -> dict[str, str]:
    return {
        "conformity": _("符合标准程度"),
        "features": _("特色"),
        "shortcomings": _("不足之处"),
    }


@dataclass(frozen=True)
class Typed:
    """What the reviewer's sheet holds, as sent by the page."""

    marks: dict[str, str]
    item_comments: dict[str, str]
    conformity: str
    features: str
    shortcomings: str


def typed_from(payload: Any, items: list[ReviewItem]) -> Typed:
    """The sheet from a JSON body: only this round's item ids, every text bounded."""
    if not isinstance(payload, dict):
        raise SheetRefused(_("提交的内容无法读取，请刷新页面后重试"), status=400)
    ids = {str(item.id) for item in items}

    def texts(key: str, limit: int, label: str) -> dict[str, str]:
        given = payload.get(key) or {}
        if not isinstance(given, dict):
            raise SheetRefused(_("提交的内容无法读取，请刷新页面后重试"), status=400)
        kept = {}
        for item_id, value in given.items():
            if str(item_id) not in ids or not isinstance(value, str):
                continue
            value = value.strip()
            if len(value) > limit:
                raise SheetRefused(_("%(what)s不能超过 %(n)s 字", what=label, n=limit))
            if value:
                kept[str(item_id)] = value
        return kept

    marks = {
        k: normalise_number(v)
        for k, v in texts("marks", MARK_CHARACTERS, _("分数")).items()
        if normalise_number(v)
    }
    comments = texts("item_comments", ITEM_COMMENT_CHARACTERS, _("单项评语"))
    parts = {}
    for key, label in part_labels().items():
        value = payload.get(key) or ""
        if not isinstance(value, str):
            raise SheetRefused(_("提交的内容无法读取，请刷新页面后重试"), status=400)
        value = value.strip()
        if len(value) > PART_CHARACTERS:
            raise SheetRefused(
                _("材料评价「%(part)s」不能超过 %(n)s 字", part=label, n=PART_CHARACTERS)
            )
        parts[key] = value
    return Typed(marks, comments, **parts)


def version_from(payload: Any) -> int:
    value = payload.get("version") if isinstance(payload, dict) else None
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        raise SheetRefused(_("提交的内容无法读取，请刷新页面后重试"), status=400)
    return value


def problems(items: list[ReviewItem], typed: Typed) -> list[str]:
    """What stops a submission, in words, item by item, then each 材料评价 part."""
    found = []
    for item in items:
        text = typed.marks.get(str(item.id), "")
        number = parse_decimal(text) if text else None
        if not text:
            found.append(_("「%(item)s」尚未评分", item=item.name))
        elif number is None:
            found.append(_("「%(item)s」的分数「%(text)s」不是数字", item=item.name, text=text))
        elif number < 0 or number > item.maximum:
            found.append(
                _(
                    "「%(item)s」的分数应在 0 到 %(max)s 之间",
                    item=item.name,
                    max=plain(item.maximum),
                )
            )
        elif number % item.step != 0:
            found.append(
                _(
                    "「%(item)s」的分数应为 %(step)s 的整数倍",
                    item=item.name,
                    step=plain(item.step),
                )
            )
    for key, label in part_labels().items():
        if not getattr(typed, key):
            found.append(_("请填写材料评价「%(part)s」", part=label))
    return found


def total_of(items: list[ReviewItem], marks: dict[str, str]) -> Decimal | None:
    """The sum of the marks when every item has a valid one, else None."""
    total = Decimal(0)
    for item in items:
        number = parse_decimal(marks.get(str(item.id), ""))
        if number is None or number < 0 or number > item.maximum or number % item.step != 0:
            return None
        total += number
    return total
