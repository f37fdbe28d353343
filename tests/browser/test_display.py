"""The hall display and a remote viewer follow a scripted contest through every scene."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from tests.browser.actors import Host, JudgePhone, team_id
from tests.browser.proxy import CuttableProxy
from tests.browser.results import publish

pytestmark = pytest.mark.browser
# 86.5 and 93 are dropped: (87 + 88 + 89 + 90 + 90.5 + 91.5 + 92) / 7 = 89.714... -> 89.71
TOTALS = ["88", "91.5", "87", "90", "86.5", "92", "89", "90.5", "93"]


def _display(browser, url):
    page = browser.new_page(viewport={"width": 1920, "height": 1080})
    page.goto(url + "/display/venues/1")
    expect(page.locator("#conn")).to_be_hidden()
    return page


# The proxy in front of one display cuts its connection on purpose.
@pytest.mark.console_allows(
    "net::ERR_EMPTY_RESPONSE", "net::ERR_CONNECTION_REFUSED", "net::ERR_SOCKET_NOT_CONNECTED"
)
def test_display_and_viewer_follow_every_scene(fresh_server, browser, phone, tmp_path):
    server = fresh_server
    proxy = CuttableProxy(int(server.url.rsplit(":", 1)[1]))
    steady = _display(browser, server.url)
    flaky = _display(browser, proxy.url)
    viewer = phone.new_page()
    viewer.goto(server.url + "/live/1")
    host = Host(server.url, "host1", server.credentials["host1"])
    judges = [JudgePhone(line.split("\t")[1]) for line in server.flask("judge-links").splitlines()]
    team = team_id(server.database_url, 3)

    # 1. Welcome
    expect(steady.locator(".scene.welcome h1")).to_have_text(
        "2026年上海市质量信得过班组建设经验发表赛"
    )
    expect(viewer.locator("#now-body")).to_have_text("比赛即将开始")

    # 2. On stage, with the timer running and the online team connected
    host.act("call", team_id=team)
    host.act("timer", do="start")
    host.act("online_ready", team_id=team, ready=True)
    on_stage = steady.locator(".scene.on-stage:not(.leaving)")
    expect(on_stage.locator(".company")).to_have_text("上海浦东国际机场货运站有限公司（东区）")
    expect(on_stage.locator(".team")).to_have_text("进港理货二组")
    expect(on_stage.locator(".meta")).to_have_text("浦东新区 · 线上发表已连线")
    expect(on_stage.locator(".timer")).to_have_class(re.compile(r"\bnormal running\b"))
    expect(on_stage.locator(".timer .phase")).to_have_text("发表")
    expect(on_stage.locator(".timer .clock")).to_have_text(re.compile(r"^1[45]:\d\d$"))
    expect(viewer.locator("#now-body .company")).to_have_text(
        "上海浦东国际机场货运站有限公司（东区）"
    )

    # 3. Scoring: progress without marks; one display loses its network meanwhile
    host.act("open")
    scoring = steady.locator(".scene.scoring:not(.leaving)")
    expect(scoring.locator(".progress")).to_have_text("已提交 0 / 9")
    proxy.cut()
    expect(flaky.locator("#conn")).to_be_visible()
    for judge, total in zip(judges, TOTALS, strict=True):
        assert judge.score(total).status_code == 201
    expect(scoring.locator(".progress")).to_have_text("已提交 9 / 9")
    expect(scoring.locator(".dots li.done")).to_have_count(9)
    expect(viewer.locator("#now-body .progress")).to_have_text("评委评分中 · 已提交 9 / 9")
    assert "89.71" not in steady.inner_text("body")  # no mark or score before the reveal

    # 4. Reveal: every mark, the dropped two struck through, the final score and rank
    host.act("close")
    host.act("reveal")
    reveal = steady.locator(".scene.reveal:not(.leaving)")
    expect(reveal.locator(".marks li")).to_have_count(9)
    expect(reveal.locator(".marks li.dropped .total")).to_have_text(["86.5", "93"])
    expect(reveal.locator(".marks li.dropped .tag")).to_have_text(["去掉最低分", "去掉最高分"])
    expect(reveal.locator(".marks li .who").first).to_have_text("评委1")
    expect(reveal.locator(".final .score")).to_have_text("89.71")
    expect(reveal.locator(".final .rank")).to_have_text("当前第 1 名")
    expect(viewer.locator("#reveal .final b")).to_have_text("89.71")
    expect(viewer.locator("#reveal .marks li.dropped")).to_have_count(2)
    assert "陈建国" not in steady.inner_text("body")  # judges by number, not name

    # The display that dropped comes back by itself and shows exactly the same
    proxy.restore()
    expect(flaky.locator("#conn")).to_be_hidden(timeout=15_000)
    expect(flaky.locator("body")).to_have_attribute(
        "data-version", steady.locator("body").get_attribute("data-version")
    )
    expect(flaky.locator(".scene.reveal:not(.leaving) .final .score")).to_have_text("89.71")
    flaky.wait_for_timeout(2800)  # let the reveal's staged animation finish on both
    assert flaky.inner_text("#stage") == steady.inner_text("#stage")

    # 5. Standings
    host.act("scene", scene="standings")
    standings = steady.locator(".scene.standings:not(.leaving)")
    expect(standings.locator("tr")).to_have_count(1)
    expect(standings.locator("tr .company")).to_have_text("上海浦东国际机场货运站有限公司（东区）")
    expect(standings.locator("tr .num")).to_have_text("89.71")
    expect(viewer.locator("#standings li .score")).to_have_text(["89.71"])

    # 6. Results, once staff publish them
    publish(server.database_url, str(tmp_path), {"一等奖": [3]}, national=[3])
    host.act("scene", scene="results")
    results = steady.locator(".scene.results:not(.leaving)")
    expect(results.locator(".grade h2")).to_have_text(["一等奖", "推荐国家级"])
    expect(results.locator(".grade .team").first).to_have_text("进港理货二组")
    expect(viewer.locator("#results h3")).to_have_text(["一等奖", "推荐国家级"])
    proxy.close()
