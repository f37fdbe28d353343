"""The hall display's scenes on a real screen: a long draw, fullscreen, break, next up, results."""

from __future__ import annotations

import re
from collections.abc import Iterator
from contextlib import contextmanager

import pytest
from playwright.sync_api import expect

from tests.browser.actors import Host, JudgePhone, sign_in, team_id
from tests.browser.crowd import add_teams
from tests.browser.results import publish
from tests.browser.watch import watched_page

pytestmark = pytest.mark.browser
HD = {"width": 1920, "height": 1080}


@contextmanager
def console_and_display(browser, server) -> Iterator[tuple]:
    """The host's console (signed in) and the hall display, side by side."""
    with (
        watched_page(browser, viewport={"width": 1440, "height": 1000}) as console,
        watched_page(browser, viewport=HD) as display,
    ):
        sign_in(console, server, "host1")
        console.wait_for_url("**/host/venues/1")
        display.goto(server.url + "/display/venues/1")
        yield console, display


def box(locator) -> dict:
    return locator.evaluate(
        "n => { const r = n.getBoundingClientRect();"
        " return {top: r.top, bottom: r.bottom, scroll: n.scrollWidth, client: n.clientWidth}; }"
    )


@pytest.mark.parametrize("viewport", [HD, {"width": 1280, "height": 720}])
def test_draw_of_26_teams_pages_and_keeps_names_whole(fresh_server, browser, viewport):
    add_teams(fresh_server.database_url, str(fresh_server.env["CONTEST_INSTANCE_PATH"]))
    host = Host(fresh_server.url, "host1", fresh_server.credentials["host1"])
    with watched_page(browser, viewport=viewport, reduced_motion="reduce") as page:
        page.goto(fresh_server.url + "/display/venues/1")
        host.act("draw", seed="2026-09-18-042917", witnesses="监督组 王立新、李慧")
        draw = page.locator(".scene.draw:not(.leaving)")
        expect(draw.locator(".drawn li")).to_have_count(10)
        expect(draw.locator(".pager")).to_have_text("第 1 / 3 页")
        expect(draw.locator(".drawn .pos").first).to_have_text("1")
        names = draw.locator(".drawn .names")
        for i in range(10):  # one line each, nothing cut off: the long ones were shrunk
            shape = box(names.nth(i))
            assert shape["scroll"] <= shape["client"] + 1, names.nth(i).inner_text()
            assert shape["bottom"] - shape["top"] < viewport["height"] * 0.06
        longest = draw.locator(".names", has_text="部件装配第二分厂")
        expect(longest).to_have_text(
            re.compile("中国商用飞机.*部件装配第二分厂机身对接装配质量控制班组")
        )
        # Header, title, list, pager and seed line stack without overlapping, all on screen.
        head, title = box(page.locator(".screen-head")), box(draw.locator("h1"))
        first, seed = box(draw.locator(".drawn li").first), box(draw.locator(".seed"))
        assert head["bottom"] <= title["top"] and title["bottom"] <= first["top"]
        assert seed["bottom"] <= viewport["height"]
        expect(draw.locator(".seed")).to_have_text(
            "抽签随机码：2026-09-18-042917 · 监督人：监督组 王立新、李慧"
        )
        # The pages turn by themselves: 14 s for the first (it appears team by team), then 8 s.
        expect(draw.locator(".pager")).to_have_text("第 2 / 3 页", timeout=20_000)
        expect(draw.locator(".drawn .pos").first).to_have_text("11")
        expect(draw.locator(".pager")).to_have_text("第 3 / 3 页", timeout=12_000)
        expect(draw.locator(".drawn li")).to_have_count(6)


def test_fullscreen_button_and_resting_cursor(demo_server, browser):
    with watched_page(browser, viewport=HD) as page:
        page.goto(demo_server.url + "/display/venues/1")
        button = page.locator("#fullscreen")
        page.mouse.move(200, 200)
        expect(button).to_be_visible()
        expect(button).to_have_text("全屏")
        button.click()
        expect(button).to_be_hidden()
        assert page.evaluate("document.fullscreenElement === document.documentElement")
        page.evaluate("document.exitFullscreen()")
        expect(button).to_be_visible()
        # The cursor disappears after about 3 s without moving and comes back with the mouse.
        page.mouse.move(300, 300)
        assert page.evaluate("getComputedStyle(document.body).cursor") != "none"
        expect(page.locator("body")).to_have_class(re.compile(r"\bidle\b"), timeout=4500)
        assert page.evaluate("getComputedStyle(document.querySelector('#stage')).cursor") == "none"
        page.mouse.move(320, 320)
        expect(page.locator("body")).not_to_have_class(re.compile(r"\bidle\b"))


