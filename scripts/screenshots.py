"""Regenerate docs/screens/: every display scene at 1920x1080 (and 1280x720), the viewer page.

A second demo database with 26 teams shows the draw (both sizes), the break and next-up
scenes and the viewer page with a livestream address set.

    .venv/bin/python -m scripts.screenshots

Runs the real server on a fresh demo database and plays a short contest through the API:
four teams scored and revealed (teams 1 and 2 tied), then the team whose scenes are shown.
"""

from __future__ import annotations

import tempfile
from pathlib import Path

from playwright.sync_api import sync_playwright

from tests.browser.actors import Host, JudgePhone, team_id
from tests.browser.crowd import add_teams
from tests.browser.fixtures import FLAGS, _demo_server
from tests.browser.results import publish
from tests.services import CHROMIUM

OUT = Path(__file__).resolve().parent.parent / "docs" / "screens"
ROUNDS = {  # running-order position -> judges' totals (judge 3 recuses from team 4)
    1: ["91", "92.5", "90", "93", "89.5", "92", "91.5", "90.5", "94"],
    2: ["91", "92.5", "90", "93", "89.5", "92", "91.5", "90.5", "94"],  # ties with team 1
    4: ["91", "92.5", None, "93", "89.5", "92", "91.5", "90.5", "94"],
    5: ["85", "86.5", "84", "87", "83.5", "86", "85.5", "88", "82"],
}
SHOWN = ["88", "91.5", "87", "90", "86.5", "92", "89", "90.5", "93"]


def play_round(host, judges, database_url, order, totals):
    host.act("call", team_id=team_id(database_url, order))
    host.act("open")
    for judge, total in zip(judges, totals, strict=True):
        if total is not None:
            judge.score(total)
    host.act("close", confirm_missing=True)
    host.act("reveal")


def shoot(page, name, settle=900):
    page.wait_for_timeout(settle)
    page.screenshot(path=str(OUT / f"{name}.jpg"), type="jpeg", quality=82)
    print("wrote", OUT / f"{name}.jpg")


def main() -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    workdir = Path(tempfile.mkdtemp(prefix="screens-"))
    server = _demo_server(workdir)
    try:
        host = Host(server.url, "host1", server.credentials["host1"])
        links = server.flask("judge-links").splitlines()
        judges = [JudgePhone(line.split("\t")[1]) for line in links]
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=CHROMIUM, args=FLAGS)
            hall = browser.new_page(viewport={"width": 1920, "height": 1080})
            small = browser.new_page(viewport={"width": 1280, "height": 720})
            viewer = browser.new_page(viewport={"width": 390, "height": 844})
            for page, path in (
                (hall, "/display/venues/1"),
                (small, "/display/venues/1"),
                (viewer, "/live/1"),
            ):
                page.goto(server.url + path)
            shoot(hall, "display-1-welcome")

            for order, totals in ROUNDS.items():
                play_round(host, judges, server.database_url, order, totals)
            team = team_id(server.database_url, 3)
            host.act("call", team_id=team)
            host.act("online_ready", team_id=team, ready=True)
            host.act("timer", do="start")
            shoot(hall, "display-2-on-stage", settle=2200)
            shoot(viewer, "viewer-on-stage")
            host.act("open")
            for judge, total in zip(judges[:6], SHOWN[:6], strict=True):
                judge.score(total)
            shoot(hall, "display-3-scoring")
            console = browser.new_page(viewport={"width": 1440, "height": 1000})
            console.goto(server.url + "/staff/login")
            console.fill("input[name=username]", "host1")
            console.fill("input[name=password]", server.credentials["host1"])
            console.click("button[type=submit]")
            console.wait_for_url("**/host/venues/1")
            shoot(console, "host-console")
            phone = browser.new_page(viewport={"width": 390, "height": 844})
            phone.goto(links[8].split("\t")[1])
            phone.wait_for_selector("#sheet:not([hidden])")
            for index, value in enumerate(["14", "13.5", "22", "13", "18", ""]):
                phone.locator("#items input").nth(index).fill(value)
            shoot(phone, "judge-phone")
            for judge, total in zip(judges[6:], SHOWN[6:], strict=True):
                judge.score(total)
            host.act("close", confirm_missing=True)
            host.act("reveal")
            shoot(hall, "display-4-reveal", settle=3200)
            shoot(small, "display-4-reveal-1280x720", settle=0)
            shoot(viewer, "viewer-reveal")
            host.act("scene", scene="standings")
            shoot(hall, "display-5-standings", settle=1200)
            shoot(small, "display-5-standings-1280x720", settle=0)
            publish(
                server.database_url,
                str(workdir),
                {"一等奖": [1, 4], "二等奖": [3, 2], "三等奖": [5]},
                national=[1, 4],
            )
            host.act("scene", scene="results")
            shoot(hall, "display-6-results", settle=1200)
            viewer.screenshot(
                path=str(OUT / "viewer-full.jpg"), type="jpeg", quality=82, full_page=True
            )
            draw_and_break(browser)
            browser.close()
    finally:
        server.stop()


def draw_and_break(browser) -> None:
    """A venue of 26 teams: its draw at both sizes, a break, the next-up card, the welcome."""
    workdir = Path(tempfile.mkdtemp(prefix="screens-draw-"))
    server = _demo_server(workdir)
    try:
        add_teams(server.database_url, str(workdir))
        host = Host(server.url, "host1", server.credentials["host1"])
        hall, small = (
            browser.new_page(viewport={"width": w, "height": h}, reduced_motion="reduce")
            for w, h in ((1920, 1080), (1280, 720))
        )
        for page in (hall, small):
            page.goto(server.url + "/display/venues/1")
        hall.mouse.move(5, 5)  # the operator's cursor, before it rests: the 全屏 button shows
        shoot(hall, "display-0-welcome-qr")
        host.act("draw", seed="2026-09-18-042917", witnesses="监督组 王立新、李慧")
        shoot(hall, "display-0-draw-26-teams", settle=1500)
        shoot(small, "display-0-draw-26-teams-1280x720", settle=0)
        host.act("scene", scene="next_up")
        shoot(hall, "display-7-next-up", settle=1200)
        host.act("scene", scene="break", minutes=15)
        shoot(hall, "display-7-break", settle=1200)
        shoot(small, "display-7-break-1280x720", settle=0)
    finally:
        server.stop()


if __name__ == "__main__":
    main()
