"""The judge consistency page: figures from the database, the flag, the chart, the guard."""

from __future__ import annotations

import re
from fractions import Fraction

from contest.admin.consistency_views import load_rows
from contest.ranking.consistency import judge_consistency
from tests.conftest import sign_in
from tests.factories import close_scoring, judges_of, marks_totalling, submit, team_at

# Totals per team (by running order) for judges 1-6; judges 7-9 do not score. Judge 3 works
# for the team at order 4 (回避); judge 6 is exactly 3 points above the others' mean each time.
TOTALS = {
    1: ["88", "90", "89", "91", "87", "92"],
    2: ["85", "86", "84", "85", "85", "88"],
    4: ["90", "92", None, "91", "91", "94"],
}


def _score_panel(demo) -> None:
    judges = judges_of(demo)
    first = team_at(demo, 1)
    submit(first, judges[0], marks_totalling("70"))  # revised below: version 2 counts
    for order, totals in TOTALS.items():
        team = team_at(demo, order)
        for judge, total in zip(judges, totals, strict=False):
            if total is not None:
                submit(
                    team,
                    judge,
                    marks_totalling(total),
                    version=2 if judge.number == 1 and team is first else 1,
                )
        close_scoring(team)
    # Never counted: the recused judge's mark, a team whose scoring is still open.
    submit(team_at(demo, 4), judges[2], marks_totalling("60"))
    for judge in judges[:6]:
        submit(team_at(demo, 5), judge, marks_totalling("50"))


def _table(page: str) -> dict[int, list[str]]:
    """Judge number -> the text of each cell of their row in the table."""
    rows = re.findall(r'<tr class="(?:flagged)?" data-judge="(\d+)">(.*?)</tr>', page, re.S)
    return {
        int(number): [
            " ".join(re.sub(r"<[^>]+>", " ", cell).split())
            for cell in re.findall(r"<td[^>]*>(.*?)</td>", cells, re.S)
        ]
        for number, cells in rows
    }


def test_rows_come_from_current_eligible_totals_with_the_trim(app, demo):
    _score_panel(demo)
    rows, people = load_rows(demo)
    [venue_rows] = rows.values()
    by_team = {}
    for row in venue_rows:
        by_team.setdefault(people[row.judge].number, {})[row.team] = (row.total, row.dropped)
    team4 = team_at(demo, 4).id
    assert team4 not in by_team[3]  # recused: his 60 is not a row
    assert team_at(demo, 5).id not in {r.team for r in venue_rows}  # scoring still open
    assert by_team[6][team4] == (94, "high")
    assert by_team[1][team4] == (90, "low")
    assert by_team[1][team_at(demo, 1).id] == (88, None)  # version 2, not the 70
    results = {people[r.judge].number: r for r in judge_consistency(venue_rows)}
    assert sorted(results) == [1, 2, 3, 4, 5, 6]
    assert dict(results[6].deviations) == {team_at(demo, n).id: 3 for n in TOTALS}
    assert dict(results[4].deviations)[team4] == Fraction(-3, 4)


def test_page_shows_exact_figures_per_judge(client, staff, demo):
    _score_panel(demo)
    sign_in(client, "admin")
    response = client.get(f"/admin/contests/{demo.id}/consistency")
    assert response.status_code == 200
    page = response.get_data(as_text=True)
    assert f"<h2>{demo.venues[0].name}</h2>" in page
    # 评委, 班组数, 平均分, 标准差, 平均偏差, 平均绝对偏差, 最高 / 最低, 标记
    assert _table(page) == {
        1: ["评委1 陈建国", "3", "87.67", "2.52", "-1.47", "1.47", "0 / 1", ""],
        2: ["评委2 王丽华", "3", "89.33", "3.06", "+0.57", "0.57", "0 / 0", ""],
        3: ["评委3 李志强", "2", "86.50", "3.54", "-1.20", "1.20", "0 / 1", ""],
        4: ["评委4 张敏", "3", "89.00", "3.46", "+0.15", "1.05", "0 / 0", ""],
        5: ["评委5 刘卫东", "3", "87.67", "3.06", "-1.45", "1.45", "0 / 1", ""],
        6: [
            "评委6 周雅琴",
            "3",
            "91.33",
            "3.06",
            "+3.00",
            "3.00",
            "3 / 0",
            "偏离较大 平均偏差达 ±2.0 分；常被去掉最高分",
        ],
    }


def test_judge_always_three_above_is_flagged_on_the_page(client, staff, demo):
    _score_panel(demo)
    sign_in(client, "admin")
    page = client.get(f"/admin/contests/{demo.id}/consistency").get_data(as_text=True)
    assert page.count('<tr class="flagged"') == 1
    assert '<tr class="flagged" data-judge="6">' in page
    assert page.count('<g class="judge-row flagged">') == 1


def test_chart_has_one_bar_per_judge(client, staff, demo):
    _score_panel(demo)
    sign_in(client, "admin")
    page = client.get(f"/admin/contests/{demo.id}/consistency").get_data(as_text=True)
    assert page.count("<svg") == 1
    assert page.count('<rect class="bar"') == 6
    labels = re.findall(r'<text class="label"[^>]*>([^<]+)</text>', page)
    assert labels == [f"评委{n}" for n in range(1, 7)]
    # Judge 6's bar starts at the zero line and reaches right; judge 1's ends there.
    zero = float(re.search(r'<line class="zero-line" x1="([\d.]+)"', page).group(1))
    bars = re.findall(r'<rect class="bar" x="([\d.]+)" y="[\d.]+" width="([\d.]+)"', page)
    assert float(bars[5][0]) == zero
    assert float(bars[0][0]) + float(bars[0][1]) == zero
    # The chart is plain SVG: no script of its own (only the site-wide confirm_forms.js that
    # every page loads in its head) and no inline style.
    assert re.findall(r"<script[^>]*>", page) == ['<script src="/static/js/confirm_forms.js">']
    assert "style=" not in page


def test_empty_state_before_any_team_is_scored(client, staff, demo):
    sign_in(client, "admin")
    page = client.get(f"/admin/contests/{demo.id}/consistency").get_data(as_text=True)
    assert "尚无已结束评分的班组" in page
    assert "<svg" not in page


def test_hosts_are_refused(client, staff, demo):
    sign_in(client, "host1")
    assert client.get(f"/admin/contests/{demo.id}/consistency").status_code == 403


def test_signed_out_visitors_are_sent_to_sign_in(client, demo):
    response = client.get(f"/admin/contests/{demo.id}/consistency")
    assert response.status_code == 302
    assert "/staff/login" in response.headers["Location"]
