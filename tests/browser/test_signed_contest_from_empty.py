"""#16 from an empty database, in Chromium: the secretariat sets up a contest alone (the
first-contest walk), creates a 监督 account, switches every #16 setting on from its card,
and venue A runs: the witnessed draw at the console, the pledge, two teams each
countersigned by the chair on the phone before the reveal, every judge signing the day's
sheet on a phone, the 监督 signing the 评分汇总表, and the summary's QR page agreeing."""

from __future__ import annotations

import re

import pytest
import requests
from playwright.sync_api import expect

from tests.browser.actors import JudgePhone
from tests.browser.console import rows, shoot
from tests.browser.test_first_contest import ADMIN, ADMIN_PASSWORD, HOSTS, _set_up, _sign_in
from tests.browser.test_signing import draw
from tests.browser.watch import watched_page

pytestmark = pytest.mark.browser
DESK = {"viewport": {"width": 1280, "height": 900}}
PHONE = {"viewport": {"width": 390, "height": 844}, "has_touch": True}
JIANDU, JIANDU_PASSWORD = "jiandu", "jiandu-pass-2027"


def _switch_on(page, base: str, contest_id: int) -> None:
    """Every #16 card of 比赛设置, pressed as staff would."""
    hub = f"{base}/admin/contests/{contest_id}/setup"
    page.goto(hub)
    page.get_by_role("link", name="评审承诺书").click()
    page.check("#pledge-enabled")
    page.click("#pledge-save")
    expect(page.locator(".flash")).to_contain_text("评委须接受当前承诺书后才能评分")
    for card, boxes, save in (
        ("评委签名", ("#signing-enabled", "#when-venue-end"), "#signing-save"),
        ("评委组长签名确认", ("#countersign-enabled", "#when-before-reveal"), "#countersign-save"),
        ("监督签名确认", ("#cosign-enabled",), "#supervision-save"),
        ("申诉与复核", ("#appeals-enabled", "#after-reveal"), "#appeal-settings-save"),
    ):
        page.goto(hub)
        page.get_by_role("link", name=card).click()
        for box in boxes:
            page.check(box)
        page.click(save)
        expect(page.locator(".flash")).to_have_text("已保存")


def _accept_pledge(phone: JudgePhone) -> None:
    """A judge scoring over HTTP accepts the pledge the way the phone's page does."""
    page = phone.http.get(f"{phone.base}/judge/").text
    sha = re.search(r'name="sha256" value="([0-9a-f]{64})"', page).group(1)
    answer = phone.http.post(
        f"{phone.base}/judge/pledge", data={"csrf_token": phone.csrf, "sha256": sha}
    )
    assert answer.status_code == 200 and "评审承诺书" not in answer.text


