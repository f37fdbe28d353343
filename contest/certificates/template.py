"""The certificate template staff edit: settings section "certificate", with placeholders.

The wording is plain text with placeholders; each placeholder becomes its own segment, so
the names reach the page exactly as stored and are escaped by Jinja, never re-parsed.
"""

from __future__ import annotations

import copy
import re
import secrets
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from flask_babel import gettext as _

from contest.models import Contest
from contest.settings import merged

SECTION = "certificate"
PLACEHOLDERS = ("企业名称", "班组名称", "奖项", "比赛名称", "年份")
REQUIRED = ("企业名称", "班组名称")
NATIONAL_SUGGESTION = "推荐参加全国质量信得过班组建设经验交流"

DEFAULTS: dict[str, str] = {
    "title": "荣誉证书",
    # One paragraph a line: the addressee first, the honour next (indented on the page).
    "wording": "{企业名称}{班组名称}：\n在{比赛名称}中荣获{奖项}。\n特发此证，以资鼓励。",
    "issuer": "上海市质量协会",
    # Blank: the month of the contest's first day (today's month when it has no date), fixed
    # here when the numbers are first assigned.
    "date": "",
    "number_prefix": "SQA",
    "national_line": "",  # printed for national candidates when not blank
    "background": "",  # a file name under <instance>/certificates/, or blank
}
LIMITS = {"title": 20, "wording": 400, "issuer": 40, "date": 30, "number_prefix": 12}
LABELS = {
    "title": "证书标题",
    "wording": "证书正文",
    "issuer": "颁发单位",
    "date": "落款日期",
    "number_prefix": "编号前缀",
}
# Not a setting: the month of the contest's first day, carried beside the settings so
# `effective_date` can fall back to it wherever the values travel (renderers, child process).
CONTEST_MONTH = "contest_month"
_TOKEN = re.compile(r"\{([^{}]*)\}")
_PREFIX = re.compile(r"^[\w\-]*$")  # letters, digits, CJK, _ and -: safe in a URL path
_DIGITS = "〇一二三四五六七八九"
TIMEZONE = ZoneInfo("Asia/Shanghai")


class TemplateError(ValueError):
    """A template value staff entered cannot be used; the message says why, in Chinese."""


@dataclass(frozen=True)
class Segment:
    text: str
    kind: str  # "text", or the placeholder's field: company, team, grade, contest, year


FIELD_KINDS = {
    "企业名称": "company",
    "班组名称": "team",
    "奖项": "grade",
    "比赛名称": "contest",
    "年份": "year",
}


def chinese_month(day: date) -> str:
    """二〇二六年九月: the year digit by digit, the month in words, as certificates print it."""
    year = "".join(_DIGITS[int(d)] for d in str(day.year))
    month = ("", "一", "二", "三", "四", "五", "六", "七", "八", "九", "十", "十一", "十二")
    return f"{year}年{month[day.month]}月"


def today() -> date:
    return datetime.now(TIMEZONE).date()


def settings_of(contest: Contest) -> dict[str, str]:
    """The contest's certificate settings over the defaults."""
    values = dict(DEFAULTS)
    stored = merged(contest.settings).get(SECTION)
    if isinstance(stored, dict):
        values.update({k: str(v) for k, v in stored.items() if k in DEFAULTS and v is not None})
    values[CONTEST_MONTH] = chinese_month(contest.starts_on) if contest.starts_on else ""
    return values


def effective_date(values: dict[str, str]) -> str:
    """The printed date: staff's own, else the contest's month, else this month."""
    return values["date"].strip() or values.get(CONTEST_MONTH, "") or chinese_month(today())


