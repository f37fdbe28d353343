"""A judge's phone is offline when the host closes scoring: the score is kept, then accepted.

Real Chromium: the judge's phone (390×844) and the host console (1440×900), on serve.py.
"""

from __future__ import annotations

import os
import re

import pytest
import requests
from playwright.sync_api import expect

from tests.browser.actors import JudgePhone, submissions, team_id
from tests.browser.watch import watched_page

pytestmark = pytest.mark.browser
KEPT = "评分已结束，您的评分已送达，等待主持人决定是否采纳"
LATE_MARKS = ["15", "14", "23", "13", "18", "9"]  # judge 5: 92
ON_TIME = {1: "90", 2: "91", 3: "92", 4: "93", 7: "95", 8: "96", 9: "97"}
REASON = "评委5手机断网，评分在结束后送达，经评审组长同意采纳"
# Without judge 5 and 6: drop 90, 97 -> (91+92+93+95+96)/5 = 93.40. With judge 6's 94 and
# judge 5's 92 counted: drop 90, 97 -> (91+92+92+93+94+95+96)/7 = 93.2857… -> 93.29.
FINAL = "93.29"


def _shot(page, name: str) -> None:
    folder = os.environ.get("CONTEST_SCREENSHOTS")
    if folder:
        page.screenshot(path=f"{folder}/{name}.png")


def _wait_until(page, condition) -> None:
    """Wait (up to 10 s) for a dialog handler to have run."""
    for _ in range(100):
        if condition():
            return
        page.wait_for_timeout(100)
    raise AssertionError("the page never asked")


def _sign_in(page, server) -> None:
    page.goto(server.url + "/host/venues/1")
    page.fill("input[name=username]", "host1")
    page.fill("input[name=password]", server.credentials["host1"])
    page.click("button[type=submit]")
    page.wait_for_url(re.compile(r"/host/venues/1$"))


def test_a_score_sent_offline_after_the_close_is_kept_and_counted_on_reopen(
    fresh_server, browser, phone
):
    server = fresh_server
    links = [line.split("\t") for line in server.flask("judge-links").splitlines()]
    team = team_id(server.database_url, 1)
    # Cutting the network is what this test does: the socket and fetches report it.
    offline = ("ERR_INTERNET_DISCONNECTED", "net::ERR", "WebSocket connection to")
    with (
        watched_page(browser, viewport={"width": 1440, "height": 900}, allow=("409",)) as host,
        watched_page(phone, allow=offline) as judge,
    ):
        _sign_in(host, server)
        judge.goto(links[4][1])
        judge.wait_for_url(re.compile(r"/judge/$"))
        expect(judge.locator("#conn")).to_be_hidden()

        # No draw in this test: the console asks before calling a team in import order.
        host.once("dialog", lambda d: d.accept())
        host.click(f'#order li[data-team="{team}"] button.call')
        expect(host.locator("#stage-team .team")).to_have_text("叶片车间精加工一班")
        host.click('[data-action="open"]')
        expect(judge.locator("#sheet")).to_be_visible()
        for number, total in ON_TIME.items():
            assert JudgePhone(links[number - 1][1]).score(total).status_code == 201
        expect(host.locator("#progress")).to_contain_text("已提交 7 / 9")

        # Judge 5 loses the network, then scores: the marks wait in the phone's outbox.
        phone.set_offline(True)
        for index, value in enumerate(LATE_MARKS):
            judge.locator("#items input").nth(index).fill(value)
        judge.click("#submit")
        judge.click("#confirm-yes")
        expect(judge.locator("#status")).to_contain_text("等待网络")

        # 结束评分 names the judges still missing and asks first; cancelling keeps it open.
        asked: list[str] = []
        host.once("dialog", lambda d: (asked.append(d.message), d.dismiss()))
        host.click('[data-action="close"]')
        _wait_until(host, lambda: asked)
        assert asked == ["评委5、评委6 尚未提交，确定结束评分？"]
        expect(host.locator("#progress")).to_contain_text("评分进行中")
        host.once("dialog", lambda d: (asked.append(d.message), d.accept()))
        host.click('[data-action="close"]')
        expect(host.locator("#progress")).to_contain_text("评分已结束")
        assert asked[1] == "评委5、评委6 尚未提交，确定结束评分？"

        # Back online: the score reaches the server after the close and is kept, not counted.
        phone.set_offline(False)
        expect(judge.locator("#status-title")).to_have_text(KEPT, timeout=20_000)
        expect(judge.locator("#locked-banner")).to_have_text(KEPT)
        expect(judge.locator("#items input").nth(2)).to_have_value("23")
        expect(judge.locator("#notice")).to_be_hidden()
        late = host.locator("#late-list li")
        expect(late).to_have_count(1)
        expect(late.locator(".what")).to_have_text("评委5 的评分在结束后到达")
        expect(late.locator(".name")).to_have_text("叶片车间精加工一班")
        expect(late).to_contain_text("总分 92")
        expect(host.locator("#progress")).to_contain_text("已提交 7 / 9")
        assert submissions(server.database_url, team_id=team, judge_name=links[4][0]) == []
        _shot(judge, "late-1-phone-kept-bottom")
        judge.evaluate("window.scrollTo(0, 0)")
        _shot(judge, "late-1-phone-kept-top")
        _shot(host, "late-2-console")

        # The phone keeps the marks across a reload too (the outbox entry stays, held).
        judge.reload()
        expect(judge.locator("#status-title")).to_have_text(KEPT)
        expect(judge.locator("#items input").first).to_have_value("15")

        # 重新开放评分: a reason is required (an empty one is refused on the page).
        host.once("dialog", lambda d: d.accept("  "))
        late.locator("button.reopen").click()
        expect(host.locator("#toast")).to_have_text("请填写重新开放评分的原因")
        prompts: list[str] = []
        host.once("dialog", lambda d: (prompts.append(d.message), d.accept(REASON)))
        late.locator("button.reopen").click()
        expect(host.locator("#late-panel")).to_be_hidden()
        expect(host.locator("#toast")).to_have_text(
            "已重新开放评分，结束后到达的评分已采纳。评委补齐后请再次结束评分。"
        )
        assert prompts == [
            "重新开放「叶片车间精加工一班」的评分，并采纳结束后到达的评分。请填写原因（记入日志）："
        ]
        expect(host.locator("#progress")).to_contain_text("评分进行中 · 已提交 8 / 9")
        expect(judge.locator("#status")).to_contain_text("已提交（第1次）", timeout=20_000)
        rows = submissions(server.database_url, team_id=team, judge_name=links[4][0])
        assert [(v, str(t)) for v, t, _ in rows] == [(1, "92")]

        # Judge 6 scores; the host closes again (nobody missing: no question) and reveals.
        assert JudgePhone(links[5][1]).score("94").status_code == 201
        expect(host.locator("#progress")).to_contain_text("已提交 9 / 9")
        host.click('[data-action="close"]')
        expect(host.locator('[data-action="reveal"]')).to_be_enabled()
        host.click('[data-action="reveal"]')
        expect(host.locator("button.scene.active")).to_have_text("揭晓")
        state = requests.get(f"{server.url}/api/venues/1/state", timeout=10).json()
        assert state["reveal"]["published"] == FINAL
        assert len(state["reveal"]["marks"]) == 9
        outbox = judge.evaluate(
            "localStorage.getItem('contest-outbox-' + document.getElementById('app').dataset.judge)"
        )
        assert outbox == "[]"