def test_break_counts_down_from_the_stored_end_after_a_reload(fresh_server, browser):
    with console_and_display(browser, fresh_server) as (console, display):
        console.fill("#break-minutes", "10")
        console.click("button.scene[data-scene=break]")
        expect(console.locator("button.scene[data-scene=break]")).to_have_class(
            re.compile(r"\bactive\b")
        )
        scene = display.locator(".scene.break:not(.leaving)")
        expect(scene.locator(".label")).to_have_text("茶歇")
        expect(scene.locator(".countdown")).to_have_text(re.compile(r"^(10:00|09:5\d)$"))
        expect(scene.locator(".after .company")).to_have_text(
            "上海电气电站设备有限公司上海汽轮机厂"
        )
        display.wait_for_timeout(2500)
        display.reload()
        expect(scene.locator(".countdown")).to_have_text(re.compile(r"^09:5\d$"))
        assert display.inner_text(".scene.break .countdown") != "10:00"


def test_break_with_a_wrong_length_is_refused_and_says_why(fresh_server, browser):
    with watched_page(browser, viewport={"width": 1440, "height": 1000}, allow=("409",)) as console:
        sign_in(console, fresh_server, "host1")
        console.wait_for_url("**/host/venues/1")
        console.fill("#break-minutes", "0")
        console.click("button.scene[data-scene=break]")
        expect(console.locator("#toast")).to_have_text("请填写茶歇时长：1 至 180 之间的整数分钟")
        expect(console.locator("button.scene.active")).to_have_text("欢迎")


def test_next_up_scene_and_the_card_during_scoring(fresh_server, browser):
    with console_and_display(browser, fresh_server) as (console, display):
        console.click("button.scene[data-scene=next_up]")
        scene = display.locator(".scene.next-up:not(.leaving)")
        expect(scene.locator(".label")).to_have_text("下一位 · 第 1 位")
        expect(scene.locator(".company")).to_have_text("上海电气电站设备有限公司上海汽轮机厂")
        expect(scene.locator(".team")).to_have_text("叶片车间精加工一班")
        host = Host(fresh_server.url, "host1", fresh_server.credentials["host1"])
        host.act("call", team_id=team_id(fresh_server.database_url, 1))
        host.act("open")
        card = display.locator(".scene.scoring:not(.leaving) .up-next")
        expect(card.locator(".caption")).to_have_text("下一位")
        expect(card.locator(".company")).to_have_text("上海电气核电设备有限公司")
        expect(card.locator(".team")).to_have_text("蒸发器装焊班组")


def test_results_list_national_candidates_by_rank_and_overlay_stays_empty(
    fresh_server, browser, tmp_path
):
    server = fresh_server
    host = Host(server.url, "host1", server.credentials["host1"])
    judges = [JudgePhone(line.split("\t")[1]) for line in server.flask("judge-links").splitlines()]
    # Order 1 scores lower than order 2, so rank 1 is the team that presented second.
    for order, total in ((1, "80"), (2, "90")):
        host.act("call", team_id=team_id(server.database_url, order))
        host.act("open")
        for judge in judges:
            assert judge.score(total).status_code == 201
        host.act("close")
        host.act("reveal")
    publish(server.database_url, str(tmp_path), {"一等奖": [1, 2]}, national=[1, 2])
    host.act("scene", scene="results")
    with watched_page(browser, viewport=HD) as display, watched_page(browser, viewport=HD) as obs:
        display.goto(server.url + "/display/venues/1")
        obs.goto(server.url + "/overlay/venues/1")
        results = display.locator(".scene.results:not(.leaving)")
        national = results.locator(".grade.national li .company")
        expect(national).to_have_text(
            ["上海电气核电设备有限公司", "上海电气电站设备有限公司上海汽轮机厂"]
        )
        expect(results.locator(".grade:not(.national) li .company")).to_have_text(
            ["上海电气核电设备有限公司", "上海电气电站设备有限公司上海汽轮机厂"]
        )
        expect(obs.locator("body")).to_have_attribute("data-scene", "results")
        expect(obs.locator("#bar")).to_be_hidden()
