"""WCAG AA colour contrast (axe-core in Chromium) where people work: every staff page as an
admin sees it, the host console through a round, and the judge's phone in each state."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from playwright.sync_api import expect

from tests.browser.actors import Host, JudgePhone, team_id
from tests.browser.axe import contrast_violations
from tests.browser.judge_phone import fill_marks, open_judge_page
from tests.browser.test_supervisor_pages import _app, _is_page, _seed
from tests.browser.watch import watched_page

pytestmark = pytest.mark.browser
LAPTOP = {"width": 1440, "height": 900}
PHONE = {"width": 390, "height": 844}


def _violations(page) -> list[str]:
    page.wait_for_timeout(200)  # transitions end in their final colours
    return contrast_violations(page)


def test_every_staff_page_meets_aa_contrast(fresh_server, browser):
    server = fresh_server
    instance = Path(server.env["CONTEST_INSTANCE_PATH"])
    paths = _seed(_app(server, instance), instance)
    found: dict[str, list[str]] = {}
    opened = 0
    with watched_page(browser, viewport=LAPTOP, reduced_motion="reduce") as page:
        page.goto(server.url + "/staff/login")
        if violations := _violations(page):
            found["/staff/login"] = violations
        page.fill("input[name=username]", "admin")
        page.fill("input[name=password]", server.credentials["admin"])
        page.click("button[type=submit]")
        page.wait_for_url(re.compile(r"/admin/"))
        for path in paths:
            if re.search(r"\.\w+$", path) or not _is_page(page, server.url + path):
                continue  # a download (printing a certificate even numbers it), or refused
            page.goto(server.url + path)
            opened += 1
            if violations := _violations(page):
                found[path] = violations
    assert found == {}, "\n".join(f"{p}:\n  " + "\n  ".join(v) for p, v in found.items())
    assert opened >= 40


def test_the_host_console_meets_aa_contrast_through_a_round(fresh_server, browser):
    server = fresh_server
    judges = [line.split("\t")[1] for line in server.flask("judge-links").splitlines()]
    phones = [JudgePhone(url) for url in judges]
    host = Host(server.url, "host1", server.credentials["host1"])
    found: dict[str, list[str]] = {}
    with watched_page(browser, viewport=LAPTOP, reduced_motion="reduce") as page:
        page.goto(server.url + "/host/venues/1")
        page.fill("input[name=username]", "host1")
        page.fill("input[name=password]", server.credentials["host1"])
        page.click("button[type=submit]")
        page.wait_for_url(re.compile(r"/host/venues/1$"))

        def check(where: str) -> None:
            if violations := _violations(page):
                found[where] = violations

        check("before the draw")
        host.act("draw", seed="2026-09-18-042917", witnesses="监督组 王立新")
        expect(page.locator("#draw-panel")).to_be_hidden()
        check("after the draw")
        host.act("call", team_id=team_id(server.database_url, 1))
        expect(page.locator("#stage-team .company")).not_to_be_empty()
        check("team on stage")
        host.act("timer", do="start")
        check("timer running")
        host.act("open")
        for phone in phones[:3]:
            assert phone.score("88").status_code == 201
        expect(page.locator("#progress")).to_contain_text("已提交 3")
        check("scoring, three of nine in")
        for phone in phones[3:]:
            assert phone.score("90").status_code == 201
        host.act("close")
        host.act("reveal")
        expect(page.locator("#progress")).not_to_contain_text("评分进行中")
        check("revealed")
        page.locator("#toast").evaluate("el => { el.hidden = false; el.textContent = '网络异常'; }")
        check("a refusal's toast")
    assert found == {}, "\n".join(f"{w}:\n  " + "\n  ".join(v) for w, v in found.items())


def test_the_judges_phone_meets_aa_contrast_in_each_state(fresh_server, browser):
    server = fresh_server
    host = Host(server.url, "host1", server.credentials["host1"])
    found: dict[str, list[str]] = {}
    context = browser.new_context(viewport=PHONE, has_touch=True, reduced_motion="reduce")
    with watched_page(context) as page:

        def check(where: str) -> None:
            if violations := _violations(page):
                found[where] = violations

        open_judge_page(server, page, 1)
        check("waiting for the contest")
        host.act("call", team_id=team_id(server.database_url, 1))
        check("team on stage, scoring not open")
        host.act("open")
        expect(page.locator("#items input").first).to_be_visible()
        check("the sheet, empty")
        page.locator("#items input").first.fill("99")
        page.locator("#items input").nth(1).focus()
        check("a mark out of range")
        count = page.locator("#items input").count()
        fill_marks(page, ["10"] * count)
        page.click("#submit")
        expect(page.locator("#confirm-yes")).to_be_visible()
        check("the confirm step")
        page.click("#confirm-yes")
        expect(page.locator("body")).to_contain_text("已提交（第1次）")
        check("submitted")
        page.click("#mine-toggle")
        expect(page.locator("body")).to_contain_text("您今天已提交的评分")
        check("我的评分")
    context.close()
    assert found == {}, "\n".join(f"{w}:\n  " + "\n  ".join(v) for w, v in found.items())
