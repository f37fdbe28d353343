"""Form 1-2 (申报表): its fields, and the checks made when a team saves or submits it.

Pure: plain strings in, cleaned values and messages out; no database. A draft keeps what was
typed (each field bounded in length) and lists what is wrong so far; a submission needs
every field filled and right. Numbers are read as Chinese input methods type them (１００,
98。5). 单位名称 is not here: it comes from the enterprise's record, as its 公章 reads, so one
enterprise is never spelled two ways.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from contest.numbers import parse_decimal, plain

MAX_TEXT = 2000  # any one field as typed, drafts included
SUMMARY_PARTS = (
    _l("班组成员组成，班组职责，主要工作内容、班组文化和愿景"),
    _l("班组基础管理情况"),
    _l("班组成员专业知识、技能培训、工具方法应用能力"),
    _l("班组质量改进和创新能力"),
    _l("班组管理特色、业绩和评价结果"),
    _l("近三年取得荣誉情况，包括班组集体和个人荣誉等"),
)
SUMMARY_MAX = 1500  # characters in one part of 简介及活动成果


@dataclass(frozen=True)
class Field:
    key: str
    label: str
    kind: str  # text, int, percent, amount, postcode, mobile, phone, email, consent
    required: bool = True
    limit: int = 100  # text: characters; int: the largest sensible value


FIELDS: tuple[Field, ...] = (
    Field("team_name", _l("质量信得过班组名称"), "text", limit=100),
    Field("member_count", _l("班组人数"), "int", limit=500),
    Field("address", _l("详细地址"), "text", limit=200),
    Field("postcode", _l("邮编"), "postcode"),
    Field("department", _l("活动归口管理部门"), "text"),
    Field("promoter_name", _l("活动推进者姓名"), "text", limit=50),
    Field("promoter_mobile", _l("活动推进者手机"), "mobile"),
    Field("promoter_phone", _l("活动推进者固定电话"), "phone", required=False),
    Field("promoter_email", _l("活动推进者 E-mail"), "email"),
    Field("completion_rate", _l("班组工作完成率%"), "percent"),
    Field("assessment_pass_rate", _l("质量考核合格率%"), "percent"),
    Field("nonconforming_rate", _l("产品/服务不合格率%"), "percent"),
    Field("first_pass_rate", _l("产品/服务一次合格率%"), "percent"),
    Field("incidents", _l("年质量、安全事故数"), "int", limit=10_000),
    Field("complaints", _l("年顾客投诉数"), "int", limit=100_000),
    Field("trained_people", _l("年培训人数"), "int", limit=100_000),
    Field("training_hours", _l("年培训时数"), "amount"),
    Field("participation_rate", _l("成员参与改进活动率%"), "percent"),
    Field("coverage_rate", _l("质量信得过班组创建普及率%"), "percent"),
    Field("quality_cost", _l("质量成本（万元/年）"), "amount"),
    *(
        Field(f"summary_{n}", SUMMARY_PARTS[n - 1], "text", limit=SUMMARY_MAX)
        for n in range(1, len(SUMMARY_PARTS) + 1)
    ),
    # 在线分享 (典型经验): both needed before a published team's summary is shown publicly.
    Field("share_team", _l("本班组同意将简介及活动成果作为典型经验在线分享"), "consent", False),
    Field("share_unit", _l("申报单位同意将简介及活动成果作为典型经验在线分享"), "consent", False),
)
BY_KEY = {field.key: field for field in FIELDS}

_MOBILE = re.compile(r"1[3-9]\d{9}")
_PHONE = re.compile(r"[0-9][0-9\- ]{5,18}[0-9](转[0-9]{1,6})?")
_EMAIL = re.compile(r"[^@\s]{1,64}@[^@\s.]+(\.[^@\s.]+)+")
_POSTCODE = re.compile(r"\d{6}")


@dataclass(frozen=True)
class Checked:
    """What a save keeps (`values`: text as typed, trimmed) and what is wrong, by field."""

    values: dict[str, str]
    errors: dict[str, str]

    @property
    def ok(self) -> bool:
        return not self.errors


def check(typed: dict[str, str], *, submitting: bool) -> Checked:
    """Each field trimmed and checked; a submission also needs every required field."""
    values = {f.key: str(typed.get(f.key) or "").strip()[:MAX_TEXT] for f in FIELDS}
    for field in FIELDS:
        if field.kind == "consent":  # a ticked box, or not: nothing else is kept
            values[field.key] = "1" if values[field.key] in ("1", "on", "true") else ""
    errors: dict[str, str] = {}
    for field in FIELDS:
        text = values[field.key]
        if not text:
            if submitting and field.required:
                errors[field.key] = _("请填写%(label)s", label=field.label)
            continue
        problem = _problem(field, text)
        if problem:
            errors[field.key] = problem
    errors.update(_consistency(values, errors))
    return Checked(values, errors)


def _problem(field: Field, text: str) -> str | None:
    if field.kind == "consent":
        return None
    if field.kind == "text":
        if len(text) > field.limit:
            return _(
                "%(label)s最多 %(n)s 字，现有 %(m)s 字；请删减后再保存",
                label=field.label,
                n=field.limit,
                m=len(text),
            )
        return None
    if field.kind in ("int", "percent", "amount"):
        return _number_problem(field, text)
    pattern, message = {
        "postcode": (_POSTCODE, _("邮编应为 6 位数字，例如 200040")),
        "mobile": (_MOBILE, _("手机号码应为 11 位数字，以 1 开头，例如 13812345678")),
        "phone": (_PHONE, _("固定电话请写成 021-12345678 的形式，分机可写“转 123”")),
        "email": (_EMAIL, _("E-mail 格式不对，例如 zhangsan@example.com")),
    }[field.kind]
    return None if pattern.fullmatch(re.sub(r"\s*转\s*", "转", text)) else message


def _number_problem(field: Field, text: str) -> str | None:
    number = parse_decimal(text.removesuffix("%").removesuffix("％"))
    if number is None:
        return _("%(label)s请填写数字，例如 98.5", label=field.label)
    if field.kind == "percent":
        if not Decimal(0) <= number <= Decimal(100):
            return _(
                "%(label)s应在 0 到 100 之间，现为 %(value)s；请按百分数填写（98.5 表示 98.5%%）",
                label=field.label,
                value=plain(number),
            )
        if number != number.quantize(Decimal("0.01")):
            return _("%(label)s最多保留两位小数", label=field.label)
        return None
    if number < 0:
        return _("%(label)s不能为负数", label=field.label)
    if field.kind == "int":
        if number != number.to_integral_value():
            return _("%(label)s应为整数", label=field.label)
        if number > field.limit:
            return _(
                "%(label)s %(value)s 超出合理范围（不超过 %(n)s）；请核对",
                label=field.label,
                value=plain(number),
                n=field.limit,
            )
        return None
    if number != number.quantize(Decimal("0.01")):
        return _("%(label)s最多保留两位小数", label=field.label)
    return None


def number(values: dict[str, str], key: str) -> Decimal | None:
    """A checked number field's value (None when empty)."""
    text = values.get(key, "")
    return parse_decimal(text.removesuffix("%").removesuffix("％")) if text else None


def _consistency(values: dict[str, str], errors: dict[str, str]) -> dict[str, str]:
    """Rules between fields, checked once each field on its own is right."""
    found: dict[str, str] = {}
    first, bad = number(values, "first_pass_rate"), number(values, "nonconforming_rate")
    rates_checked = not errors.keys() & {"first_pass_rate", "nonconforming_rate"}
    if first is not None and bad is not None and rates_checked and first + bad > 100:
        found["nonconforming_rate"] = _(
            "产品/服务一次合格率 %(first)s%% 与不合格率 %(bad)s%% 之和超过 100%%："
            "最终不合格的只能出自未一次合格的部分；请核对这两项",
            first=plain(first),
            bad=plain(bad),
        )
    people, hours = number(values, "trained_people"), number(values, "training_hours")
    if people == 0 and hours and "training_hours" not in errors:
        found["training_hours"] = _("年培训人数为 0 时，年培训时数也应为 0；请核对")
    return found
