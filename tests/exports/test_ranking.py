"""The final ranking workbook: exact names, numbers as numbers, dropped marks struck through."""

from __future__ import annotations

from openpyxl.utils import get_column_letter

from contest.exports import ranking
from contest.extensions import db
from contest.models import Venue
from tests.exports import column, header, rows, score_demo, workbook
from tests.factories import close_scoring, judges_of, marks_totalling, submit, team_at

VENUE = "第一分会场"
NAMES = ["推荐单位", "企业名称", "班组名称"]
TAIL = ["最高分", "最低分", "扣分", "最后得分", "奖项等级", "推荐国家级"]
HEAD = 4  # title, date, blank, then the header row
ITEMS = "第一分会场 各项得分"
FIRST = ["上海电气集团", "上海电气电站设备有限公司上海汽轮机厂", "叶片车间精加工一班"]
SECOND = ["上海电气集团", "上海电气核电设备有限公司", "蒸发器装焊班组"]
THIRD = ["浦东新区", "上海浦东国际机场货运站有限公司（东区）", "进港理货二组"]
FOURTH = ["浦东新区", "上海外高桥造船有限公司", "涂装事业部分段涂装三班"]


def test_overall_sheet_comes_first_with_shared_ranks_then_unscored_teams(app, demo):
    score_demo(demo)

    book = workbook(ranking.build(demo))

    assert book.sheetnames == ["总排名", VENUE, ITEMS]
    ws = book["总排名"]
    assert header(ws, HEAD) == ["名次", "分会场", "序号", *NAMES, *TAIL]
    body = rows(ws, HEAD + 1)
    assert body[:4] == [
        [1, VENUE, 1, *FIRST, 96, 89, None, 92.14, "一等奖", "是"],
        [1, VENUE, 2, *SECOND, 96, 89, None, 92.14, "一等奖", None],
        [3, VENUE, 4, *FOURTH, 93, 86.5, 1, 89.17, None, None],
        [4, VENUE, 3, *THIRD, 90, 80, None, 85, None, None],
    ]
    # The other 16 teams follow in running order, with the reason instead of a rank.
    assert [(r[0], r[2]) for r in body[4:7]] == [("未评分", 5), ("缺席", 6), ("未评分", 7)]
    assert len(body) == 20
    assert all(r[9] is None for r in body[4:])


def test_venue_sheet_has_every_judge_with_dropped_marks_struck_and_recusal(app, demo):
    score_demo(demo)

    ws = workbook(ranking.build(demo))[VENUE]

    judges = [f"{j.label} {j.name}" for j in judges_of(demo)]
    assert header(ws, HEAD) == ["名次", "序号", *NAMES, *judges, *TAIL]
    body = rows(ws, HEAD + 1)
    judge_cells = slice(5, 14)
    assert body[0][judge_cells] == [95, 90, 91, 92, 93, 94, 89, 96, 90]
    assert body[2][judge_cells] == [88, 91.5, "回避", 90, 86.5, 92, 89, 90.5, 93]
    assert body[3][judge_cells] == [80, 85, 85, 85, 90, *["未提交"] * 4]
    struck = {
        (row - HEAD + 1, ws.cell(HEAD, cell.column).value.split()[0])
        for row in range(HEAD + 1, HEAD + 5)
        for cell in ws[row]
        if cell.font.strike
    }
    assert struck == {
        (2, "评委7"),
        (2, "评委8"),
        (3, "评委4"),
        (3, "评委3"),
        (4, "评委5"),
        (4, "评委9"),
        (5, "评委1"),
        (5, "评委5"),
    }
    dropped = ws.cell(HEAD + 1, column(ws, judges[7], HEAD))
    assert dropped.fill.fgColor.rgb.endswith("D9D9D9")
    assert not ws.cell(HEAD + 1, column(ws, judges[0], HEAD)).font.strike
    notes = [ws.cell(r, 1).value for r in range(HEAD + len(body) + 2, ws.max_row + 1)]
    assert any("删除线表示去掉的最高分/最低分" in n for n in notes)


def test_numbers_are_numeric_with_the_published_decimals(app, demo):
    score_demo(demo)

    book = workbook(ranking.build(demo))

    for ws in (book["总排名"], book[VENUE]):
        final = ws.cell(HEAD + 1, column(ws, "最后得分", HEAD))
        assert (final.data_type, final.value, final.number_format) == ("n", 92.14, "0.00")
        assert ws.cell(HEAD + 4, column(ws, "最后得分", HEAD)).number_format == "0.00"
        for name in ("名次", "序号", "最高分", "最低分"):
            assert ws.cell(HEAD + 1, column(ws, name, HEAD)).data_type == "n"
        # Judge totals on the half point: one decimal for the whole column.
        assert ws.cell(HEAD + 1, column(ws, "最高分", HEAD)).number_format == "0.0"
    second = f"评委2 {judges_of(demo)[1].name}"
    judge = book[VENUE].cell(HEAD + 3, column(book[VENUE], second, HEAD))
    assert (judge.data_type, judge.value, judge.number_format) == ("n", 91.5, "0.0")


