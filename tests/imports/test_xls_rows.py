"""The .xls reader's handling of xlrd's ragged rows: hidden rows, limits, cell types.

No .xls writer is used (xlwt is not a dependency): a stand-in sheet gives what xlrd gives.
"""

from __future__ import annotations

from types import SimpleNamespace

import pytest
import xlrd

from contest.spreadsheets import Unreadable
from contest.spreadsheets.grid import Budget, Grid
from contest.spreadsheets.xls import _sheet

TEXT, NUMBER, DATE, BOOLEAN, ERROR, EMPTY = (
    xlrd.XL_CELL_TEXT, xlrd.XL_CELL_NUMBER, xlrd.XL_CELL_DATE, xlrd.XL_CELL_BOOLEAN,
    xlrd.XL_CELL_ERROR, xlrd.XL_CELL_EMPTY,
)  # fmt: skip


def _read(rows: list[list[tuple[int, object]]], hidden: tuple[int, ...] = ()):
    sheet = SimpleNamespace(
        nrows=len(rows),
        rowinfo_map={r: SimpleNamespace(hidden=1) for r in hidden},
        row_types=lambda r: [kind for kind, _ in rows[r]],
        row_values=lambda r: [value for _, value in rows[r]],
    )
    return _sheet(SimpleNamespace(datemode=0), sheet, Grid("名单", Budget()))


def test_xls_cells_read_as_pandas_gave_them_and_hidden_rows_blank():
    rows = [
        [(TEXT, "企业名称"), (TEXT, "班组名称"), (TEXT, "班组人数")],
        [(TEXT, "甲公司"), (TEXT, "一班"), (NUMBER, 12.0)],
        [(TEXT, "示例公司"), (TEXT, "示例班"), (NUMBER, 3.0)],
        [(TEXT, "乙公司"), (BOOLEAN, 1), (DATE, 44032.0), (ERROR, 0x2A), (EMPTY, "")],
    ]
    sheet = _read(rows, hidden=(2,))
    assert sheet.rows == [
        ["企业名称", "班组名称", "班组人数", ""],
        ["甲公司", "一班", "12", ""],
        ["", "", "", ""],
        ["乙公司", "True", "2020-07-20 00:00:00", "#N/A"],
    ]
    assert sheet.hidden_rows == (3,)


def test_an_xls_cell_in_column_iv_is_refused_naming_it():
    rows = [[(TEXT, "企业名称"), *([(EMPTY, "")] * 254), (TEXT, "x")]]
    with pytest.raises(Unreadable) as refused:
        _read(rows)
    assert refused.value.message.startswith(
        "工作表「名单」的单元格 IV1 有内容，超出了导入读取的范围"
    )