def test_a_signed_contest_set_up_from_an_empty_database(empty_server, browser):
    server = empty_server
    server.flask("create-staff", ADMIN, "--role", "admin", "--password", ADMIN_PASSWORD)
    with watched_page(browser, **DESK) as staff:
        contest_id = _set_up(staff, server)
        staff.goto(f"{server.url}/admin/contests/{contest_id}/accounts")
        form = staff.locator("#create form")
        form.locator("input[name=username]").fill(JIANDU)
        form.locator("input[name=display_name]").fill("纪检监督 李明")
        form.locator("input[name=role][value=supervisor]").check()
        form.locator("input[name=password]").fill(JIANDU_PASSWORD)
        staff.click("#create-account")
        expect(staff.locator(f'#accounts tr[data-username="{JIANDU}"]')).to_contain_text("监督")
        _switch_on(staff, server.url, contest_id)

    venue = rows(server, "select id from venues where code = 'A'")[0][0]
    judges = rows(
        server, "select name, is_chair from judges where venue_id = :v order by number", v=venue
    )
    links = {
        n: u for n, u in (line.split("\t") for line in server.flask("judge-links").splitlines())
    }
    chair_name = next(name for name, chair in judges if chair)
    others = [JudgePhone(links[name]) for name, chair in judges if not chair]
    for phone in others:
        _accept_pledge(phone)
    contexts = {name: browser.new_context(**PHONE) for name, _ in judges}
    try:
        with watched_page(browser, **DESK) as host, watched_page(contexts[chair_name]) as chair:
            chair.goto(links[chair_name])
            expect(chair.locator("#pledge-title")).to_have_text("评审承诺书")
            chair.click("#pledge-accept")
            expect(chair.locator("#notice-text")).to_be_visible()

            _sign_in(host, server.url, "host-a", HOSTS["host-a"])
            host.wait_for_url(re.compile(rf"/host/venues/{venue}$"))
            host.on("dialog", lambda dialog: dialog.accept())
            host.click("#commit-go")
            expect(host.locator("#commit-hash")).to_have_text(re.compile("^[0-9a-f]{64}$"))
            commitment = host.locator("#commit-hash").inner_text()
            host.fill("#witness-name", "公证员 王芳")
            host.fill("#witness-entropy", "20270917")
            host.click("#witness-add")
            expect(host.locator("#commit-witnesses li")).to_have_text(["公证员 王芳：20270917"])
            host.click("#draw-go")
            expect(host.locator("#draw-panel")).to_be_hidden()
            record = requests.get(f"{server.url}/draw/{venue}/record.json").json()
            assert record["commitment"] == commitment and record["drawn"] is True

            for position in range(2):
                host.click('[data-action="next"]')
                host.click('[data-action="open"]')
                expect(host.locator("#progress")).to_contain_text("评分进行中")
                chair.locator("#items input").first.wait_for()
                for index, value in enumerate(["28", "27", "18", "18"]):
                    chair.locator("#items input").nth(index).fill(value)
                chair.click("#submit")
                chair.click("#confirm-yes")
                expect(chair.locator("#status")).to_contain_text("已提交")
                for index, phone in enumerate(others):
                    assert phone.score(str(85 + index + position)).status_code == 201
                host.click('[data-action="close"]')
                expect(host.locator("#countersign-line")).to_contain_text(chair_name)
                expect(host.locator('[data-action="reveal"]')).to_be_disabled()
                expect(chair.locator("#countersign-title")).to_have_text(
                    "成绩签名确认", timeout=15_000
                )
                shoot(chair, "countersign-phone")
                draw(chair, "#countersign-pad")
                chair.click("#countersign-submit")
                expect(host.locator("#countersign-line")).to_have_text(
                    "评委组长已签名确认，可以揭晓"
                )
                host.click('[data-action="reveal"]')
                expect(host.locator("button.scene.active")).to_have_text("揭晓")

            # The venue has ended: each judge signs on their phone.
            expect(chair.locator("#signing-title")).to_have_text("评分表签名确认", timeout=15_000)
            draw(chair, "#signing-pad")
            chair.click("#sign-submit")
            expect(chair.locator(".signed-title")).to_have_text("已签名")
        for name, is_chair in judges:
            if is_chair:
                continue
            with watched_page(contexts[name]) as page:
                page.goto(links[name])
                expect(page.locator("#signing-teams > li")).to_have_count(2)
                draw(page, "#signing-pad")
                page.click("#sign-submit")
                expect(page.locator(".signed-title")).to_have_text("已签名")
    finally:
        for context in contexts.values():
            context.close()

    with watched_page(browser, **PHONE) as jiandu:
        _sign_in(jiandu, server.url, JIANDU, JIANDU_PASSWORD)
        jiandu.goto(f"{server.url}/supervise/")
        draw(jiandu, f"#summary-pad-{venue}")
        jiandu.click(f"#summary-sign-{venue}")
        expect(jiandu.locator(".flash")).to_contain_text("评分汇总表")
    ((sheet_hash,),) = rows(server, "select subject_hash from signatures where purpose = 'summary'")
    check = requests.get(f"{server.url}/check/summary/{venue}/{sheet_hash}").text
    assert "一致：打印的评分汇总表与系统当前记录相同。" in check
    counts = dict(rows(server, "select purpose, count(*) from signatures group by purpose"))
    assert counts == {"countersign": 2, "judge_sheet": len(judges), "summary": 1}
    assert len(rows(server, "select id from pledge_acceptances")) == len(judges)