def test_published_decimals_follow_the_contest_setting(app, demo):
    demo.settings = {**demo.settings, "scoring": {**demo.settings["scoring"], "decimals": 3}}
    score_demo(demo)

    ws = workbook(ranking.build(demo))["总排名"]

    cell = ws.cell(HEAD + 1, column(ws, "最后得分", HEAD))
    assert (cell.value, cell.number_format) == (92.143, "0.000")


def test_a_tie_broken_by_the_settings_is_explained_in_a_note(app, demo):
    scoring = {**demo.settings["scoring"], "tie_breaks": ["untrimmed_mean"]}
    demo.settings = {**demo.settings, "scoring": scoring}
    # Both trimmed means are 90; the untrimmed means are 90 and 90.8.
    for order, totals in (
        (1, ["80", "90", "90", "90", "100"]),
        (2, ["85", "90", "90", "90", "99"]),
    ):
        for judge, total in zip(judges_of(demo), totals, strict=False):
            submit(team_at(demo, order), judge, marks_totalling(total))
        close_scoring(team_at(demo, order))
    db.session.commit()

    ws = workbook(ranking.build(demo))["总排名"]

    assert [(r[0], r[2]) for r in rows(ws, HEAD + 1)[:2]] == [(1, 2), (2, 1)]
    notes = [c.value for c in ws["A"][HEAD + len(rows(ws, HEAD + 1)) + 1 :]]
    second = team_at(demo, 2)
    assert f"{second.display_name} 与他队同分，按未去掉最高分和最低分的平均分排定名次。" in notes


def test_names_are_written_byte_for_byte(app, demo):
    score_demo(demo)
    ws = workbook(ranking.build(demo))["总排名"]

    exported = {(r[4], r[5]) for r in rows(ws, HEAD + 1)}

    assert exported == {(t.company_name, t.team_name) for t in demo.venues[0].teams}
    for row in ws.iter_rows(min_row=HEAD + 1, max_row=HEAD + 20, min_col=4, max_col=6):
        assert all(c.data_type == "s" for c in row)


def test_deduction_column_appears_only_when_a_team_has_one(app, demo):
    for order in (1, 2):
        for judge in judges_of(demo)[:5]:
            submit(team_at(demo, order), judge, marks_totalling("90"))
        close_scoring(team_at(demo, order))
    db.session.commit()

    ws = workbook(ranking.build(demo))["总排名"]

    assert "扣分" not in header(ws, HEAD)
    assert header(ws, HEAD)[-3:] == ["最后得分", "奖项等级", "推荐国家级"]


def test_sheets_are_laid_out_for_screen_and_print(app, demo):
    score_demo(demo)

    for ws in workbook(ranking.build(demo)):
        assert ws.freeze_panes == "A5"
        assert ws.print_title_rows == "$4:$4"
        assert all(c.font.bold for c in ws[HEAD] if c.value is not None)
        assert ws["A1"].font.bold
        setup = ws.page_setup
        assert (setup.orientation, str(setup.paperSize), setup.fitToWidth) == (
            "landscape",
            "9",  # A4
            1,
        )
        assert ws.sheet_properties.pageSetUpPr.fitToPage
        company = get_column_letter(column(ws, "企业名称", HEAD))
        assert ws.column_dimensions[company].width >= 30


def test_venue_sheet_titles_are_valid_and_unique(app, demo):
    demo.venues[0].name = "主会场/A:B*?[分会场]" + "很长" * 20
    db.session.add(Venue(contest=demo, name="总排名", position=2))
    db.session.commit()

    book = workbook(ranking.build(demo))

    venue = ("主会场_A_B___分会场_" + "很长" * 20)[:31]
    assert book.sheetnames[:2] == ["总排名", venue]
    assert book.sheetnames[3:5] == ["总排名 (2)", "总排名 各项得分"]


def test_an_empty_contest_still_exports(app, demo):
    book = workbook(ranking.build(demo))

    assert [len(rows(ws, HEAD + 1)) for ws in book] == [20, 20, 0]
    assert {r[0] for r in rows(book["总排名"], HEAD + 1)} == {"未评分"}


def test_export_results_command_writes_the_workbook(app, runner, demo, tmp_path):
    score_demo(demo)
    path = tmp_path / "最终排名.xlsx"

    result = runner.invoke(args=["export-results", str(path), "--contest", str(demo.id)])

    assert result.exit_code == 0, result.output
    assert "已导出最终排名" in result.output
    assert workbook(path.read_bytes()).sheetnames == ["总排名", VENUE, ITEMS]


def test_export_results_command_refuses_an_unknown_contest(app, runner, demo, tmp_path):
    path = tmp_path / "x.xlsx"

    result = runner.invoke(args=["export-results", str(path), "--contest", "999"])

    assert result.exit_code == 1
    assert "没有编号为 999 的比赛" in result.output
    assert not path.exists()
