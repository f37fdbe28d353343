"""附件 2-4 材料评审汇总表 generated from the reviews: read back from the xlsx and the PDF, the
scores are the hand-computed trimmed means (tests/review/test_analysis.py: HAND)."""

from __future__ import annotations

import io
from decimal import Decimal

from contest.review import form24, results
from tests.conftest import sign_in
from tests.review import results_world
from tests.review.test_analysis import HAND
from tests.season.papers import need_tools, pdf_text

URL = "/admin/season/expert-review/results"
TITLE = "2026年上海市“质量信得过班组”建设经验材料评审汇总表"
# Per 推荐单位, by the hand-computed scores: the unit's own ranks.
UNITS = {
    "浦东新区质量协会": ["2026-0001", "2026-0003", "2026-0002", "2026-0004"],
    "上海化工行业协会": ["2026-0005", "2026-0006", "2026-0008", "2026-0007"],
    "上海电气集团": ["2026-0012", "2026-0009", "2026-0011", "2026-0010"],
}


def _book(app):
    from openpyxl import load_workbook

    office = app.test_client()
    sign_in(office, "admin")
    response = office.get(URL + "/form24.xlsx")
    assert response.status_code == 200
    assert response.headers["Content-Disposition"] == (
        "attachment; filename*=UTF-8''2026%E5%B9%B4%E6%9D%90%E6%96%99%E8%AF%84%E5%AE%A1"
        "%E6%B1%87%E6%80%BB%E8%A1%A8.xlsx"
    )
    return load_workbook(io.BytesIO(response.data))


def test_the_workbook_holds_the_hand_computed_means_in_total_and_per_unit(app, staff):
    results_world.build()
    book = _book(app)
    assert book.sheetnames == ["总表", *UNITS]
    total = book["总表"]
    assert total["A1"].value == f"{TITLE}（总表）"
    assert [c.value for c in total[2]] == list(form24.HEADER)
    rows = [[c.value for c in row] for row in total.iter_rows(min_row=3)]
    assert len(rows) == 12
    for n, (index, number, _company, _team, _words, score, rank, _judges) in enumerate(rows, 1):
        assert index == n
        assert Decimal(str(score)).quantize(Decimal("0.01")) == Decimal(HAND[number][2])
        assert rank == f"第 {n}"
    assert total["F3"].number_format == "0.00"
    first = rows[0]  # 2026-0005: reviewers 2, 3, 4, 5
    assert first[1:4] == ["2026-0005", "上海华谊新材料有限公司", "丙烯酸甲酯精制班"]
    assert first[4] == (
        "评审专家2：符合标准程度：符合评价标准；特色：改进成果显著；不足之处：材料篇幅偏长\n"
        "评审专家3：符合标准程度：较好符合评价标准；特色：班组文化有特色；不足之处：创新点提炼不足\n"
        "评审专家4：符合标准程度：部分符合评价标准；特色：全员参与程度高；不足之处：效果验证不充分\n"
        "评审专家5：符合标准程度：符合评价标准；特色：标准化做法可推广；不足之处：附件图表不够清晰"
    )
    assert first[7] == "孙丽、王建华、李明、周晓燕"
    assert rows[-1][1] == "2026-0007" and rows[-1][5] == 71.5  # (71 + 72) / 2
    for unit, numbers in UNITS.items():
        sheet = book[unit]
        assert sheet["A1"].value == f"{TITLE}（{unit}）"
        found = [[c.value for c in row] for row in sheet.iter_rows(min_row=3)]
        assert [r[1] for r in found] == numbers
        assert [r[6] for r in found] == ["第 1", "第 2", "第 3", "第 4"]
        assert [str(Decimal(str(r[5])).quantize(Decimal("0.01"))) for r in found] == [
            HAND[n][2] for n in numbers
        ]


def test_names_that_look_like_formulas_stay_text(app, staff):
    built = results_world.build()
    submission = built.applications[4].submissions[-1]
    submission.form = {**submission.form, "team_name": '=HYPERLINK("http://x","y")'}
    from contest.extensions import db

    db.session.commit()
    cell = _book(app)["总表"]["D3"]
    assert (cell.value, cell.data_type, cell.quotePrefix) == (
        '=HYPERLINK("http://x","y")',
        "s",
        True,
    )


def test_the_pdf_reads_back_with_the_same_scores_and_unbroken_names(app, staff, tmp_path):
    need_tools()
    results_world.build()
    facts = results.load(results.current_round())
    data = form24.render_pdf(form24.pdf_facts(facts))
    text = pdf_text(data, tmp_path)
    assert text.count(TITLE) == 4
    for part in ("总表", *UNITS):
        assert f"{TITLE}（{part}）" in text
    for number, (_sorted, _working, published) in HAND.items():
        # Each application once in the total and once in its unit's table.
        assert text.count(number) == 2
        assert text.count(published) >= 2
    lines = {line.strip() for line in text.splitlines()}
    # The longest enterprise name stays on one line.
    assert "上海电气电站设备有限公司汽轮机厂" in lines
    assert "中国商飞上海飞机制造有限公司" in lines
    for name in ("陈志远", "孙丽", "王建华", "李明", "周晓燕"):
        assert name in lines


def test_the_pdf_download(app, staff):
    need_tools()
    results_world.build()
    office = app.test_client()
    sign_in(office, "admin")
    response = office.get(URL + "/form24.pdf")
    assert response.status_code == 200
    assert response.mimetype == "application/pdf"
    assert response.data.startswith(b"%PDF")
