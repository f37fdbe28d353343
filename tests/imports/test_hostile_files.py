"""Hostile spreadsheets are refused at once, in Chinese, naming the cell; nothing written.

Before, pandas padded every row of a sheet with XFD1 filled to 16,384 columns (300 rows: 1.8 s
and 270 MB; 2,000 rows: 5.8 s and 1.2 GB), and a CSV field over 128 KiB raised `_csv.Error`.
"""

from __future__ import annotations

import io
import re
import time

import pytest

from contest.imports import ImportRefused, run_import
from contest.imports.reader import read_sheets
from contest.spreadsheets.grid import MAX_CELLS
from tests.conftest import sign_in
from tests.imports.files import counts, new_contest, teams_of
from tests.imports.hostile import HEADER, many_rows, padded, patched, with_dimension, workbook

BEYOND = (
    "超出了导入读取的范围（前 5000 行、前 100 列，即 A 到 CV 列）；请删去表格以外的内容"
    "（或只把表格复制到新的工作簿），行数过多时请拆分成几个文件分批导入"
)


@pytest.fixture
def contest(app):
    return new_contest("第一分会场")


def _refusal(contest, data: bytes, filename: str) -> list[str]:
    before = counts()
    with pytest.raises(ImportRefused) as refused:
        run_import("teams", contest_id=contest.id, data=data, filename=filename, actor="test")
    assert counts() == before
    assert teams_of(contest) == []
    return [str(p) for p in refused.value.report.sorted_errors()]


def test_a_workbook_padded_to_column_xfd_is_refused_at_once_naming_the_cell(contest):
    data = padded(300)
    started = time.process_time()
    errors = _refusal(contest, data, "报名表.xlsx")
    assert time.process_time() - started < 3.0  # CPU time: a busy machine does not move it
    assert errors == [f"整个文件：工作表「Sheet1」的单元格 XFD1 有内容，{BEYOND}"]


def test_twenty_thousand_rows_are_refused_at_row_5001_before_the_rest_is_read(contest):
    data = many_rows(20_000)
    started = time.process_time()
    errors = _refusal(contest, data, "报名表.xlsx")
    # ~0.4 s on a quiet machine (20,000 strings loaded, 5,000 rows walked); reading the whole
    # sheet took minutes before. The bound leaves room for a machine running the suite.
    assert time.process_time() - started < 15.0
    assert errors == [f"整个文件：工作表「Sheet1」的单元格 A5001 有内容，{BEYOND}"]


def test_a_styled_but_empty_xfd1_costs_nothing_and_the_form_imports(contest):
    started = time.process_time()
    [sheet] = read_sheets(padded(3, styled_only=True), "报名表.xlsx")
    assert time.process_time() - started < 3.0  # CPU time: a busy machine does not move it
    assert sheet == [
        [*HEADER, "分会场", "形式", "序号"],
        ["公司0", "班组0", "5", "", "", ""],
        ["公司1", "班组1", "5", "", "", ""],
        ["公司2", "班组2", "5", "", "", ""],
    ]


@pytest.mark.parametrize("declared", ["A1:XFD1048576", "A1:A1", "A1"])
def test_the_declared_dimension_is_never_trusted(declared):
    rows = [HEADER, *([f"公司{i}", f"班组{i}", i + 1] for i in range(30))]
    data = with_dimension(workbook(rows), declared)
    started = time.process_time()
    [sheet] = read_sheets(data, "报名表.xlsx")
    assert time.process_time() - started < 15.0
    assert sheet == [[str(cell) for cell in row] for row in rows]


def test_a_csv_field_over_128_kib_is_refused_with_422_and_nothing_written(client, staff, contest):
    sign_in(client, "admin")
    url = f"/admin/contests/{contest.id}/import/teams"
    page = client.get(url).get_data(as_text=True)
    csrf = re.search(r'name="csrf_token" value="([^"]+)"', page).group(1)
    data = ("企业名称,班组名称,班组人数\n甲公司," + "班" * (128 * 1024 + 1) + ",5\n").encode()
    before = counts()
    response = client.post(
        url,
        data={"csrf_token": csrf, "file": (io.BytesIO(data), "报名表.csv")},
        content_type="multipart/form-data",
    )
    assert response.status_code == 422
    assert (
        "CSV 文件第 2 行过长：一格最多 32767 个字符；请检查这一行是否粘贴了多余的内容，"
        "或用 Excel 打开后另存为 .xlsx 再导入"
    ) in response.get_data(as_text=True)
    assert counts() == before


