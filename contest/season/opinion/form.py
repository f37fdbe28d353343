"""The 评分与推荐意见 form: its fields, the checks of a save or a 提交, and the rows it prints.

Pure, like form12: plain strings in, kept values, normalised values and messages out; no
database. A draft keeps what was typed (each field bounded) and says what is wrong so far;
a 提交 needs every requirement rated, a remark wherever the rating is not 符合, the
self-score, the 推荐意见 (20–500 字, counted as Word and WPS count Chinese), 填表人 and 日期.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from contest.numbers import normalise_number, parse_decimal, plain
from contest.season.files.counting import count_characters
from contest.season.opinion.requirements import MEETS, RATINGS, REQUIREMENTS

OPINION_MIN, OPINION_MAX = 20, 500  # 推荐意见, 字 as Word counts them
REMARK_MAX = 200
FILLER_MAX = 50
MAX_TEXT = 5000  # any one field as kept in a draft (counted 字 can be fewer than characters)
NUMBERS = range(1, len(REQUIREMENTS) + 1)
SCALARS = ("score", "opinion", "filler", "filled_on")
KEYS = (
    *(k for n in NUMBERS for k in (f"rating_{n}", f"remark_{n}")),
    *SCALARS,
)
LABELS = {
    "score": _l("自评得分"),
    "opinion": _l("推荐意见"),
    "filler": _l("填表人"),
    "filled_on": _l("日期"),
}
_DATE = re.compile(r"(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?")


@dataclass(frozen=True)
class Checked:
    """`values`: as typed, trimmed (what a draft keeps); `clean`: normalised (what a 提交
    keeps, right only when `ok`); `errors`: by field key, in the form's order."""

    values: dict[str, str]
    clean: dict[str, str]
    errors: dict[str, str] = field(default_factory=dict)

    @property
    def ok(self) -> bool:
        return not self.errors


def check(typed: Mapping[str, str], *, submitting: bool, today: date) -> Checked:
    """Each field trimmed and checked; a 提交 also needs every required one."""
    values = {key: str(typed.get(key) or "").strip()[:MAX_TEXT] for key in KEYS}
    clean = dict(values)
    errors: dict[str, str] = {}
    for n in NUMBERS:
        errors.update(_requirement(n, values, submitting))
    score, problem = _score(values["score"], submitting)
    if problem:
        errors["score"] = problem
    elif score is not None:
        clean["score"] = plain(score)
    problem = _opinion(values["opinion"], submitting)
    if problem:
        errors["opinion"] = problem
    if not values["filler"] and submitting:
        errors["filler"] = _("请填写填表人")
    elif len(values["filler"]) > FILLER_MAX:
        errors["filler"] = _("填表人最多 %(n)s 字", n=FILLER_MAX)
    day, problem = _date(values["filled_on"], submitting, today)
    if problem:
        errors["filled_on"] = problem
    elif day is not None:
        clean["filled_on"] = day.isoformat()
    return Checked(values, clean, errors)


def _requirement(n: int, values: dict[str, str], submitting: bool) -> dict[str, str]:
    rating, remark = values[f"rating_{n}"], values[f"remark_{n}"]
    found: dict[str, str] = {}
    if rating and rating not in RATINGS:
        found[f"rating_{n}"] = _("第 %(n)s 项的评价无效；请重新选择符合、基本符合或不符合", n=n)
    elif not rating and submitting:
        found[f"rating_{n}"] = _("请评价第 %(n)s 项要求：选择符合、基本符合或不符合", n=n)
    count = count_characters(remark)
    if count > REMARK_MAX:
        found[f"remark_{n}"] = _(
            "第 %(n)s 项的说明最多 %(max)s 字，现有 %(m)s 字；请删减", n=n, max=REMARK_MAX, m=count
        )
    elif rating in RATINGS and rating != MEETS and not remark and submitting:
        found[f"remark_{n}"] = _(
            "第 %(n)s 项评为“%(rating)s”，请在说明中写明原因", n=n, rating=RATINGS[rating]
        )
    return found


def _score(text: str, submitting: bool) -> tuple[Decimal | None, str | None]:
    if not text:
        return None, (_("请填写自评得分") if submitting else None)
    number = parse_decimal(normalise_number(text).removesuffix("分").strip())
    if number is None:
        return None, _("自评得分请填写数字，例如 92.5")
    if not Decimal(0) <= number <= Decimal(100):
        return None, _("自评得分应在 0 到 100 之间，现为 %(value)s", value=plain(number))
    if number != number.quantize(Decimal("0.1")):
        return None, _("自评得分最多保留一位小数，例如 92.5")
    return number, None


def _opinion(text: str, submitting: bool) -> str | None:
    if not text:
        return _("请填写推荐意见") if submitting else None
    count = count_characters(text)
    if count > OPINION_MAX:
        return _("推荐意见最多 %(max)s 字，现有 %(m)s 字；请删减", max=OPINION_MAX, m=count)
    if count < OPINION_MIN:
        return _(
            "推荐意见至少 %(min)s 字，现有 %(m)s 字；请写明推荐的理由", min=OPINION_MIN, m=count
        )
    return None


def _date(text: str, submitting: bool, today: date) -> tuple[date | None, str | None]:
    if not text:
        return None, (_("请填写日期") if submitting else None)
    found = _DATE.fullmatch(normalise_number(text))
    try:
        day = date(*(int(part) for part in found.groups())) if found else None
    except ValueError:
        day = None
    if day is None:
        return None, _("日期请按 2026-07-20 的形式填写")
    if day > today:
        return None, _("日期不能晚于今天（%(today)s）", today=today.isoformat())
    return day, None


@dataclass(frozen=True)
class Row:
    """One line of the form as printed or shown: 序号 ('' for a heading line), what, answer."""

    number: str
    label: str
    value: str
    note: str = ""
    key: str = ""


def rows(*, company: str, team: str, number: str, recommender: str, values: dict) -> list[Row]:
    """The 评分与推荐意见表 top to bottom: who it is about, the seven requirements with
    their ratings and remarks, then the self-score, the 推荐意见, 填表人 and 日期."""
    head = [
        Row("", str(_("申报编号")), number),
        Row("", str(_("单位名称（公章为准）")), company),
        Row("", str(_("质量信得过班组名称")), team),
        Row("", str(_("推荐单位")), recommender),
    ]
    body = [
        Row(
            str(n),
            str(REQUIREMENTS[n - 1]),
            str(RATINGS.get(values.get(f"rating_{n}", ""), "")),
            values.get(f"remark_{n}", ""),
            f"rating_{n}",
        )
        for n in NUMBERS
    ]
    tail = [Row("", str(LABELS[key]), values.get(key, ""), key=key) for key in SCALARS]
    return head + body + tail
