"""#13 item 4, the rest: hidden columns read blank; formulas in an old .xls found by cell.

A hidden column with a header the import knows (an old 班组名称 left in the form, hidden)
was read before and could win over the visible one; an .xls formula was imported with no
word. The .xls files are written by xlwt, as an old Excel writes them (BIFF8).
"""

from __future__ import annotations

import io
import struct

import openpyxl
import pytest
import xlwt

from contest.imports import ImportRefused, check_import, run_import
from contest.spreadsheets import read
from tests.imports.files import counts, new_contest, teams_of
from tests.imports.hostile import HEADER

HIDDEN_COLUMN_B = "整个文件：第 B 列是隐藏列，未导入；如需导入，请在 Excel 中取消隐藏后重新上传"


@pytest.fixture
def contest(app):
    return new_contest("第一分会场")


def _check(contest, data: bytes, filename: str):
    before = counts()
    plan = check_import(
        "teams", contest_id=contest.id, data=data, filename=filename, actor="t", staff_id=None
    )
    assert counts() == before
    return plan


def _xlsx_with_an_old_column_hidden() -> bytes:
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["企业名称", "班组名称", "班组名称", "班组人数"])
    sheet.append(["上海华谊（集团）公司", "旧名：运行三班", "丙烯酸装置运行三班", 12])
    sheet.append(["宝山钢铁股份有限公司", "旧名：冷轧班", "冷轧厂  精整一班", 9])
    sheet.column_dimensions["B"].hidden = True
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def test_a_hidden_column_reads_blank_and_is_named_in_a_warning(contest):
    data = _xlsx_with_an_old_column_hidden()
    sheet = read(data, "报名表.xlsx").sheets[0]
    assert sheet.rows[1] == ["上海华谊（集团）公司", "", "丙烯酸装置运行三班", "12"]
    assert sheet.hidden_columns == ("B",)

    plan = _check(contest, data, "报名表.xlsx")
    assert [r.values[1:3] for r in plan.rows] == [
        ("上海华谊（集团）公司", "丙烯酸装置运行三班"),
        ("宝山钢铁股份有限公司", "冷轧厂  精整一班"),
    ]
    assert plan.report.errors == []
    assert [str(w) for w in plan.report.warnings] == [
        HIDDEN_COLUMN_B,
        "第 3 行 · 列「班组名称」：「冷轧厂  精整一班」第 3 个字之后有连续空格，请核对",
    ]
    before = counts()
    with pytest.raises(ImportRefused):  # a warning: staff confirm it first
        run_import("teams", contest_id=contest.id, data=data, filename="a.xlsx", actor="t")
    assert counts() == before
    run_import(
        "teams", contest_id=contest.id, data=data, filename="a.xlsx", actor="t", confirm=True
    )
    assert [(t.company_name, t.team_name, t.member_count) for t in teams_of(contest)] == [
        ("上海华谊（集团）公司", "丙烯酸装置运行三班", 12),
        ("宝山钢铁股份有限公司", "冷轧厂  精整一班", 9),
    ]


