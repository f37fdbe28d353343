"""Blank forms to download for each import, in the notice's shapes, for THIS contest.

Teams: form 2-3 (title, the 推荐行业/各区/集团（盖章） line, 序号/企业名称/班组名称/班组人数
plus 分会场 and 形式, the 总计 row, the footer). Judges: form 2-3's 评委名单 plus 分会场,
评委组长 and 回避单位. Scores: one row per judge and team, a column per score item and 总分,
or 总分 only. Above each header a note row says what goes in each column. Every text
cell is written through `contest.exports.safety.put`, so a name never becomes a formula.
"""

from __future__ import annotations

import io

from flask_babel import gettext as _

from contest.exports.safety import display_width, put
from contest.imports.venues import accepted_names
from contest.models import Contest

BLANK_ROWS = 20
VARIANTS = {"teams": ("",), "judges": ("",), "scores": ("", "total")}
_STAMP_LINE = "推荐行业/各区/集团（盖章）："


def _venue_note(contest: Contest) -> str:
    venues = list(contest.venues)
    if len(venues) <= 1:
        return _("只有一个分会场时可不填")
    return _("必填；可填全称、简称或代码：%(names)s", names=accepted_names(venues))


def _teams(contest: Contest) -> tuple[str, list[tuple[str, str]], list[str], list[str]]:
    columns = [
        ("序号", _("可选，1、2、3……")),
        ("企业名称", _("必填，与公章完全一致")),
        ("班组名称", _("必填，班组全称，不挂上级部门")),
        ("班组人数", _("必填，正整数")),
        ("分会场", _venue_note(contest)),
        ("形式", _("现场 或 线上；不填为现场")),
    ]
    above = [_STAMP_LINE]
    below = [
        _("填表人："),
        _("电话："),
        _("填表日期："),
        _(
            "注：1. 在“推荐行业/各区/集团（盖章）：”之后填写推荐单位全称，它适用于本表每一行。"
            "2. 每个推荐单位一个工作表：复制本工作表即可，隐藏的工作表不会导入。"
            "3. 行不够时，在“班组人数总计”一行之上插入行。"
        ),
    ]
    return _("%(name)s · 推荐表（附件 2-3）", name=contest.name), columns, above, below


def _judges(contest: Contest) -> tuple[str, list[tuple[str, str]], list[str], list[str]]:
    columns = [
        ("姓名", _("必填")),
        ("工作单位", _("必填；与参赛企业名称完全相同时自动回避")),
        ("TGQ 评委证书号", _("必填，不可重复")),
        ("通讯地址", _("可选，不导入")),
        ("邮编", _("可选，不导入")),
        ("手机", _("可选")),
        ("分会场", _venue_note(contest)),
        ("评委组长", _("组长填“是”，其他留空")),
        ("回避单位", _("可选；需回避的企业名称，多个用顿号隔开")),
    ]
    below = [_("填表人："), _("电话："), _("填表日期：")]
    return _("%(name)s · 评委名单", name=contest.name), columns, [], below


def _scores(contest: Contest, variant: str) -> tuple[str, list[tuple[str, str]], list, list]:
    columns = [
        ("评委", _("必填：评委姓名，或“评委3”这样的评委号")),
        ("企业名称", _("必填，与班组名单完全一致")),
        ("班组名称", _("必填，与班组名单完全一致")),
    ]
    if variant != "total":
        columns += [
            (item.name, _("0 到 %(max)s，步长 %(step)s", max=item.maximum, step=item.step))
            for item in contest.items
        ]
        columns.append(("总分", _("可不填；填写时须等于各项之和")))
        title = _("%(name)s · 评分录入表（各评分项）", name=contest.name)
    else:
        maximum = sum(item.maximum for item in contest.items)
        columns.append(("总分", _("必填，0 到 %(max)s", max=maximum)))
        title = _("%(name)s · 评分录入表（只填总分）", name=contest.name)
    return title, columns, [], [_("录入人："), _("录入日期：")]


def blank_form(contest: Contest, kind: str, variant: str = "") -> tuple[str, bytes]:
    """The file name and the bytes of the blank .xlsx for one import of this contest."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
    from openpyxl.utils import get_column_letter

    if kind == "teams":
        title, columns, above, below = _teams(contest)
    elif kind == "judges":
        title, columns, above, below = _judges(contest)
    else:
        title, columns, above, below = _scores(contest, variant)
    book = Workbook()
    ws = book.active
    ws.title = {"teams": "推荐表", "judges": "评委名单", "scores": "评分"}[kind]
    put(ws, 1, 1, title).font = Font(bold=True, size=14)
    row = 2
    for line in above:
        put(ws, row, 1, line).font = Font(bold=True)
        row += 1
    thin = Side(style="thin", color="999999")
    box = Border(left=thin, right=thin, top=thin, bottom=thin)
    for column, (header, note) in enumerate(columns, 1):
        cell = put(ws, row, column, note)
        cell.font = Font(size=9, color="555555")
        cell.alignment = Alignment(wrap_text=True, vertical="top")
        cell = put(ws, row + 1, column, header)
        cell.font = Font(bold=True)
        cell.fill = PatternFill("solid", fgColor="E8EEF7")
        cell.border = box
        width = max(display_width(header) + 4, min(display_width(note) // 2 + 2, 30), 10)
        ws.column_dimensions[get_column_letter(column)].width = width
    ws.row_dimensions[row].height = 48
    first = row + 2
    for r in range(first, first + BLANK_ROWS):
        for column in range(1, len(columns) + 1):
            ws.cell(row=r, column=column).border = box
    row = first + BLANK_ROWS
    if kind == "teams":
        put(ws, row, 3, "班组人数总计").font = Font(bold=True)
        row += 1
    for line in below:
        row += 1
        put(ws, row, 1, line)
    ws.freeze_panes = ws.cell(row=first, column=1)
    out = io.BytesIO()
    book.save(out)
    suffix = {"": "", "total": _("（只填总分）")}[variant]
    name = {"teams": _("班组推荐表"), "judges": _("评委名单"), "scores": _("评分录入表")}[kind]
    return f"{name}{suffix}.xlsx", out.getvalue()
