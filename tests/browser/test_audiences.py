"""`make run`'s path, in a real browser: every audience gets a working page."""

from __future__ import annotations

import re

import pytest

pytestmark = pytest.mark.browser


def test_staff_sign_in_and_see_the_teams(browser, demo_server):
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    page.goto(demo_server.url + "/staff/login")
    page.fill("input[name=username]", "admin")
    page.fill("input[name=password]", demo_server.credentials["admin"])
    page.click("button[type=submit]")
    page.wait_for_url(re.compile(r"/admin/$"))  # the front page lists every contest
    page.click("#contests a:has-text('2026年上海市质量信得过班组建设经验发表赛')")
    page.wait_for_url(re.compile(r"/admin/contests/1$"))
    assert page.locator("#teams tbody tr").count() == 20
    assert page.locator("#judges tbody tr").count() == 9
    assert "上海浦东国际机场货运站有限公司（东区）" in page.inner_text("#teams")
    page.close()


def test_host_signs_in_to_the_console(browser, demo_server):
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    page.goto(demo_server.url + "/host/venues/1")
    page.wait_for_url(re.compile(r"/staff/login"))
    page.fill("input[name=username]", "host1")
    page.fill("input[name=password]", demo_server.credentials["host1"])
    page.click("button[type=submit]")
    page.wait_for_url(re.compile(r"/host/venues/1$"))
    assert page.locator(".running-order li").count() == 20
    assert page.inner_text("button.scene.active") == "欢迎"
    page.close()


def test_hall_display_and_viewer_are_public(browser, demo_server):
    display = browser.new_page(viewport={"width": 1920, "height": 1080})
    display.goto(demo_server.url + "/display/venues/1")
    assert display.inner_text(".welcome h1") == "2026年上海市质量信得过班组建设经验发表赛"
    viewer = browser.new_page(viewport={"width": 390, "height": 844})
    viewer.goto(demo_server.url + "/live/1")
    assert viewer.inner_text(".venue-name") == "第一分会场"
    assert viewer.inner_text("#now-body") == "比赛即将开始"
    display.close()
    viewer.close()


def test_judge_opens_personal_link_on_a_phone(browser, demo_server):
    line = demo_server.flask("judge-links").splitlines()[1]
    name, url = line.split("\t")
    page = browser.new_page(viewport={"width": 390, "height": 844})
    page.goto(url)
    page.wait_for_url(re.compile(r"/judge/$"))
    assert page.inner_text(".who .me") == f"评委2 · {name}"
    page.close()
