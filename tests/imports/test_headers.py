"""Header recognition and reading: headers as people type them, rows numbered as in Excel."""

from __future__ import annotations

import pytest

from contest.imports import judges, teams
from contest.imports.headers import MAX_ROWS, header_key, locate, trim
from contest.imports.reader import read_sheets
from contest.imports.report import ImportRefused
from tests.imports.files import TITLE, write_csv, write_xlsx


def _field(fields, header: str) -> str | None:
    return next((f.name for f in fields if header_key(header) in f.keys), None)


@pytest.mark.parametrize(
    ("header", "field"),
    [
        ("企业名称", "企业名称"),
        (" 企业 名称 ", "企业名称"),
        ("单位名称（公章为准）", "企业名称"),
        ("单位名称 (公章为准)", "企业名称"),
        ("单位名称\n（公章为准）", "企业名称"),
        ("质量信得过班组名称", "班组名称"),
        ("班组名称：", "班组名称"),
        ("*班组名称", "班组名称"),
        ("推荐行业/各区/集团", "推荐单位"),
        ("推荐行业／各区／集团（盖章）", "推荐单位"),
        ("推荐单位", "推荐单位"),
        ("班组人数（人）", "班组人数"),
        ("班组人数(人)", "班组人数"),
        ("班组人数【必填】", "班组人数"),
        ("分会场", "分会场"),
        ("发表形式", "发表形式"),
        ("序号", "序号"),
        ("详细地址", None),
        ("班组人数总计", None),
    ],
)
def test_team_headers_variants_are_recognised(header, field):
    assert _field(teams.FIELDS, header) == field


@pytest.mark.parametrize(
    ("header", "field"),
    [
        ("姓名", "姓名"),
        ("姓 名", "姓名"),
        ("工作单位", "工作单位"),
        ("TGQ 评委证书号", "TGQ 评委证书号"),
        ("TGQ评委证书号", "TGQ 评委证书号"),
        ("ＴＧＱ评委证书号", "TGQ 评委证书号"),
        ("tgq 评委证书号", "TGQ 评委证书号"),
        ("评委证书号", "TGQ 评委证书号"),
        ("手机", "手机"),
        ("手机号码", "手机"),
        ("回避单位", "回避单位"),
        ("回避单位（多个用顿号隔开）", "回避单位"),
        ("通讯地址", None),
        ("邮编", None),
    ],
)
def test_judge_headers_variants_are_recognised(header, field):
    assert _field(judges.FIELDS, header) == field


def test_header_below_a_title_row_is_found_with_excel_row_numbers():
    sheet = [
        [TITLE, "", "", ""],
        ["推荐行业/各区/集团（盖章）：浦东新区", "", "", ""],
        ["", "", "", ""],
        ["序号", "企业名称", "班组名称", "班组人数"],
        ["1", "甲公司", "一班", "9"],
        ["", "", "", ""],
        ["2", "乙公司", "二班", "7"],
        ["", "", "班组人数总计", "16"],
        ["填表人：", "", "", ""],
    ]
    table = locate([sheet], teams.FIELDS)
    assert table.header_row == 4
    assert table.columns == {"序号": 0, "企业名称": 1, "班组名称": 2, "班组人数": 3}
    assert [(row.number, table.value(row, "企业名称")) for row in table.rows] == [
        (5, "甲公司"),
        (7, "乙公司"),
    ]


def test_header_is_searched_in_later_sheets():
    notes = [["说明：请在第二个工作表填写"]]
    sheet = [["姓名", "工作单位", "TGQ评委证书号"], ["王芳", "甲公司", "TGQ-1"]]
    table = locate([notes, sheet], judges.FIELDS)
    assert (table.header_row, len(table.rows)) == (1, 1)


