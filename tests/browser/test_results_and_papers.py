"""Staff pages' remaining buttons in Chromium: names lock and display option, 获奖与推荐
(rules, confirmations, overrides, publish and withdraw), 荣誉证书 (template, previews,
numbers, one team's PDF, the whole batch), 评委链接 (cards, reissue, disable) and 导出."""

from __future__ import annotations

import re
import time

import pytest
from playwright.sync_api import Error as PlaywrightError
from playwright.sync_api import expect

from tests.browser.actors import sign_in
from tests.browser.staff_data import score_three
from tests.browser.watch import watched_page

pytestmark = pytest.mark.browser
LAPTOP = {"width": 1440, "height": 900}


def _flash(page):
    return page.locator(".flash").first


def _downloaded(page, click) -> tuple[str, bytes]:
    with page.expect_download() as download:
        click()
    path = download.value.path()
    return download.value.suggested_filename, path.read_bytes()


def _pdf_response(page, click) -> bytes:
    """A PDF a button or link opens in a new tab: the answer the browser got."""
    with page.context.expect_event(
        "response",
        predicate=lambda r: (
            r.url.split("?")[0].endswith(".pdf")
            and r.status == 200
            and (r.header_value("content-type") or "").startswith("application/pdf")
        ),
    ) as answer:
        click()
    return answer.value.body()


def test_every_button_on_the_results_certificates_judges_and_exports_pages(
    fresh_server, browser, tmp_path
):
    server = fresh_server
    score_three(server.database_url, str(tmp_path))
    base = server.url + "/admin/contests/1"
    context = browser.new_context(viewport=LAPTOP, accept_downloads=True)
    with watched_page(context) as page:
        sign_in(page, server, "admin")

        # The contest page: 名称定稿 and back, the display option.
        page.goto(base)
        page.click("button:has-text('名称定稿')")
        expect(_flash(page)).to_have_text("名称已定稿：此后修改名称须填写原因")
        page.click("button:has-text('取消定稿')")
        expect(_flash(page)).to_have_text("已取消定稿")
        page.check("input[name=show_judge_names]")
        page.locator("form:has(input[name=show_judge_names]) button").click()
        expect(_flash(page)).to_have_text("大屏将显示评委姓名")

        # 获奖与推荐: rules, the suggestion, one override, grades, publish, withdraw.
        page.goto(base + "/results")
        page.fill("input[name=quota]", "2")
        page.click("button:has-text('保存规则')")
        expect(_flash(page)).to_have_text("已保存推荐规则")
        page.click("button:has-text('按系统建议确认')")
        expect(_flash(page)).to_have_text("已按建议确认推荐国家级名单")
        rows = page.locator("#results-table tbody tr")
        expect(rows.nth(0).locator("td.national")).to_contain_text("是")
        rows.nth(0).locator("td.national input[name=reason]").fill("经评审组长复核")
        rows.nth(0).locator("td.national button").click()
        expect(_flash(page)).to_have_text("已调整推荐名单")
        expect(rows.nth(0).locator("td.national")).to_contain_text("（人工调整：经评审组长复核）")
        page.fill("textarea[name=grades]", "一等奖 1\n二等奖 2")
        page.click("button:has-text('保存奖项设置')")
        expect(_flash(page)).to_have_text("已保存奖项设置")
        page.click("button:has-text('按系统建议确认奖项')")
        expect(_flash(page)).to_have_text("已按建议确认奖项")
        expect(rows.nth(0).locator("td.grade")).to_contain_text("一等奖")
        third = rows.nth(2).locator("td.grade")
        third.locator("select").select_option(label="一等奖")
        third.locator("input[name=reason]").fill("并列，评审组长裁定")
        third.locator("button").click()
        expect(_flash(page)).to_have_text("已调整奖项")
        expect(rows.nth(2).locator("td.grade")).to_contain_text(
            "一等奖 （人工调整：并列，评审组长裁定）"
        )
        page.click("#publish-confirm summary")
        page.click("#publish-now")
        expect(_flash(page)).to_have_text("获奖名单已发布，大屏可切换到「获奖结果」")
        page.click("button:has-text('撤回发布')")
        expect(_flash(page)).to_have_text("已撤回发布")

        # 荣誉证书: the template, both previews, numbers, one team's PDF, the batch.
        page.goto(base + "/certificates")
        page.click("#template button:has-text('保存模板')")
        expect(_flash(page)).to_have_text("证书模板已保存")
        assert _pdf_response(page, lambda: page.click("button:has-text('按当前填写内容预览')"))
        assert _pdf_response(page, lambda: page.click("a:has-text('预览第一张')"))
        page.click("button:has-text('只分配证书编号')")
        expect(_flash(page)).to_contain_text("个班组分配证书编号，从 SQA-2026-001 起")
        name, data = _downloaded(
            page, lambda: page.locator("#awards a:has-text('下载')").first.click()
        )
        assert (name.endswith(".pdf"), data[:5]) == (True, b"%PDF-")
        page.click("button:has-text('生成全部证书')")
        page.wait_for_url(re.compile(r"/certificates\?job="))
        job_url, deadline = page.url, time.monotonic() + 90
        while not page.locator("#batch a:has-text('下载 PDF')").count():
            assert time.monotonic() < deadline, page.locator("#batch").inner_text()
            page.wait_for_timeout(1000)
            try:
                page.goto(job_url)
            except PlaywrightError as error:  # the job page reloaded itself at that moment
                interrupted = ("interrupted by another navigation", "net::ERR_ABORTED")
                if not any(words in str(error) for words in interrupted):
                    raise
        _, data = _downloaded(page, lambda: page.click("#batch a:has-text('下载 PDF')"))
        assert data[:5] == b"%PDF-"

        # 评委链接: one judge's card, all cards, the venue's cards; reissue; disable, enable.
        page.goto(base + "/judges")
        for link in ("a.small-link:has-text('打印卡片')", "a:has-text('全部评委（PDF）')"):
            _, data = _downloaded(page, lambda link=link: page.locator(link).first.click())
            assert data[:5] == b"%PDF-"
        # (one venue here: its cards are 全部评委; tests/browser/test_staff_pages.py has two)
        expect(page.locator("a.button.secondary")).to_have_count(0)
        page.locator("a:has-text('重新生成链接')").first.click()
        page.click("a:has-text('取消')")
        page.wait_for_url(re.compile(r"/judges$"))
        page.locator("a:has-text('重新生成链接')").first.click()
        page.click("button:has-text('确认重新生成')")
        expect(_flash(page)).to_contain_text("重新生成链接和备用代码，旧链接已失效")
        page.locator("button:has-text('停用')").first.click()
        expect(_flash(page)).to_contain_text("已停用")
        page.locator("button:has-text('启用')").first.click()
        expect(_flash(page)).to_contain_text("已启用")

        # 导出: every file.
        page.goto(base + "/exports")
        links = page.locator("a.button[download]")
        assert links.count() >= 3
        for index in range(links.count()):
            name, data = _downloaded(page, lambda index=index: links.nth(index).click())
            assert data, name
    context.close()
