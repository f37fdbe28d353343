"""Staff import form 2-3 through the preview in Chromium, then undo it; templates download."""

from __future__ import annotations

import io
import re
from pathlib import Path

import openpyxl
import pytest

from tests.browser.watch import watched_page
from tests.imports.files import form_2_3_workbook

pytestmark = pytest.mark.browser

CHEMICAL, PUDONG = "上海市化工行业协会", "浦东新区市场监督管理局"
SHEETS = [
    (
        CHEMICAL,
        [
            ("上海华谊（集团）公司吴泾化工有限公司", "丙烯酸装置运行三班", 12, "", "现场"),
            ("上海华谊（集团）公司吴泾化工有限公司", "合成氨车间质检一班", 8, "", "线上"),
        ],
    ),
    (PUDONG, [("上海浦东新区自来水有限公司", "凌桥水厂运行班", 9, "", "")]),
]
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _sign_in(page, server) -> None:
    page.goto(server.url + "/staff/login")
    page.fill("input[name=username]", "admin")
    page.fill("input[name=password]", server.credentials["admin"])
    page.click("button[type=submit]")
    page.wait_for_url(re.compile(r"/admin/$"))  # the front page lists the contests
    page.click('#contests tr[data-contest="1"] td.name a')
    page.wait_for_url(re.compile(r"/admin/contests/1$"))


def _upload(page, data: bytes) -> None:
    page.set_input_files(
        "input[name=file]", files=[{"name": "推荐表.xlsx", "mimeType": XLSX, "buffer": data}]
    )
    page.click("#import-check")
    page.wait_for_selector("#import-preview")


def test_setup_imports_templates_download_as_real_workbooks(browser, demo_server):
    with watched_page(browser, viewport={"width": 1280, "height": 900}) as page:
        _sign_in(page, demo_server)
        for kind, nav, labels in (
            ("teams", "导入班组", ["下载班组推荐表模板"]),
            ("judges", "导入评委", ["下载评委名单模板"]),
            ("scores", "导入评分", ["下载评分录入表（各评分项）", "下载评分录入表（只填总分）"]),
        ):
            page.get_by_role("link", name=nav, exact=True).click()  # the nav on each page
            page.wait_for_url(re.compile(f"/import/{kind}$"))
            for label in labels:
                with page.expect_download() as download:
                    page.get_by_role("link", name=label).click()
                data = Path(download.value.path()).read_bytes()
                assert data[:2] == b"PK"
                sheet = openpyxl.load_workbook(io.BytesIO(data)).active
                assert sheet.cell(1, 1).value.startswith("2026年")
                assert download.value.suggested_filename.endswith(".xlsx")


def test_setup_imports_form_2_3_preview_confirm_and_undo(browser, fresh_server, tmp_path):
    data = form_2_3_workbook(SHEETS)
    with watched_page(browser, viewport={"width": 1280, "height": 900}) as page:
        _sign_in(page, fresh_server)
        page.click("text=导入班组")
        page.wait_for_url(re.compile(r"/import/teams$"))

        _upload(page, data)  # 取消 on a preview: nothing written
        page.click("#import-cancel")
        page.wait_for_selector("text=已取消，未写入任何数据")
        assert page.locator("#import-preview").count() == 0

        _upload(page, data)
        sheets = page.inner_text("#import-sheets")
        assert CHEMICAL in sheets and PUDONG in sheets
        previews = page.locator(".preview-sheet")
        assert previews.count() == 2
        assert "丙烯酸装置运行三班" in previews.nth(0).inner_text()
        assert "凌桥水厂运行班" in previews.nth(1).inner_text()
        page.screenshot(path=str(tmp_path / "preview.png"), full_page=True)
        page.click("#import-confirm")
        page.wait_for_url(re.compile(r"/admin/contests/1$"))
        assert "已导入 3 个班组（新建推荐单位 2 个" in page.inner_text("main")
        teams = page.inner_text("#teams")
        for name in (
            "丙烯酸装置运行三班",
            "合成氨车间质检一班",
            "凌桥水厂运行班",
            CHEMICAL,
            PUDONG,
        ):
            assert name in teams
        assert page.locator("#teams tbody tr").count() == 23

        page.click("text=导入班组")
        page.wait_for_url(re.compile(r"/import/teams$"))
        assert CHEMICAL in page.inner_text("#import-history")
        page.click("button.undo-import")
        page.wait_for_selector("text=已撤销导入：删除 3 个班组")
        assert "已于" in page.inner_text("#import-history")
        page.screenshot(path=str(tmp_path / "history.png"), full_page=True)
        page.click("text=管理后台")
        page.wait_for_url(re.compile(r"/admin/contests/1$"))
        assert page.locator("#teams tbody tr").count() == 20
        assert "凌桥水厂运行班" not in page.inner_text("#teams")
