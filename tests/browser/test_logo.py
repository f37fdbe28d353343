"""The organiser's logo in Chromium: uploaded on 基本信息, shown on the open hall display."""

from __future__ import annotations

import re

import pytest
from PIL import Image
from playwright.sync_api import expect

from tests.browser.watch import watched_page

pytestmark = pytest.mark.browser


def test_upload_shows_the_logo_on_the_open_display_and_removing_brings_the_seal_back(
    fresh_server, browser, tmp_path
):
    server = fresh_server
    logo = tmp_path / "协会标志.png"
    image = Image.new("RGBA", (300, 120), (255, 215, 0, 255))
    image.save(logo, "PNG")
    with (
        watched_page(browser, viewport={"width": 1920, "height": 1080}) as display,
        watched_page(browser, viewport={"width": 1280, "height": 900}) as page,
    ):
        display.goto(server.url + "/display/venues/1")
        expect(display.locator(".welcome .emblem")).to_have_text("质")

        page.goto(server.url + "/staff/login")
        page.fill("input[name=username]", "admin")
        page.fill("input[name=password]", server.credentials["admin"])
        page.click("button[type=submit]")
        page.wait_for_url(re.compile(r"/admin/"))
        page.goto(server.url + "/admin/contests/1/setup/basic")
        expect(page.locator("#logo-none")).to_have_text("尚未上传标志。")
        page.set_input_files("#logo-form input[type=file]", str(logo))
        page.click("#logo-upload")
        expect(page.locator(".flash").first).to_have_text("已更换大屏标志，欢迎画面将显示新的标志")
        expect(page.locator("#logo-current")).to_be_visible()
        assert page.locator("#logo-current").evaluate("img => img.naturalWidth") == 300

        # The open display swaps the seal for the logo without a reload.
        shown = display.locator(".welcome img.logo")
        expect(shown).to_be_visible()
        expect(shown).to_have_attribute("alt", "主办单位标志")
        display.wait_for_function("() => document.querySelector('.welcome img.logo').complete")
        assert shown.evaluate("img => img.naturalWidth") == 300
        expect(display.locator(".welcome .emblem")).to_have_count(0)
        display.screenshot(path="/tmp/welcome-logo.png")

        # A file that is not an image: refused, in words, and the logo stays.
        bad = tmp_path / "不是图片.png"
        bad.write_bytes(b"plain text")
        page.set_input_files("#logo-form input[type=file]", str(bad))
        page.click("#logo-upload")
        expect(page.locator(".flash").first).to_have_text(
            "标志图片无法识别，请上传 PNG 或 JPEG 图片"
        )
        expect(page.locator("#logo-current")).to_be_visible()

        page.click("#logo-remove")
        expect(page.locator(".flash").first).to_have_text(
            "已删除大屏标志，欢迎画面恢复显示“质”字徽记"
        )
        expect(page.locator("#logo-none")).to_be_visible()
        expect(display.locator(".welcome .emblem")).to_have_text("质")
