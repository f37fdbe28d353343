"""The papers of the enterprise and the 推荐单位 in Chromium, from an empty database: the
enterprise downloads its 评分与推荐意见表 as Word and PDF, prints, "scans" and uploads it and
is told the QR code matched; the 推荐单位 downloads 2-4 and 2-3; the secretariat sees the
opinion's 「扫描件核对」 line and downloads all three. Every new button pressed, every
download read back."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from tests.browser.season_seed import COMPANY, TEAM
from tests.browser.test_season_papers import _download, _pdf_lines, office, seeded
from tests.browser.test_season_papers import phone as signed_in_phone
from tests.season.papers import docx_rows, need_tools, scan_of

pytestmark = pytest.mark.browser
MATCHED = "扫描件核对：二维码与当前评分与推荐意见表一致（第1次提交的版本）"
REVIEW = ["1", f"{COMPANY}\n{TEAM}",
          "符合标准程度：各要素基本符合准则要求\n特色：自主维护\n不足之处：数据分析深度不足",
          "86.5/第 1", "陈志远"]  # fmt: skip
RECOMMENDED = ["1", COMPANY, TEAM, "12"]


def _paragraphs(data: bytes) -> list[str]:
    import io

    from docx import Document

    return [p.text for p in Document(io.BytesIO(data)).paragraphs if p.text]


def _check(name: str, data: bytes, tmp_path, *, form_no: str, number: str, title: str,
           row: list[str], at: int) -> None:  # fmt: skip
    """A downloaded paper: its QR code's text and title in the PDF, its row in Word."""
    if name.endswith(".docx"):
        assert _paragraphs(data)[:2] == [f"{'表' if form_no == '1-3' else '附件'} {form_no}：",
                                         title]  # fmt: skip
        assert docx_rows(data)[at] == row
        return
    lines = _pdf_lines(data, tmp_path)
    pattern = rf"SQA\|2026\|{form_no}\|{number}\|v1\|[0-9a-f]{{12}}"
    assert re.fullmatch(pattern, lines[0]), lines[0]
    assert title in lines and TEAM in lines


OPINION = dict(form_no="1-3", number="2026-0001", title="质量信得过班组建设经验评分与推荐意见表",
               row=["单位名称（公章为准）", COMPANY], at=0)  # fmt: skip
FORM_24 = dict(form_no="2-4", number="2026-R01",
               title="2026 年上海市“质量信得过班组”建设经验材料评审汇总表",
               row=REVIEW, at=1)  # fmt: skip
FORM_23 = dict(form_no="2-3", number="2026-R01",
               title="2026 年上海市“质量信得过班组”建设经验推荐表",
               row=RECOMMENDED, at=2)  # fmt: skip


def test_unit_papers_are_downloaded_and_the_opinion_scan_checked(empty_server, browser, tmp_path):
    need_tools()
    server = empty_server
    seeded(server, "tests.browser.season_seed_units")
    phone = signed_in_phone(browser, server)

    phone.goto(server.url + "/apply/unit/applications/1/opinion")
    name, word = _download(phone, "#opinion-paper-docx")
    assert name == "评分与推荐意见表-2026-0001-第1次提交.docx"
    _check(name, word, tmp_path, **OPINION)
    assert docx_rows(word)[1] == ["质量信得过班组名称", TEAM]
    name, pdf = _download(phone, "#opinion-paper-pdf")
    assert name == "评分与推荐意见表-2026-0001-第1次提交.pdf"
    _check(name, pdf, tmp_path, **OPINION)
    scan = tmp_path / "评分与推荐意见表（盖章）.pdf"
    scan.write_bytes(scan_of(pdf, tmp_path))
    phone.set_input_files("#scan-form input[type=file]", str(scan))
    phone.click("#scan-upload")
    expect(phone.locator("#scan-check-line")).to_have_text(MATCHED)
    expect(phone.locator("#scan-check-line")).to_have_class("scan-check check-matched")
    expect(phone.locator(".flash-success").last).to_have_text(MATCHED)

    for path, kind, facts in (("review", "review", FORM_24),
                              ("recommendation", "recommendation", FORM_23)):  # fmt: skip
        phone.goto(server.url + f"/apply/recommender/1/{path}")
        label = "材料评审汇总表" if kind == "review" else "推荐表"
        for fmt in ("docx", "pdf"):
            name, data = _download(phone, f"#paper-{kind}-{fmt}")
            assert name == f"{label}-浦东新区质量协会-第1次提交.{fmt}"
            _check(name, data, tmp_path, **facts)

    staff = office(browser, server)
    staff.goto(server.url + "/admin/season/applications/1")
    line = staff.locator("#opinion-scan-check-line")
    expect(line).to_have_text(
        "评分与推荐意见表扫描件核对：二维码与当前评分与推荐意见表一致（第1次提交的版本）"
    )
    expect(line).to_have_class("scan-check check-matched")
    expect(staff.locator("#opinion-scan-qr")).to_have_text(
        re.compile(r"SQA\|2026\|1-3\|2026-0001\|v1\|[0-9a-f]{12}")
    )
    for fmt in ("docx", "pdf"):
        name, data = _download(staff, f"#opinion-paper-{fmt}")
        assert name == f"评分与推荐意见表-2026-0001-第1次提交.{fmt}"
        _check(name, data, tmp_path, **OPINION)
    staff.goto(server.url + "/admin/season/recommenders/1/forms")
    for kind, facts in (("review", FORM_24), ("recommendation", FORM_23)):
        label = "材料评审汇总表" if kind == "review" else "推荐表"
        for fmt in ("docx", "pdf"):
            name, data = _download(staff, f"#staff-paper-{kind}-{fmt}")
            assert name == f"{label}-浦东新区质量协会-第1次提交.{fmt}"
            _check(name, data, tmp_path, **facts)
