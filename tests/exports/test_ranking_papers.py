"""The ranking workbook as a signed paper: title, dates, judges by name, 未提交 / 回避,
signature lines, and each venue's per-item marks."""

from __future__ import annotations

from datetime import date

from contest import audit
from contest.exports import ranking
from tests.exports import header, rows, score_demo, workbook
from tests.factories import judges_of, team_at

HEAD = 4
SIGN = "评委组长签字：________________    监督签字：________________    日期：____________"


def test_each_sheet_has_title_date_and_signature_lines(app, demo):
    demo.starts_on = date(2026, 9, 18)
    score_demo(demo)

    book = workbook(ranking.build(demo))

    for ws, what in zip(book, ["总排名", "第一分会场", "第一分会场 各项得分"], strict=True):
        assert (
            ws["A1"].value == f"{demo.name} {what}{'明细表' if '各项' in what else ' 成绩排名表'}"
        )
        assert ws["A2"].value.startswith("比赛日期：2026年9月18日    导出时间：20")
        assert ws["A3"].value is None
        lines = [ws.cell(r, 1).value for r in range(1, ws.max_row + 1)]
        if "各项" in what:
            assert lines[-1] == SIGN
        else:  # the audit log's head under the signatures: a later truncation shows
            assert lines[-2:] == [SIGN, audit.head_line()]


def test_venue_sheet_names_judges_and_says_why_a_mark_is_missing(app, demo):
    score_demo(demo)
    judges = judges_of(demo)

    ws = workbook(ranking.build(demo))["第一分会场"]

    assert header(ws, HEAD)[5:14] == [f"评委{j.number} {j.name}" for j in judges]
    body = rows(ws, HEAD + 1)
    assert body[2][5:14] == [88, 91.5, "回避", 90, 86.5, 92, 89, 90.5, 93]  # order 4
    assert body[3][5:14] == [80, 85, 85, 85, 90, "未提交", "未提交", "未提交", "未提交"]
    assert body[4][5:14] == [None] * 9  # a team not scored yet: nothing to sign for


def test_items_sheet_has_every_mark_by_judge_and_item(app, demo):
    score_demo(demo)
    judges = [f"评委{j.number} {j.name}" for j in judges_of(demo)]
    first, fourth = team_at(demo, 1), team_at(demo, 4)

    ws = workbook(ranking.build(demo))["第一分会场 各项得分"]

    items = [f"{i.name}（{i.maximum.normalize():f}）" for i in demo.items]
    assert header(ws, HEAD) == [
        "名次",
        "序号",
        "企业名称",
        "班组名称",
        "评委",
        *items,
        "总分",
        "备注",
    ]
    body = rows(ws, HEAD + 1)
    assert len(body) == 4 * 9  # four scored teams (orders 1, 2, 4, 3 by rank), nine judges each
    names = [first.company_name, first.team_name]
    assert body[0] == [1, 1, *names, judges[0], 10, 15, 25, 15, 20, 10, 95, None]
    assert body[6] == [1, 1, *names, judges[6], 4, 15, 25, 15, 20, 10, 89, "去掉的最低分"]
    assert body[7][-2:] == [96, "去掉的最高分"]
    assert ws.cell(HEAD + 1 + 7, len(items) + 6).font.strike
    assert not ws.cell(HEAD + 1, len(items) + 6).font.strike
    blank = [None] * len(items)
    recused = [fourth.company_name, fourth.team_name, judges[2], *blank, None, "回避"]
    assert body[20] == [3, 4, *recused]
    assert [r[-1] for r in body[27:]] == ["去掉的最低分", None, None, None, "去掉的最高分"] + [
        "未提交"
    ] * 4
