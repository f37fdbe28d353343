"""Team and judge names that are markup, template syntax or a spreadsheet formula.

A team is entitled to any name on its seal; these must come out exactly as typed, as text,
on every screen, certificate and export, and never run.
"""

from __future__ import annotations

from io import BytesIO

import openpyxl

SCRIPT = "<script>alert(1)</script>"
IMG = "<img src=x onerror=alert(1)>"
SVG = "\"'><svg onload=alert(1)>"
TEMPLATE = "{{7*7}}"
FORMULA = '=HYPERLINK("http://evil.example","点此")'

UNIT = "上海市<b>质量</b>协会推荐"
# (企业名称, 班组名称)
TEAMS = [
    (f"{SCRIPT}上海安全测试有限公司", f"{IMG}质检班"),
    (f"{SVG}上海测试集团公司", f"{TEMPLATE}攻关组"),
    (FORMULA, SCRIPT),
]
JUDGES = [SCRIPT, IMG, SVG, TEMPLATE, FORMULA]


def xlsx(rows: list[list[object]]) -> bytes:
    """A workbook as people type it: text cells stay text even when they start with "="."""
    book = openpyxl.Workbook()
    sheet = book.active
    for r, row in enumerate(rows, 1):
        for c, value in enumerate(row, 1):
            cell = sheet.cell(row=r, column=c, value=value)
            if isinstance(value, str):
                cell.data_type = "s"  # openpyxl would otherwise store "=…" as a formula
    buffer = BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def teams_file() -> bytes:
    header = ["序号", "推荐单位", "企业名称", "班组名称", "班组人数", "发表形式"]
    rows = [[n, UNIT, company, team, 8, "线下"] for n, (company, team) in enumerate(TEAMS, 21)]
    return xlsx([header, *rows])


def judges_file() -> bytes:
    header = ["姓名", "工作单位", "TGQ 评委证书号", "手机"]
    rows = [
        [name, "上海市质量协会", f"TGQ-2026-{n:03d}", f"1390000{n:04d}"]
        for n, name in enumerate(JUDGES, 101)
    ]
    return xlsx([header, *rows])