def segments(wording: str, fields: dict[str, str]) -> list[list[Segment]]:
    """Paragraphs of segments: literal text, and each placeholder filled from `fields`."""
    paragraphs = []
    for line in wording.replace("\r\n", "\n").split("\n"):
        if not line.strip():
            continue
        parts: list[Segment] = []
        position = 0
        for match in _TOKEN.finditer(line):
            if match.group(1) not in FIELD_KINDS:
                continue  # validation refuses these; leftovers stay literal text
            if match.start() > position:
                parts.append(Segment(line[position : match.start()], "text"))
            name = match.group(1)
            parts.append(Segment(fields[name], FIELD_KINDS[name]))
            position = match.end()
        if position < len(line):
            parts.append(Segment(line[position:], "text"))
        paragraphs.append(parts)
    return paragraphs


def plain_text(paragraphs: list[list[Segment]]) -> str:
    return "\n".join("".join(s.text for s in parts) for parts in paragraphs)


def validate(form: dict[str, str]) -> dict[str, str]:
    """Clean the values staff submitted; raises TemplateError with a Chinese message."""
    values = {key: str(form.get(key, "")).strip() for key in LIMITS}
    values["national_line"] = str(form.get("national_line", "")).strip()
    values["wording"] = "\n".join(
        line.strip() for line in values["wording"].replace("\r\n", "\n").split("\n")
    ).strip()
    if not values["title"]:
        raise TemplateError(_("证书标题不能为空"))
    if not values["issuer"]:
        raise TemplateError(_("颁发单位不能为空"))
    for key, limit in LIMITS.items():
        if len(values[key]) > limit:
            raise TemplateError(_("%(field)s最多 %(limit)s 个字符", field=LABELS[key], limit=limit))
    if len(values["national_line"]) > 60:
        raise TemplateError(_("全国推荐说明最多 60 个字符"))
    unknown = [t for t in _TOKEN.findall(values["wording"]) if t not in FIELD_KINDS]
    if unknown:
        raise TemplateError(
            _(
                "证书正文中有未知的占位符：%(names)s。可用：%(allowed)s",
                names="、".join("{" + t + "}" for t in unknown),
                allowed="、".join("{" + p + "}" for p in PLACEHOLDERS),
            )
        )
    missing = [p for p in REQUIRED if "{" + p + "}" not in values["wording"]]
    if missing:
        raise TemplateError(
            _("证书正文必须包含 %(names)s", names="、".join("{" + p + "}" for p in missing))
        )
    if not _PREFIX.match(values["number_prefix"]):
        raise TemplateError(_("编号前缀只能包含字母、数字、汉字、下划线和连字符"))
    return values


def store(contest: Contest, values: dict[str, str]) -> dict[str, Any]:
    """Write values into the contest's settings; returns what changed (for the audit log)."""
    settings = copy.deepcopy(merged(contest.settings))
    section = dict(settings.get(SECTION) or {})
    values = {k: v for k, v in values.items() if k in DEFAULTS}  # never the contest's month
    changed = {k: v for k, v in values.items() if settings_of(contest).get(k) != v}
    section.update(values)
    settings[SECTION] = section
    contest.settings = settings  # a new dict, so SQLAlchemy sees the JSON change
    return changed


IMAGE_TYPES = {"PNG": ".png", "JPEG": ".jpg"}


def save_background(folder: Path, data: bytes, *, old: str = "") -> str:
    """Check an uploaded PNG or JPEG, keep it under `folder`; returns its file name."""
    import io

    from PIL import Image, UnidentifiedImageError

    try:
        with Image.open(io.BytesIO(data)) as image:
            kind = image.format or ""
            image.verify()
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError) as error:
        raise TemplateError(_("背景图无法识别，请上传 PNG 或 JPEG 图片")) from error
    if kind not in IMAGE_TYPES:
        raise TemplateError(_("背景图只支持 PNG 或 JPEG 格式"))
    folder.mkdir(parents=True, exist_ok=True)
    # A fresh name each time, so no reader ever sees a half-written file.
    name = f"background-{secrets.token_hex(6)}{IMAGE_TYPES[kind]}"
    (folder / name).write_bytes(data)
    remove_background(folder, old)
    return name


def remove_background(folder: Path, name: str) -> None:
    if name:
        (folder / Path(name).name).unlink(missing_ok=True)
