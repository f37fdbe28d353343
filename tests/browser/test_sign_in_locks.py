"""登录限制 and 结束全部登录 in Chromium: a hall's address locked by wrong keys is shown to the
admin and cleared with its button; an admin's button signs a host out everywhere."""

from __future__ import annotations

import re

import pytest
import requests
from playwright.sync_api import expect

from tests.browser.watch import watched_page

pytestmark = pytest.mark.browser
LAPTOP = {"width": 1440, "height": 900}


def _sign_in(page, server, username: str) -> None:
    page.goto(server.url + "/staff/login")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", server.credentials[username])
    page.click("button[type=submit]")


def test_admin_sees_and_clears_a_lock_and_ends_a_hosts_sessions(fresh_server, browser):
    server = fresh_server
    statuses = [
        requests.get(f"{server.url}/j/wrong-{n}", timeout=10).status_code for n in range(11)
    ]
    assert statuses == [404] * 10 + [429]
    other = browser.new_context(viewport=LAPTOP)  # the admin's own browser: own cookies
    with watched_page(browser, viewport=LAPTOP) as host, watched_page(other) as admin:
        _sign_in(host, server, "host1")
        host.wait_for_url(re.compile(r"/host/venues/\d+$"))

        _sign_in(admin, server, "admin")
        admin.wait_for_url(re.compile(r"/admin/$"))
        admin.goto(server.url + "/admin/contests/1/accounts")
        lock = admin.locator("#lock-list tbody tr")
        expect(lock).to_have_count(1)
        expect(lock.locator("td").nth(0)).to_have_text("评委链接")
        expect(lock.locator("td").nth(1)).to_have_text("地址 127.0.0.1")
        expect(lock.locator("td").nth(2)).to_have_text("11 次（上限 10）")
        lock.get_by_role("button", name="解除").click()
        expect(admin.locator(".flash").first).to_have_text("已解除对 127.0.0.1 的登录限制")
        expect(admin.locator("#no-locks")).to_have_text("目前没有登录限制。")
        assert requests.get(f"{server.url}/j/wrong-again", timeout=10).status_code == 404

        row = admin.locator('#accounts tr[data-username="host1"]')
        row.get_by_role("button", name="结束全部登录").click()
        expect(admin.locator(".flash").first).to_contain_text("已结束 host1 的全部登录")
        host.reload()
        expect(host).to_have_url(re.compile(r"/staff/login\?next="))
        expect(admin.locator("h1")).to_have_text("工作人员账号")  # the admin stays signed in
    other.close()
