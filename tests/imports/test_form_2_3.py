"""Form 2-3 as recommending units fill it in: the 推荐单位 line, 总计 rows, one sheet each."""

from __future__ import annotations

import io

import openpyxl
import pytest

from contest.imports import ImportRefused, check_import, run_import
from contest.models import PresentationMode
from tests.imports.files import TITLE, counts, form_2_3_workbook, new_contest, teams_of

CHEMICAL = "上海市化工行业协会"
PUDONG = "浦东新区市场监督管理局"
SHEETS = [
    (
        CHEMICAL,
        [
            ("上海华谊（集团）公司", "丙烯酸装置运行三班", 12, "第一分会场", "现场"),
            ("上海华谊（集团）公司", "质检 一班", "8", "A", "线上"),
        ],
    ),
    (
        PUDONG,
        [("上海浦东 机场（集团）有限公司", "航站楼运行保障班", 9, "b", "")],
    ),
]
HIDDEN = [("已作废", [("作废公司", "作废班", 3, "第一分会场", "现场")])]


@pytest.fixture
def contest(app):
    from contest.extensions import db

    contest = new_contest("第一分会场（泰安路74号报告厅）", "第二分会场（世博会议中心）")
    first, second = contest.venues
    first.short_name, first.code = "第一分会场", "A"
    second.short_name, second.code = "第二分会场", "B"
    db.session.commit()
    return contest


def _import(contest, data: bytes, *, confirm: bool = False):
    return run_import(
        "teams", contest_id=contest.id, data=data, filename="推荐表.xlsx", actor="test",
        confirm=confirm,
    )  # fmt: skip


def test_form_2_3_two_sheets_set_each_rows_unit_and_skip_totals_and_hidden(contest):
    data = form_2_3_workbook(SHEETS, hidden=HIDDEN)
    outcome = _import(contest, data)
    assert outcome.summary == "已导入 3 个班组（新建推荐单位 2 个，自动回避 0 条）"
    first, second = contest.venues
    assert [
        (t.unit.name, t.company_name, t.team_name, t.member_count, t.venue_id, t.mode, t.serial)
        for t in teams_of(contest)
    ] == [
        (CHEMICAL, "上海华谊（集团）公司", "丙烯酸装置运行三班", 12, first.id,
         PresentationMode.IN_HALL, 1),
        (CHEMICAL, "上海华谊（集团）公司", "质检 一班", 8, first.id, PresentationMode.ONLINE, 2),
        (PUDONG, "上海浦东 机场（集团）有限公司", "航站楼运行保障班", 9, second.id,
         PresentationMode.IN_HALL, 1),
    ]  # fmt: skip


def test_form_2_3_preview_reports_per_sheet_and_the_hidden_one(contest):
    before = counts()
    plan = check_import(
        "teams", contest_id=contest.id, data=form_2_3_workbook(SHEETS, hidden=HIDDEN),
        filename="推荐表.xlsx", actor="test", staff_id=None,
    )  # fmt: skip
    assert counts() == before
    assert [(s.name, s.unit, s.rows) for s in plan.sheets] == [
        (CHEMICAL, CHEMICAL, 2),
        (PUDONG, PUDONG, 1),
    ]
    assert [str(n) for n in plan.report.notes] == ["整个文件：隐藏的工作表「已作废」未读取"]
    assert (plan.report.errors, plan.report.warnings) == ([], [])
    assert [(r.sheet, r.number, r.values) for r in plan.rows] == [
        (CHEMICAL, 5, (CHEMICAL, "上海华谊（集团）公司", "丙烯酸装置运行三班", "12",
                       "第一分会场（泰安路74号报告厅）", "现场")),
        (CHEMICAL, 6, (CHEMICAL, "上海华谊（集团）公司", "质检 一班", "8",
                       "第一分会场（泰安路74号报告厅）", "线上")),
        (PUDONG, 5, (PUDONG, "上海浦东 机场（集团）有限公司", "航站楼运行保障班", "9",
                     "第二分会场（世博会议中心）", "现场")),
    ]  # fmt: skip


def _book(*sheets: tuple[str, list[list]]) -> bytes:
    book = openpyxl.Workbook()
    book.remove(book.active)
    for title, rows in sheets:
        sheet = book.create_sheet(title)
        for row in rows:
            sheet.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


HEADER = ["序号", "企业名称", "班组名称", "班组人数", "分会场"]


@pytest.mark.parametrize(
    "line",
    [
        ["推荐行业/各区/集团（盖章）：上海市化工行业协会"],
        ["推荐行业/各区/集团(盖章):上海市化工行业协会"],
        ["  推荐行业 / 各区 / 集团 （盖章） ：  上海市化工行业协会  "],
        ["推荐行业/各区/集团（盖章）：", "上海市化工行业协会"],
        ["推荐行业/各区/集团（盖章）", None, "上海市化工行业协会"],
        ["推荐行业/各区/集团（盖章）：上海市化工行业协会____"],
    ],
)
def test_form_2_3_stamp_line_is_read_in_every_shape(contest, line):
    data = _book(("表", [[TITLE], line, HEADER, [1, "甲公司", "一班", 5, "A"]]))
    _import(contest, data)
    assert [t.unit.name for t in teams_of(contest)] == [CHEMICAL]


