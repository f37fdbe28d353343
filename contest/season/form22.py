"""Form 2-2 (活动统计表) of a 推荐单位: its fields and checks, and the reconciliation with what
the 推荐单位 actually did in the system (the cross-check no anchor does).

Pure, like form12: text in, checked values and messages out.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from contest.numbers import parse_decimal, plain


@dataclass(frozen=True)
class Field:
    key: str
    label: str
    kind: str  # count, amount, text, date, yesno, forms
    unit: str = ""
    required: bool = True


COUNTS = (
    Field("enterprises", _l("本年度开展质量信得过班组企业数"), "count", "个"),
    Field("teams", _l("本年度开展质量信得过班组数"), "count", "个"),
    Field("teams_total", _l("历年质量信得过班组累计数"), "count", "个"),
    Field("employees", _l("本年度参与质量信得过班组活动员工数"), "count", "人次"),
    Field("recommended", _l("本年度推荐上海市质量信得过班组数"), "count", "个"),
    Field(
        "funding",
        _l("本年度对质量信得过班组活动经费投入（培训、交流、规范化等）"),
        "amount",
        "万元",
    ),
    Field("rewards", _l("本年度对质量信得过班组活动奖励费用"), "amount", "万元"),
)
FORMS = (_l("发表评审"), _l("资料评审"), _l("现场评审"), _l("与 QC 小组合开"), _l("单独举办"))
OTHER = (
    Field("features", _l("本年度开展质量信得过班组主要特点与问题"), "text"),
    Field("held", _l("是否组织发表会"), "yesno"),
    Field("registered", _l("发表会报名班组数"), "count", "个", required=False),
    Field("presented", _l("发表班组数"), "count", "个", required=False),
    Field("meeting_date", _l("发表会时间"), "text", required=False),
    Field("meeting_place", _l("发表会地点"), "text", required=False),
    Field("attendees", _l("参会人数"), "count", "人", required=False),
    Field("department", _l("质量信得过班组工作归口部门及负责人"), "text"),
    Field("contact", _l("联系人"), "text"),
    Field("mobile", _l("手机"), "text"),
    Field("email", _l("邮箱"), "text"),
    Field("address", _l("通信地址"), "text"),
    Field("postcode", _l("邮编"), "text"),
)
FIELDS = COUNTS + OTHER
MAX_TEXT = 1000


def check(typed: dict[str, str], forms: list[str]) -> tuple[dict, dict[str, str]]:
    """The values (text as typed, trimmed; 评审及交流形式 as a list) and what is wrong."""
    values: dict = {f.key: str(typed.get(f.key) or "").strip()[:MAX_TEXT] for f in FIELDS}
    known = [str(f) for f in FORMS]
    values["forms"] = [f for f in forms if f in known]
    errors: dict[str, str] = {}
    held = values["held"] == "yes"
    for field in FIELDS:
        text = values[field.key]
        needed = field.required or (held and field.key in _MEETING)
        if not text:
            if needed:
                errors[field.key] = _("请填写%(label)s", label=field.label)
            continue
        if field.kind in ("count", "amount"):
            number = parse_decimal(text)
            if number is None or number < 0:
                errors[field.key] = _("%(label)s应为不小于 0 的数字", label=field.label)
            elif field.kind == "count" and number != number.to_integral_value():
                errors[field.key] = _("%(label)s应为整数", label=field.label)
            elif field.kind == "amount" and number != number.quantize(parse_decimal("0.01")):
                errors[field.key] = _("%(label)s最多保留两位小数", label=field.label)
        if field.kind == "yesno" and text not in ("yes", "no"):
            errors[field.key] = _("请选择是否组织发表会")
    if not values["forms"]:
        errors["forms"] = _("请勾选质量信得过班组评审及交流形式（可多选）")
    if values["mobile"] and not re.fullmatch(r"1[3-9]\d{9}", values["mobile"]):
        errors["mobile"] = _("手机号码应为 11 位数字，以 1 开头，例如 13812345678")
    if values["postcode"] and not re.fullmatch(r"\d{6}", values["postcode"]):
        errors["postcode"] = _("邮编应为 6 位数字，例如 200040")
    errors.update(_between(values, errors))
    return values, errors


_MEETING = {"registered", "presented", "meeting_date", "meeting_place", "attendees"}


def _number(values: dict, key: str):
    return parse_decimal(values.get(key, "")) if values.get(key) else None


def _between(values: dict, errors: dict[str, str]) -> dict[str, str]:
    found = {}
    teams, total = _number(values, "teams"), _number(values, "teams_total")
    checked = not errors.keys() & {"teams", "teams_total"}
    if checked and teams is not None and total is not None and total < teams:
        found["teams_total"] = _(
            "历年累计数 %(total)s 小于本年度开展的班组数 %(teams)s；请核对",
            total=plain(total),
            teams=plain(teams),
        )
    registered, presented = _number(values, "registered"), _number(values, "presented")
    counted = not errors.keys() & {"registered", "presented"}
    if counted and registered is not None and presented is not None and presented > registered:
        found["presented"] = _("发表班组数不能多于报名班组数；请核对")
    return found


def reconcile(values: dict, recommended: int) -> str | None:
    """Item 5 against the applications this 推荐单位 actually recommended (a message, or None)."""
    stated = _number(values, "recommended")
    if stated is None or stated == recommended:
        return None
    return _(
        "统计表第 5 项“本年度推荐上海市质量信得过班组数”填写为 %(stated)s，"
        "而本单位在系统中实际推荐了 %(actual)s 个；请核对后再提交",
        stated=plain(stated),
        actual=recommended,
    )
