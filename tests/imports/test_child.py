"""On the live server a file is read in a child process, under a time and a memory limit.

(tests/security/test_hostile_upload_live.py uploads through serve.py itself.)
"""

from __future__ import annotations

import pytest

from contest.imports.reader import read_in_child
from contest.imports.report import ImportRefused
from contest.spreadsheets import read
from tests.imports.hostile import HEADER, padded, patched, workbook

FORMULA = 'SUBSTITUTE(B2,"一","二")'


def _form() -> bytes:
    rows = [HEADER, ["甲公司", "一班", 5], ["甲公司", f"={FORMULA}", 6], ["乙公司", "三班", 7]]
    data = workbook(rows, hidden_rows=(4,))
    return patched(data, "xl/worksheets/sheet1.xml", f'<c r="B3"><f>{FORMULA}</f><v /></c>',
                   f'<c r="B3" t="str"><f>{FORMULA}</f><v>二班</v></c>')  # fmt: skip


def _refusal(data: bytes, **limits) -> list[str]:
    with pytest.raises(ImportRefused) as refused:
        read_in_child(data, "报名表.xlsx", **limits)
    return [str(p) for p in refused.value.report.errors]


def test_the_child_reads_the_same_book_hidden_rows_and_formulas_included():
    book = read_in_child(_form(), "报名表.xlsx")
    assert book == read(_form(), "报名表.xlsx")
    [sheet] = book.sheets
    assert sheet.rows == [HEADER, ["甲公司", "一班", "5"], ["甲公司", "二班", "6"]]
    assert sheet.hidden_rows == (4,)
    assert [(f.reference, f.row, f.column, f.cached) for f in sheet.formulas] == [
        ("B3", 3, 1, True)
    ]


def test_a_refusal_in_the_child_reaches_staff_in_chinese():
    assert _refusal(padded(300)) == [
        "整个文件：工作表「Sheet1」的单元格 XFD1 有内容，超出了导入读取的范围（前 5000 行、"
        "前 100 列，即 A 到 CV 列）；请删去表格以外的内容（或只把表格复制到新的工作簿），"
        "行数过多时请拆分成几个文件分批导入"
    ]


def test_a_child_past_its_memory_limit_is_stopped_and_staff_told_what_to_do():
    assert _refusal(_form(), memory=16 * 1024 * 1024) == [
        "整个文件：读取这个文件所需的内存超出上限，已停止；文件中可能有大量空白格式或隐藏内容，"
        "请只把表格复制到新的工作簿，另存为 .xlsx 后再导入"
    ]


def test_a_child_past_its_time_limit_is_killed_and_staff_told_what_to_do():
    assert _refusal(_form(), timeout=0.05) == [
        "整个文件：读取这个文件超过 0.05 秒仍未完成，已停止；文件中可能有大量空白格式或隐藏内容，"
        "请只把表格复制到新的工作簿，另存为 .xlsx 后再导入"
    ]