def _xls(rows, *, hidden_rows=(), hidden_columns=()) -> bytes:
    book = xlwt.Workbook(encoding="utf-8")
    sheet = book.add_sheet("推荐表")
    for r, row in enumerate(rows):
        for c, value in enumerate(row):
            if isinstance(value, str) and value.startswith("="):
                sheet.write(r, c, xlwt.Formula(value[1:]))
            elif value is not None:
                sheet.write(r, c, value)
    for r in hidden_rows:
        sheet.row(r - 1).hidden = True
    for c in hidden_columns:
        sheet.col(c - 1).hidden = True
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def test_an_xls_formula_is_named_by_cell_and_hidden_rows_and_columns_read_blank(contest):
    rows = [
        [*HEADER, "备注"],
        ["甲公司", "一班", 5, "内部"],
        ["示例公司", "示例班", 3, None],
        ["甲公司", "二班", "=C2+1", None],
        ["乙公司", '="三"&"班"', 7, None],
    ]
    # C5 as Excel saves it, with the number it showed; B5 as a program writes it, with none.
    data = _with_saved_result(_xls(rows, hidden_rows=(3,), hidden_columns=(4,)), 4, 3, 6.0)
    sheet = read(data, "推荐表.xls").sheets[0]
    assert [(f.reference, f.cached) for f in sheet.formulas] == [("C4", True), ("B5", False)]
    assert (sheet.hidden_rows, sheet.hidden_columns) == ((3,), ("D",))

    plan = _check(contest, data, "推荐表.xls")
    assert [(r.number, r.values[1:4]) for r in plan.rows] == [
        (2, ("甲公司", "一班", "5")),
        (4, ("甲公司", "二班", "6")),
    ]  # row 5 is in error: no 班组名称
    assert [str(e) for e in plan.report.errors] == [
        "第 5 行 · 列「班组名称」：单元格 B5 是公式，但文件中没有保存它的计算结果"
        "（文件可能由程序生成）；请用 Excel 打开并保存后重新上传，或把这些单元格"
        "“选择性粘贴为数值”",
        "第 5 行 · 列「班组名称」：请填写班组名称",
    ]
    assert [str(w) for w in plan.report.warnings] == [
        "整个文件：第 3 行是隐藏行，未导入；如需导入，请在 Excel 中取消隐藏后重新上传",
        "整个文件：第 D 列是隐藏列，未导入；如需导入，请在 Excel 中取消隐藏后重新上传",
        "第 4 行 · 列「班组人数」：单元格 C4 是公式，导入的是文件保存时显示的结果；"
        "请在预览中核对，或把这些单元格“选择性粘贴为数值”后重新上传",
    ]
    before = counts()
    with pytest.raises(ImportRefused):
        run_import(
            "teams", contest_id=contest.id, data=data, filename="a.xls", actor="t", confirm=True
        )
    assert counts() == before


def _with_saved_result(data: bytes, row: int, column: int, value: float) -> bytes:
    """Put in an .xls FORMULA record the number Excel would have saved as its result."""
    at = -1
    for length in range(20, 200):  # the record: type, length, row, column, xf, result ...
        at = data.find(struct.pack("<HHHH", 0x0006, length, row - 1, column - 1))
        if at >= 0:
            break
    assert at >= 0
    result = at + 10
    return data[:result] + struct.pack("<d", value) + data[result + 8 :]


def test_a_workbook_naming_a_local_file_as_an_entity_never_reads_it(contest, tmp_path):
    """XXE: python-docx brings lxml, which openpyxl would use and which resolves external
    entities; the app keeps openpyxl on the standard library's parser (contest/__init__.py)."""
    import zipfile

    import openpyxl.xml

    assert openpyxl.xml.LXML is False
    secret = tmp_path / "secret.txt"
    secret.write_text("TOP-SECRET-KEY", encoding="utf-8")
    book = openpyxl.Workbook()
    book.active.append(["企业名称", "班组名称", "班组人数"])
    book.active.append(["甲公司", "一班", 5])
    plain = io.BytesIO()
    book.save(plain)
    out = io.BytesIO()
    with zipfile.ZipFile(plain) as source, zipfile.ZipFile(out, "w") as target:
        for item in source.infolist():
            data = source.read(item.filename)
            if item.filename == "xl/worksheets/sheet1.xml":
                text = data.decode("utf-8")
                text = text.replace(
                    "<worksheet ",
                    f'<!DOCTYPE worksheet [<!ENTITY x SYSTEM "file://{secret}">]><worksheet ',
                    1,
                )
                text = text.replace(">一班<", ">&x;<")
                data = text.encode("utf-8")
            target.writestr(item, data)
    try:
        plan = _check(contest, out.getvalue(), "报名表.xlsx")
    except Exception as refused:  # refused as unreadable: nothing was read either
        assert "TOP-SECRET-KEY" not in str(refused)
        return
    seen = [value for row in plan.rows for value in row.values]
    assert not any("TOP-SECRET-KEY" in str(value) for value in seen)
    assert "TOP-SECRET-KEY" not in " ".join(str(n) for n in plan.report.errors)