def test_a_csv_quoted_field_over_128_kib_across_lines_is_refused(contest):
    field = "\n".join(["班" * 1000] * 140)  # 140 short lines inside one quoted field
    data = f'企业名称,班组名称,班组人数\n甲公司,"{field}",5\n'.encode()
    assert _refusal(contest, data, "报名表.csv") == [
        "整个文件：CSV 文件第 2 行过长：一格最多 32767 个字符；请检查这一行是否粘贴了"
        "多余的内容，或用 Excel 打开后另存为 .xlsx 再导入"
    ]


def test_a_csv_cell_longer_than_excel_allows_is_refused_naming_it(contest):
    data = ("企业名称,班组名称,班组人数\n甲公司," + "班" * 40_000 + ",5\n").encode()
    assert _refusal(contest, data, "报名表.csv") == [
        "整个文件：单元格 B2 有 40000 个字符，超过一格 32767 个字符的上限；"
        "请检查这一格是否粘贴了多余的内容，删去后再导入"
    ]


def test_a_csv_line_of_a_million_commas_is_refused_before_it_is_split(contest):
    data = ("企业名称,班组名称,班组人数\n" + "," * 1_000_000 + "x\n").encode()
    started = time.process_time()
    errors = _refusal(contest, data, "报名表.csv")
    assert time.process_time() - started < 15.0
    assert errors == [
        "整个文件：CSV 文件第 2 行过长：一格最多 32767 个字符；请检查这一行是否粘贴了"
        "多余的内容，或用 Excel 打开后另存为 .xlsx 再导入"
    ]


def test_a_csv_of_a_million_rows_stops_at_row_5001(contest):
    data = ("企业名称,班组名称,班组人数\n" + "a,b,5\n" * 1_000_000).encode()
    assert len(data) < 8 * 1024 * 1024
    started = time.process_time()
    errors = _refusal(contest, data, "报名表.csv")
    assert time.process_time() - started < 15.0
    assert errors == [f"整个文件：单元格 A5001 有内容，{BEYOND}"]


def test_more_filled_cells_than_any_form_are_refused(contest):
    line = ",".join(["x"] * 50) + "\n"
    data = (line * (MAX_CELLS // 50 + 1)).encode()
    assert _refusal(contest, data, "报名表.csv") == [
        "整个文件：文件中有内容的单元格超过 200,000 个，不像是一份报名表或名单；"
        "请只保留需要导入的表格，另存为新文件后再导入"
    ]


def test_a_cell_past_excel_s_last_row_is_refused_naming_it(contest):
    data = patched(workbook([HEADER, ["甲公司", "一班", 5]]), "xl/worksheets/sheet1.xml",
                   '<c r="C2"', '<c r="C99999999999999999999"')  # fmt: skip
    assert _refusal(contest, data, "报名表.xlsx") == [
        f"整个文件：工作表「Sheet1」的单元格 C99999999999999999999 有内容，{BEYOND}"
    ]


def test_a_cell_naming_a_missing_shared_string_is_refused_as_unreadable(contest):
    data = patched(workbook([HEADER, ["甲公司", "一班", 5]]), "xl/worksheets/sheet1.xml",
                   '<c r="C2" t="n"><v>5</v></c>', '<c r="C2" t="s"><v>999999</v></c>')  # fmt: skip
    assert _refusal(contest, data, "报名表.xlsx") == [
        "整个文件：工作表「Sheet1」第 2 行附近有无法读取的单元格，文件可能已损坏；"
        "请用 Excel 打开后另存为新的 .xlsx 文件再导入"
    ]
