"""WCAG AA colour contrast (axe-core in Chromium) on every public screen and each scene."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from tests.browser.actors import Host, JudgePhone, scalar, team_id
from tests.browser.axe import contrast_violations
from tests.browser.results import publish
from tests.browser.watch import watched_page

pytestmark = pytest.mark.browser
HD = {"width": 1920, "height": 1080}
PHONE = {"width": 390, "height": 844}


def first_team(database_url: str) -> int:
    return scalar(database_url, "SELECT min(id) FROM teams WHERE venue_id = 1")


def check(page, where: str) -> None:
    page.wait_for_timeout(300)  # let the cross-fade of the previous scene finish
    assert contrast_violations(page) == [], where


def test_every_scene_viewer_and_overlay_meet_aa_contrast(fresh_server, browser, tmp_path):
    server = fresh_server
    host = Host(server.url, "host1", server.credentials["host1"])
    judges = [JudgePhone(line.split("\t")[1]) for line in server.flask("judge-links").splitlines()]
    options = {"reduced_motion": "reduce"}  # scenes appear in their final colours at once
    with (
        watched_page(browser, viewport=HD, **options) as hall,
        watched_page(browser, viewport=PHONE, **options) as viewer,
        watched_page(browser, viewport=HD, **options) as obs,
    ):
        hall.goto(server.url + "/display/venues/1")
        viewer.goto(server.url + "/live/1")
        obs.goto(server.url + "/overlay/venues/1")

        def scene(name: str, selector: str) -> None:
            expect(hall.locator(f".scene.{selector}:not(.leaving)")).to_be_visible()
            check(hall, f"display: {name}")
            check(viewer, f"viewer: {name}")
            check(obs, f"overlay: {name}")

        scene("welcome", "welcome")
        host.act("draw", seed="2026-09-18-042917", witnesses="监督组 王立新")
        scene("draw", "draw")
        host.act("scene", scene="next_up")
        scene("next_up", "next-up")
        host.act("scene", scene="break", minutes=15)
        scene("break", "break")
        first = team_id(server.database_url, 1)
        host.act("call", team_id=first)
        scene("on_stage, idle timer", "on-stage")
        host.act("timer", do="start")
        scene("on_stage, timer running", "on-stage")
        host.act("open")
        for judge in judges[:4]:
            assert judge.score("88").status_code == 201
        scene("scoring", "scoring")
        for judge in judges[4:]:
            assert judge.score("91").status_code == 201
        host.act("close")
        host.act("reveal")
        scene("reveal", "reveal")
        host.act("scene", scene="standings")
        scene("standings", "standings")
        publish(server.database_url, str(tmp_path), {"一等奖": [1]}, national=[1])
        host.act("scene", scene="results")
        scene("results", "results")
        viewer.evaluate("document.getElementById('conn').hidden = false")  # the offline note
        check(viewer, "viewer: reconnecting note")


def test_running_over_time_meets_aa_contrast(two_venue_server, browser):
    server = two_venue_server  # its talk lasts 2 s, with a warning in the last second
    host = Host(server.url, "host-a", server.credentials["host-a"])
    with (
        watched_page(browser, viewport=HD, reduced_motion="reduce") as hall,
        watched_page(browser, viewport=PHONE, reduced_motion="reduce") as viewer,
        watched_page(browser, viewport=HD, reduced_motion="reduce") as obs,
    ):
        hall.goto(server.url + "/display/venues/1")
        viewer.goto(server.url + "/live/1")
        obs.goto(server.url + "/overlay/venues/1")
        host.act("call", team_id=first_team(server.database_url))
        host.act("timer", do="start")
        expect(hall.locator(".scene.on-stage .timer")).to_have_class(re.compile(r"\bovertime\b"))
        expect(viewer.locator("#now-body .timer")).to_have_class(re.compile(r"\bovertime\b"))
        for page, where in ((hall, "display"), (viewer, "viewer"), (obs, "overlay")):
            check(page, f"{where}: overtime")
