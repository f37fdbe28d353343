"""What Excel shows is what is imported: visible sheets and rows; formulas said by their cell."""

from __future__ import annotations

import io

import openpyxl
import pytest

from contest.imports import ImportRefused, check_import, run_import
from tests.imports.files import counts, new_contest, teams_of
from tests.imports.hostile import HEADER, patched, workbook

SHEET = "xl/worksheets/sheet1.xml"
HIDDEN_ROWS = "整个文件：第 3、5 行是隐藏行，未导入；如需导入，请在 Excel 中取消隐藏后重新上传"


@pytest.fixture
def contest(app):
    return new_contest("第一分会场")


def _check(contest, data: bytes):
    before = counts()
    plan = check_import(
        "teams", contest_id=contest.id, data=data, filename="报名表.xlsx", actor="t", staff_id=None
    )
    assert counts() == before
    return plan


def _names(contest) -> list[tuple[str, str, int]]:
    return [(t.company_name, t.team_name, t.member_count) for t in teams_of(contest)]


def test_a_hidden_example_sheet_with_matching_headers_is_not_imported(contest):
    book = openpyxl.Workbook()
    example = book.active
    example.title = "填表示例"
    for row in (HEADER, ["示例公司", "示例班组", 8]):
        example.append(row)
    example.sheet_state = "hidden"
    real = book.create_sheet("推荐表")
    for row in (HEADER, ["上海华谊（集团）公司", "丙烯酸装置运行三班", 12]):
        real.append(row)
    out = io.BytesIO()
    book.save(out)
    plan = _check(contest, out.getvalue())
    assert [(r.sheet, r.number, r.values[1:3]) for r in plan.rows] == [
        ("推荐表", 2, ("上海华谊（集团）公司", "丙烯酸装置运行三班"))
    ]
    assert [str(n) for n in plan.report.notes] == ["整个文件：隐藏的工作表「填表示例」未读取"]
    run_import("teams", contest_id=contest.id, data=out.getvalue(), filename="a.xlsx", actor="t")
    assert _names(contest) == [("上海华谊（集团）公司", "丙烯酸装置运行三班", 12)]


def test_hidden_rows_are_skipped_and_named_in_a_warning_staff_confirm(contest):
    rows = [HEADER, *([f"公司{i}", f"班组{i}", i] for i in range(2, 7))]  # Excel rows 2-6
    data = workbook(rows, hidden_rows=(3, 5))
    plan = _check(contest, data)
    assert [(r.number, r.values[1]) for r in plan.rows] == [
        (2, "公司2"),
        (4, "公司4"),
        (6, "公司6"),
    ]
    assert [str(w) for w in plan.report.warnings] == [HIDDEN_ROWS]
    assert plan.report.errors == []

    before = counts()
    with pytest.raises(ImportRefused) as refused:  # a warning: not without confirming
        run_import("teams", contest_id=contest.id, data=data, filename="a.xlsx", actor="t")
    assert [str(w) for w in refused.value.report.warnings] == [HIDDEN_ROWS]
    assert counts() == before
    run_import(
        "teams", contest_id=contest.id, data=data, filename="a.xlsx", actor="t", confirm=True
    )
    assert _names(contest) == [("公司2", "班组2", 2), ("公司4", "班组4", 4), ("公司6", "班组6", 6)]


def test_formula_cells_with_their_shown_value_are_warned_by_cell(contest):
    formula = 'SUBSTITUTE(B2,"一","二")'
    rows = [
        HEADER,
        ["甲公司", "一班", 5],
        ["甲公司", f"={formula}", 6],
        ["乙公司", "三班", "=C2+C3"],
    ]
    data = workbook(rows)
    # As Excel saves them: the formula and the value it showed (openpyxl keeps no value).
    data = patched(data, SHEET, f'<c r="B3"><f>{formula}</f><v /></c>',
                   f'<c r="B3" t="str"><f>{formula}</f><v>二班</v></c>')  # fmt: skip
    data = patched(data, SHEET, '<c r="C4"><f>C2+C3</f><v /></c>',
                   '<c r="C4"><f>C2+C3</f><v>11</v></c>')  # fmt: skip
    plan = _check(contest, data)
    assert [r.values[1:4] for r in plan.rows] == [
        ("甲公司", "一班", "5"),
        ("甲公司", "二班", "6"),
        ("乙公司", "三班", "11"),
    ]
    assert plan.report.errors == []
    assert [str(w) for w in plan.report.warnings] == [
        "第 3 行 · 列「班组名称」：单元格 B3 是公式，导入的是文件保存时显示的结果；"
        "请在预览中核对，或把这些单元格“选择性粘贴为数值”后重新上传",
        "第 4 行 · 列「班组人数」：单元格 C4 是公式，导入的是文件保存时显示的结果；"
        "请在预览中核对，或把这些单元格“选择性粘贴为数值”后重新上传",
    ]
    before = counts()
    with pytest.raises(ImportRefused):
        run_import("teams", contest_id=contest.id, data=data, filename="a.xlsx", actor="t")
    assert counts() == before


def test_a_formula_without_a_saved_result_is_refused_by_cell(contest):
    rows = [HEADER, ["甲公司", "一班", 5], ["甲公司", '=B2&"二"', 6], ["甲公司", "=B2", 7]]
    data = workbook(rows)  # written by a program: the formulas have no saved result
    assert [str(e) for e in _check(contest, data).report.errors] == [
        "第 3 行 · 列「班组名称」：单元格 B3、B4 是公式，但文件中没有保存它的计算结果"
        "（文件可能由程序生成）；请用 Excel 打开并保存后重新上传，或把这些单元格"
        "“选择性粘贴为数值”",
        "第 3 行 · 列「班组名称」：请填写班组名称",  # as far as the file tells, it is empty
        "第 4 行 · 列「班组名称」：请填写班组名称",
    ]
    before = counts()
    with pytest.raises(ImportRefused):
        run_import(
            "teams", contest_id=contest.id, data=data, filename="a.xlsx", actor="t", confirm=True
        )
    assert counts() == before


def test_formulas_outside_the_table_say_nothing(contest):
    """A total under the table (班组人数总计 =SUM) or in an unread column is not imported."""
    rows = [
        [*HEADER, "备注"],
        ["甲公司", "一班", 5, "=A2"],
        ["甲公司", "二班", 6, None],
        [None, "班组人数总计", "=SUM(C2:C3)"],
    ]
    plan = _check(contest, workbook(rows))
    assert (plan.report.errors, plan.report.warnings) == ([], [])
    assert [r.values[2] for r in plan.rows] == ["一班", "二班"]
