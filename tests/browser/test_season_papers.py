"""The generated forms in Chromium: the team downloads its 申报表 as Word and PDF, prints,
"scans" and uploads it and is told the QR code matched; the 推荐单位 downloads 2-2 and 2-1;
the secretariat sees the 「扫描件核对」 line and downloads the 申报表. Every new button pressed,
every download read back."""

from __future__ import annotations

import io
import re
import subprocess
import sys

import pytest
from playwright.sync_api import expect

from tests.browser.season_seed import COMPANY, PERSON, TEAM
from tests.season.papers import docx_rows, need_tools, pdf_text, scan_of

pytestmark = pytest.mark.browser
PHONE = {"viewport": {"width": 390, "height": 844}, "has_touch": True, "locale": "zh-CN"}


def _download(page, selector: str) -> tuple[str, bytes]:
    # A paper is laid out in a child process: seconds on a loaded machine, not a page's 30.
    with page.expect_download(timeout=180_000) as fetched:
        page.click(selector, no_wait_after=True)
    download = fetched.value
    with open(download.path(), "rb") as file:
        return download.suggested_filename, file.read()


def _pdf_lines(data: bytes, tmp_path) -> list[str]:
    assert data.startswith(b"%PDF-")
    return [line for line in pdf_text(data, tmp_path).splitlines() if line.strip()]


def seeded(server, module: str) -> None:
    """The server's database seeded by `module` (python -m), and the secretariat's account."""
    subprocess.run([sys.executable, "-m", module], env=server.env, check=True)
    server.flask("create-staff", "mishu", "--role", "admin", "--password", "mishu-zhiliang-1")


def phone(browser, server):
    """The seeded person signed in on a phone that takes downloads."""
    page = browser.new_context(**PHONE, accept_downloads=True).new_page()
    page.goto(server.url + "/apply/login")
    page.fill("input[name=username]", PERSON[0])
    page.fill("input[name=password]", PERSON[1])
    page.click("button.primary")
    page.wait_for_url(re.compile(r"/apply/$"))
    return page


def office(browser, server):
    """The secretariat signed in on a desktop that takes downloads."""
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="zh-CN",
                                  accept_downloads=True)  # fmt: skip
    page = context.new_page()
    page.goto(server.url + "/staff/login")
    page.fill("input[name=username]", "mishu")
    page.fill("input[name=password]", "mishu-zhiliang-1")
    page.click("button[type=submit]")
    page.wait_for_url(re.compile(r"/admin/$"))
    return page


def test_papers_are_downloaded_scanned_and_checked(empty_server, browser, tmp_path):
    need_tools()
    server = empty_server
    seeded(server, "tests.browser.season_seed")
    team = phone(browser, server)
    team.goto(server.url + "/apply/team/1")
    name, word = _download(team, "#paper-docx")
    assert name == "申报表-2026-0001-第1次提交.docx"
    rows = docx_rows(word)
    assert rows[0][:2] == ["质量信得过班组名称", TEAM]
    assert rows[1] == ["单位名称（公章为准）", COMPANY]
    name, pdf = _download(team, "#paper-pdf")
    assert name == "申报表-2026-0001-第1次提交.pdf"
    lines = _pdf_lines(pdf, tmp_path)
    assert re.fullmatch(r"SQA\|2026\|1-2\|2026-0001\|v1\|[0-9a-f]{12}", lines[0])
    assert TEAM in lines
    # Printed, stamped, scanned at 150 dpi, uploaded from the phone.
    scan = tmp_path / "申报表（盖章）.pdf"
    scan.write_bytes(scan_of(pdf, tmp_path))
    form = team.locator(".attachment[data-kind=scan] form.upload")
    form.locator("input[type=file]").set_input_files(str(scan))
    form.locator("button").click()
    expect(team.locator("#scan-check")).to_have_text(
        "扫描件核对：二维码与当前申报表一致（第1次提交的版本）"
    )
    expect(team.locator(".flash-success").last).to_have_text(
        "扫描件核对：二维码与当前申报表一致（第1次提交的版本）"
    )

    team.goto(server.url + "/apply/recommender/1/report")
    for selector, filename in (
        ("#paper-22-docx", "活动统计表-浦东新区质量协会-第1次提交.docx"),
        ("#paper-22-pdf", "活动统计表-浦东新区质量协会-第1次提交.pdf"),
        ("#paper-21-docx", "活动总结-浦东新区质量协会-第1次提交.docx"),
        ("#paper-21-pdf", "活动总结-浦东新区质量协会-第1次提交.pdf"),
    ):
        name, data = _download(team, selector)
        assert name == filename
        if name.endswith(".docx"):
            from docx import Document

            document = Document(io.BytesIO(data))
            text = [p.text for p in document.paragraphs]
            if "统计表" in name:
                assert text[:4] == [
                    "附件 2-2：",
                    "2026 年上海市“质量信得过班组”活动统计表",
                    "（2025 年 6 月至 2026 年 6 月）",
                    "推荐企业（行业/各区/集团）（盖章）： 浦东新区质量协会 \t编号： 2026-R01 ",
                ]
                assert docx_rows(data)[1] == ["1", "本年度开展质量信得过班组企业数", "个", "12"]
            else:
                assert text[:5] == [
                    "附件 2-1：",
                    "2026 年开展“质量信得过班组”建设活动总结",
                    "推荐行业/各区/集团（盖章）： 浦东新区质量协会 \t编号： 2026-R01 ",
                    "一、基本情况",
                    "全年开展质量信得过班组活动，培训骨干 120 人次。",
                ]
                assert text[5] == "填表人：张建国"
        else:
            lines = _pdf_lines(data, tmp_path)
            code = "2-2" if "统计表" in name else "2-1"
            assert re.fullmatch(rf"SQA\|2026\|{code}\|2026-R01\|v1\|[0-9a-f]{{12}}", lines[0])

    staff = office(browser, server)
    staff.goto(server.url + "/admin/season/review")
    line = staff.locator("tr[data-number='2026-0001'] td.scan-check")
    expect(line).to_have_text("扫描件核对：二维码与当前申报表一致（第1次提交的版本）")
    expect(line).to_have_class("scan-check check-matched")
    staff.click("tr[data-number='2026-0001'] a")
    expect(staff.locator("#scan-check-line")).to_have_text(
        "扫描件核对：二维码与当前申报表一致（第1次提交的版本）"
    )
    name, word = _download(staff, "#paper-docx")
    assert (name, docx_rows(word)[1]) == (
        "申报表-2026-0001-第1次提交.docx",
        ["单位名称（公章为准）", COMPANY],
    )
    name, pdf = _download(staff, "#paper-pdf")
    assert name == "申报表-2026-0001-第1次提交.pdf" and TEAM in _pdf_lines(pdf, tmp_path)
    name, data = _download(staff, "#scan-current")
    assert (name, data) == ("申报表（盖章）.pdf", scan.read_bytes())
