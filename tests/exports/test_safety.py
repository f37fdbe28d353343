"""Formula injection: names that look like formulas come out as text, exactly as submitted."""

from __future__ import annotations

import zipfile
from decimal import Decimal
from io import BytesIO

import pytest
from openpyxl import Workbook

from contest.exports import ranking, summary
from contest.exports.safety import (
    guard_csv,
    needs_guard,
    put,
    sheet_title,
    unguard_csv,
)
from contest.extensions import db
from tests.exports import column, score_demo, workbook
from tests.factories import team_at

HYPERLINK = '=HYPERLINK("http://x","y")'


def _round_trip(values: list[object]):
    book = Workbook()
    for row, value in enumerate(values, 1):
        put(book.active, row, 1, value)
    buffer = BytesIO()
    book.save(buffer)
    return buffer.getvalue(), workbook(buffer.getvalue()).active


def _formulas(data: bytes) -> list[str]:
    with zipfile.ZipFile(BytesIO(data)) as archive:
        return [
            name
            for name in archive.namelist()
            if name.startswith("xl/worksheets/") and b"<f>" in archive.read(name)
        ]


@pytest.mark.parametrize("text", [HYPERLINK, "+1", "-1", "@SUM(A1)", "\tx"])
def test_formula_like_text_is_a_flagged_string_cell_with_the_exact_text(text):
    data, ws = _round_trip([text])

    cell = ws["A1"]
    assert (cell.value, cell.data_type, cell.quotePrefix) == (text, "s", True)
    assert _formulas(data) == []


def test_ordinary_text_and_numbers_are_left_alone():
    _, ws = _round_trip(["上海电气核电设备有限公司", Decimal("92.14"), 3, "1+1"])

    assert [(c.value, c.data_type, c.quotePrefix) for (c,) in ws.iter_rows()] == [
        ("上海电气核电设备有限公司", "s", False),
        (92.14, "n", False),
        (3, "n", False),
        ("1+1", "s", False),
    ]


def test_floats_and_booleans_are_refused():
    ws = Workbook().active
    with pytest.raises(TypeError):
        put(ws, 1, 1, 92.14)
    with pytest.raises(TypeError):
        put(ws, 1, 1, True)


@pytest.mark.parametrize("text", [HYPERLINK, "+1", "-1", "@x", "\tx", "\rx", "'=x", "''+x"])
def test_csv_guard_adds_an_apostrophe_only_when_needed_and_is_reversible(text):
    guarded = guard_csv(text)

    assert not needs_guard(guarded)
    assert guarded == "'" + text
    assert unguard_csv(guarded) == text


def test_csv_guard_leaves_ordinary_text_unchanged():
    ordinary = ("上海外高桥造船有限公司", "score.submitted", "team:4", '{"a": 1}', "1-1", "'a", "")
    for text in ordinary:
        assert guard_csv(text) == text == unguard_csv(text)


def test_sheet_titles_lose_forbidden_characters_and_stay_unique():
    taken: set[str] = set()

    titles = [sheet_title(n, taken) for n in ("a/b", "A_B", "x" * 40, "x" * 40, "[]")]

    assert titles == ["a_b", "A_B (2)", "x" * 31, "x" * 27 + " (2)", "__"]


def test_team_names_that_look_like_formulas_come_out_exactly(app, demo):
    first, second = team_at(demo, 1), team_at(demo, 2)
    first.company_name, first.team_name = HYPERLINK, "+1"
    second.company_name, second.team_name = "@SUM(A1)", "-1"
    db.session.commit()
    score_demo(demo)

    data = ranking.build(demo)
    ws = workbook(data)["总排名"]
    company_column = column(ws, "企业名称", 4)
    by_company = {ws.cell(r, company_column).value: r for r in range(5, ws.max_row + 1)}
    for company, team in ((HYPERLINK, "+1"), ("@SUM(A1)", "-1")):
        row = by_company[company]
        for name, value in (("企业名称", company), ("班组名称", team)):
            cell = ws.cell(row, column(ws, name, 4))
            assert (cell.value, cell.data_type, cell.quotePrefix) == (value, "s", True)
    assert _formulas(data) == []

    data = summary.build(demo)
    cell = workbook(data)["上海电气集团"]["B5"]
    assert (cell.value, cell.data_type, cell.quotePrefix) == (f"{HYPERLINK}\n+1", "s", True)
    assert _formulas(data) == []
