"""评审汇总表 (form 2-4): one sheet per recommending unit, exact names, score and place."""

from __future__ import annotations

from contest.exports import summary
from contest.extensions import db
from contest.models import Team
from tests.exports import rows, score_demo, workbook
from tests.factories import team_at

TITLE = "2026年上海市“质量信得过班组”建设经验材料评审汇总表"
HEADER = ["序号", "企业/班组名称", "材料评价（符合标准程度/特色/不足之处）", "打分/排序", "评委"]
ALL_JUDGES = "陈建国、王丽华、李志强、张敏、刘卫东、周雅琴、吴海涛、孙慧、郑国平"


def test_one_sheet_per_recommending_unit_in_the_form_2_4_layout(app, demo):
    score_demo(demo)

    book = workbook(summary.build(demo))

    assert book.sheetnames == [u.name for u in sorted(demo.units, key=lambda u: u.id)]
    ws = book["上海电气集团"]
    assert ws["A1"].value == TITLE
    assert ws["A2"].value == demo.name
    assert ws["A3"].value == "推荐行业/各区/集团（盖章）：上海电气集团"
    assert [c.value for c in ws[4]] == HEADER
    assert rows(ws, first=5) == [
        [
            1,
            "上海电气电站设备有限公司上海汽轮机厂\n叶片车间精加工一班",
            None,
            "92.14 / 第1名（并列）",
            ALL_JUDGES,
        ],
        [2, "上海电气核电设备有限公司\n蒸发器装焊班组", None, "92.14 / 第1名（并列）", ALL_JUDGES],
    ]
    assert "A1:E1" in {str(r) for r in ws.merged_cells.ranges}


def test_teams_are_ordered_by_place_and_recused_judges_are_not_listed(app, demo):
    score_demo(demo)

    ws = workbook(summary.build(demo))["浦东新区"]

    assert rows(ws, first=5) == [
        [
            1,
            "上海外高桥造船有限公司\n涂装事业部分段涂装三班",
            None,
            "89.17 / 第3名",
            ALL_JUDGES.replace("李志强、", ""),
        ],
        [
            2,
            "上海浦东国际机场货运站有限公司（东区）\n进港理货二组",
            None,
            "85.00 / 第4名",
            "陈建国、王丽华、李志强、张敏、刘卫东",
        ],
    ]


def test_unscored_teams_say_why_and_the_footer_follows_the_form(app, demo):
    score_demo(demo)

    ws = workbook(summary.build(demo))["闵行区"]

    body = rows(ws, first=5)
    assert [(r[0], r[3], r[4]) for r in body] == [(1, "未评分", None), (2, "缺席", None)]
    footer = 5 + len(body) + 1
    assert [ws.cell(footer, c).value for c in (2, 3, 4)] == ["填表人：", "电话：", "填表日期："]
    assert ws.cell(footer + 1, 1).value.startswith("注：对质量信得过班组进行材料结合现场的评价")
    assert ws.freeze_panes == "A5"
    assert ws.page_setup.orientation == "landscape"


def test_teams_without_a_unit_share_a_direct_application_sheet(app, demo):
    team_at(demo, 20).unit = None
    db.session.commit()

    book = workbook(summary.build(demo))

    assert book.sheetnames[-1] == "直接申报"
    [row] = rows(book["直接申报"], first=5)
    assert row[1] == "上海市徐汇区枫林街道社区卫生服务中心\n家庭医生签约服务团队"
    assert "徐汇区" not in book.sheetnames


def test_names_in_the_summary_are_string_cells_byte_for_byte(app, demo):
    book = workbook(summary.build(demo))
    teams = {(t.company_name, t.team_name) for t in db.session.query(Team)}

    names = set()
    for ws in book:
        for row in ws.iter_rows(min_row=5, min_col=2, max_col=2):
            if row[0].value and "\n" in row[0].value:
                assert row[0].data_type == "s"
                names.add(tuple(row[0].value.split("\n")))

    assert names == teams


def test_export_summary_command(app, runner, demo, tmp_path):
    path = tmp_path / "评审汇总表.xlsx"

    result = runner.invoke(args=["export-summary", str(path)])

    assert result.exit_code == 0, result.output
    assert workbook(path.read_bytes())["上海电气集团"]["A1"].value == TITLE