def test_form_2_3_unit_column_wins_over_the_stamp_line_with_a_warning(contest):
    rows = [
        [f"推荐行业/各区/集团（盖章）：{CHEMICAL}"],
        [*HEADER, "推荐单位"],
        [1, "甲公司", "一班", 5, "A", PUDONG],
        [2, "乙公司", "二班", 6, "A", ""],
    ]
    data = _book(("表", rows))
    with pytest.raises(ImportRefused) as refused:
        _import(contest, data)
    assert [str(w) for w in refused.value.report.warnings] == [
        f"第 3 行 · 列「推荐单位」：推荐单位「{PUDONG}」与表格上方盖章行的「{CHEMICAL}」不一致，"
        f"本行按「{PUDONG}」导入"
    ]
    _import(contest, data, confirm=True)
    assert [t.unit.name for t in teams_of(contest)] == [PUDONG, CHEMICAL]


def test_form_2_3_errors_name_the_sheet_and_nothing_is_written(contest):
    good = [[f"推荐行业/各区/集团（盖章）：{CHEMICAL}"], HEADER, [1, "甲公司", "一班", 5, "A"]]
    bad = [
        [f"推荐行业/各区/集团（盖章）：{PUDONG}"],
        HEADER,
        [1, "乙公司", "二班", 5, "第九分会场"],
    ]
    notes = [["填表说明"], ["请按模板填写"]]
    partial = [["企业名称", "班组名称"], ["丙公司", "三班"]]
    before = counts()
    with pytest.raises(ImportRefused) as refused:
        _import(contest, _book(("化工", good), ("浦东", bad), ("说明", notes), ("残表", partial)))
    assert counts() == before
    report = refused.value.report
    assert [str(e) for e in report.sorted_errors()] == [
        "工作表「浦东」 · 第 3 行 · 列「分会场」：没有名为「第九分会场」的分会场"
        "（可填全称、简称或代码："
        "第一分会场（泰安路74号报告厅）（简称 第一分会场，代码 A）、"
        "第二分会场（世博会议中心）（简称 第二分会场，代码 B））",
        "工作表「残表」 · 第 1 行：没有找到完整的表头："
        "需要 「企业名称」、「班组名称」、「班组人数」，"
        "这一行缺少 「班组人数」",
    ]
    assert [str(n) for n in report.notes] == ["整个文件：工作表「说明」中没有找到表头，未读取"]


def test_form_2_3_missing_venue_column_is_named_per_sheet(contest):
    rows = [["序号", "企业名称", "班组名称", "班组人数"], [1, "甲公司", "一班", 5]]
    with pytest.raises(ImportRefused) as refused:
        _import(contest, _book(("化工", rows), ("浦东", rows)))
    venues = "第一分会场（泰安路74号报告厅）、第二分会场（世博会议中心）"
    assert [str(e) for e in refused.value.report.sorted_errors()] == [
        f"工作表「化工」：比赛有 2 个分会场（{venues}），请在文件中加一列“分会场”",
        f"工作表「浦东」：比赛有 2 个分会场（{venues}），请在文件中加一列“分会场”",
        "工作表「浦东」 · 第 2 行 · 列「班组名称」："
        "与工作表「化工」第 2 行重复（企业名称、班组名称都相同）",
    ]


def test_form_2_3_cli_reports_each_sheet_and_the_skipped_ones(runner, contest, tmp_path):
    path = tmp_path / "推荐表.xlsx"
    path.write_bytes(form_2_3_workbook(SHEETS, hidden=HIDDEN))
    result = runner.invoke(args=["import-teams", str(path), "--contest", str(contest.id)])
    assert (result.exit_code, result.output) == (
        0,
        f"工作表「{CHEMICAL}」，推荐单位：{CHEMICAL}，2 行\n"
        f"工作表「{PUDONG}」，推荐单位：{PUDONG}，1 行\n"
        "说明：隐藏的工作表「已作废」未读取\n"
        "已导入 3 个班组（新建推荐单位 2 个，自动回避 0 条）\n",
    )


def test_form_2_3_judges_are_read_from_under_the_teams(app):
    from tests.imports.files import judges_in

    contest = new_contest("第一分会场")
    judges = {
        CHEMICAL: [
            ("陈建国", "上海华谊（集团）公司", "TGQ-001", "某路1号", "200000", "13800000001")
        ],
        PUDONG: [("李敏", "上海质量协会", "TGQ-002", "", "", "")],
    }
    data = form_2_3_workbook(
        [(unit, [(c, t, m, "", mode) for c, t, m, _v, mode in rows]) for unit, rows in SHEETS],
        judges=judges,
    )
    run_import("teams", contest_id=contest.id, data=data, filename="表.xlsx", actor="test")
    outcome = run_import("judges", contest_id=contest.id, data=data, filename="表.xlsx", actor="t")
    assert outcome.summary == "已导入 2 位评委（按回避单位记录回避 0 条，自动回避 2 条）"
    assert [
        (j.number, j.name, j.employer, j.certificate_no, j.phone) for j in judges_in(contest)
    ] == [
        (1, "陈建国", "上海华谊（集团）公司", "TGQ-001", "13800000001"),
        (2, "李敏", "上海质量协会", "TGQ-002", ""),
    ]


def test_form_2_3_blank_stamp_line_warns(contest):
    rows = [["推荐行业/各区/集团（盖章）：______"], HEADER, [1, "甲公司", "一班", 5, "A"]]
    with pytest.raises(ImportRefused) as refused:
        _import(contest, _book(("表", rows)))
    assert [str(w) for w in refused.value.report.warnings] == [
        "整个文件：“推荐行业/各区/集团（盖章）：”之后没有填写推荐单位，未写推荐单位的班组将按无推荐单位"
        "导入；如有推荐单位，请补填后重新上传"
    ]
    _import(contest, _book(("表", rows)), confirm=True)
    assert [t.unit for t in teams_of(contest)] == [None]
