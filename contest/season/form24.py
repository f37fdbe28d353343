"""Form 2-4 (材料评审汇总表) rows and the 填表人/电话/填表日期 of forms 2-3 and 2-4: their
checks and the ranking. Pure, like form12: text in, checked values and messages out.

A row is one team's 材料评价 in three parts (符合标准程度 / 特色 / 不足之处), its 打分 (0–100,
one decimal at most, full-width digits accepted) and the judges who reviewed it (ids on the
推荐单位's 评委名单). 排序 follows the 打分: highest first, equal scores share a rank (1, 2, 2, 4,
shown as 并列), as the contest's standings do.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from contest.numbers import parse_decimal, plain

PARTS = (
    ("conformity", _l("符合标准程度")),
    ("features", _l("特色")),
    ("shortcomings", _l("不足之处")),
)
MAX_PART = 300  # 字 per part: a cell of the paper form, not an essay
KEPT = 2000  # what a draft keeps of a part typed too long, so the message can count it
TOP = Decimal(100)
MAX_FILLER = 50
_MOBILE = re.compile(r"1[3-9]\d{9}")
_PHONE = re.compile(r"[0-9][0-9\- ]{5,18}[0-9](转[0-9]{1,6})?")


def clean_row(typed: dict) -> dict:
    """What a draft keeps of a typed row: text trimmed and bounded, judges as ints."""
    row = {key: str(typed.get(key) or "").strip()[:KEPT] for key, _label in PARTS}
    row["score"] = str(typed.get("score") or "").strip()[:20]
    row["judges"] = sorted({int(j) for j in typed.get("judges") or [] if str(j).isdigit()})
    return row


def is_blank(row: dict) -> bool:
    return (
        not any(row.get(key) for key, _label in PARTS)
        and not row.get("score")
        and not (row.get("judges"))
    )


def score(text: str) -> Decimal | None:
    """The 打分 typed, or None when it is not one: 0–100, one decimal at most."""
    number = parse_decimal(text)
    if number is None or not Decimal(0) <= number <= TOP:
        return None
    if number != number.quantize(Decimal("0.1")):
        return None
    return number


def row_problems(row: dict, team: str, known_judges: set[int]) -> list[str]:
    """What is wrong with one row, each message naming the team."""
    found = []
    for key, label in PARTS:
        text = row.get(key, "")
        if not text:
            found.append(_("%(team)s：请填写材料评价“%(part)s”", team=team, part=label))
        elif len(text) > MAX_PART:
            found.append(
                _(
                    "%(team)s：材料评价“%(part)s”最多 %(n)s 字，现有 %(m)s 字；请删减",
                    team=team,
                    part=label,
                    n=MAX_PART,
                    m=len(text),
                )
            )
    typed = row.get("score", "")
    if not typed:
        found.append(_("%(team)s：请填写打分（0 到 100）", team=team))
    elif score(typed) is None:
        found.append(
            _(
                "%(team)s：打分「%(typed)s」应为 0 到 100 之间的数，最多一位小数，例如 86.5",
                team=team,
                typed=typed,
            )
        )
    judges = row.get("judges") or []
    if not judges:
        found.append(_("%(team)s：请至少选择一位评审该班组的评委", team=team))
    elif not set(judges) <= known_judges:
        found.append(_("%(team)s：所选评委已不在本单位评委名单中；请重新选择评委", team=team))
    return found


@dataclass(frozen=True)
class Rank:
    place: int
    tied: bool

    def text(self) -> str:
        return _("并列第 %(n)s", n=self.place) if self.tied else _("第 %(n)s", n=self.place)


def ranks(scores: dict[int, Decimal]) -> dict[int, Rank]:
    """Competition ranking of the scores (highest first; equal scores share the place)."""
    ordered = sorted(scores.values(), reverse=True)
    place = {}
    for index, value in enumerate(ordered, 1):
        place.setdefault(value, index)
    return {key: Rank(place[value], ordered.count(value) > 1) for key, value in scores.items()}


def shown(value: Decimal) -> str:
    """A score as printed: 86 or 86.5 (typed ８６．５ reads the same)."""
    return plain(value)


def filler_problems(values: dict, today: date) -> dict[str, str]:
    """填表人 / 电话 / 填表日期, by field."""
    found = {}
    filler = values.get("filler", "")
    if not filler or len(filler) > MAX_FILLER:
        found["filler"] = _("请填写填表人姓名（不超过 %(n)s 个字）", n=MAX_FILLER)
    phone = re.sub(r"\s*转\s*", "转", values.get("phone", ""))
    if not (_MOBILE.fullmatch(phone) or _PHONE.fullmatch(phone)):
        found["phone"] = _("请填写填表人电话：手机如 13812345678，固定电话如 021-12345678")
    typed = values.get("date", "")
    try:
        filled = date.fromisoformat(typed)
    except ValueError:
        found["date"] = _("请填写填表日期（年-月-日，例如 2026-07-20）")
    else:
        if filled > today:
            found["date"] = _("填表日期不能晚于今天（%(today)s）", today=today.isoformat())
    return found


def clean_filler(typed: dict) -> dict:
    return {key: str(typed.get(key) or "").strip()[:100] for key in ("filler", "phone", "date")}