def test_missing_header_is_reported_with_the_closest_row():
    sheet = [[TITLE], ["序号", "企业名称", "班组名称"], ["1", "甲公司", "一班"]]
    with pytest.raises(ImportRefused) as refused:
        locate([sheet], teams.FIELDS)
    assert [str(p) for p in refused.value.report.errors] == [
        "第 2 行：没有找到完整的表头：需要 「企业名称」、「班组名称」、「班组人数」，"
        "这一行缺少 「班组人数」"
    ]


def test_no_header_at_all_is_reported_for_the_file():
    with pytest.raises(ImportRefused) as refused:
        locate([[["随便写的"]] * 3], teams.FIELDS)
    assert [str(p) for p in refused.value.report.errors] == [
        "整个文件：前 10 行中没有找到表头："
        "需要一行同时写有 「企业名称」、「班组名称」、「班组人数」"
    ]


def test_two_columns_for_one_field_are_refused():
    sheet = [["企业名称", "单位名称（公章为准）", "班组名称", "班组人数"]]
    with pytest.raises(ImportRefused) as refused:
        locate([sheet], teams.FIELDS)
    assert [str(p) for p in refused.value.report.errors] == [
        "第 1 行 · 列「单位名称（公章为准）」：有两列都是“企业名称”，请删去一列"
    ]


def test_more_than_2000_rows_are_refused():
    sheet = [["企业名称", "班组名称", "班组人数"]] + [["甲", f"{n}班", "5"] for n in range(2001)]
    with pytest.raises(ImportRefused) as refused:
        locate([sheet], teams.FIELDS)
    assert [p.message for p in refused.value.report.errors] == [
        "文件有 2001 行数据，超过单次导入 2000 行的上限，请拆分后分批导入"
    ]
    assert len(locate([sheet[: MAX_ROWS + 1]], teams.FIELDS).rows) == MAX_ROWS


def test_trim_removes_only_the_ends():
    assert trim("\u3000\u00a0 上海  甲（乙)公司 \t\u200b\n") == "上海  甲（乙)公司"
    assert trim(None) == ""


def test_xlsx_cells_read_as_text_with_blank_rows_kept(tmp_path):
    path = write_xlsx(
        tmp_path / "t.xlsx",
        [[TITLE], [], ["序号", "企业名称"], [1, " 甲公司 "], [14.5, "NA"], [13800138000, None]],
        start_row=2,
        sheets={"第二页": [["x"]]},
    )
    first, second = read_sheets(path.read_bytes(), "名单.XLSX")
    assert first == [
        ["", ""],
        [TITLE, ""],
        ["", ""],
        ["序号", "企业名称"],
        ["1", " 甲公司 "],
        ["14.5", "NA"],
        ["13800138000", ""],
    ]
    assert second == [["x"]]


def test_csv_in_gbk_with_a_short_title_row_keeps_row_numbers(tmp_path):
    rows = [[TITLE], [], ["企业名称", "班组名称", "班组人数"], ["甲（集团)公司", "一班", "9"]]
    path = write_csv(tmp_path / "t.csv", rows, encoding="gb18030")
    assert read_sheets(path.read_bytes(), "t.csv") == [
        [[TITLE], [], ["企业名称", "班组名称", "班组人数"], ["甲（集团)公司", "一班", "9"]]
    ]


@pytest.mark.parametrize(
    ("name", "data", "message"),
    [
        ("名单.docx", b"x", "不支持这种文件：请使用 .xlsx、.xls 或 .csv 文件"),
        ("名单.xlsx", b"not a zip", "无法读取这个 Excel 文件：文件可能已损坏，或扩展名与格式不符"),
        (
            "名单.csv",
            b"x" * (8 * 1024 * 1024 + 1),
            "文件超过 8 MB，请删去无关的工作表或图片后再导入",
        ),
    ],
)
def test_unreadable_files_are_refused(name, data, message):
    with pytest.raises(ImportRefused) as refused:
        read_sheets(data, name)
    assert [str(p) for p in refused.value.report.errors] == [f"整个文件：{message}"]
