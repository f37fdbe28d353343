"""工作人员账号 in Chromium: an admin opens accounts for each role, and each person lands
where their work is; disabling signs a person out; every control on the page is pressed."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from tests.browser.watch import watched_page

pytestmark = pytest.mark.browser
LAPTOP = {"width": 1440, "height": 900}


def _sign_in(page, server, username: str, password: str, path: str | None = "/staff/login"):
    """Fill the sign-in form (at `path`, or the one the page already shows)."""
    if path is not None:
        page.goto(server.url + path)
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", password)
    page.click("button[type=submit]")


def _create(page, username: str, role: str, *, venue: bool = False, password: str = "") -> None:
    form = page.locator("#create")
    form.locator("input[name=username]").fill(username)
    form.locator("input[name=display_name]").fill(f"{username} 显示名")
    form.locator(f"input[name=role][value={role}]").check()
    if venue:
        form.locator("input[name=venue]").first.check()
    form.locator("input[name=password]").fill(password)
    page.click("#create-account")


def _row(page, username: str):
    return page.locator(f'#accounts tr[data-username="{username}"]')


def _open_accounts(page, server) -> None:
    """From the contest page through 比赛设置 to 工作人员账号, as staff would."""
    _sign_in(page, server, "admin", server.credentials["admin"])
    page.wait_for_url(re.compile(r"/admin/$"))  # the front page lists the contests
    page.locator('#contests tr[data-contest="1"]').get_by_role("link", name="比赛设置").click()
    page.get_by_role("link", name="工作人员账号", exact=True).click()
    page.wait_for_url(re.compile(r"/admin/contests/1/accounts$"))


def test_admin_opens_accounts_and_each_role_lands_on_its_work(fresh_server, browser, tmp_path):
    server = fresh_server
    with watched_page(browser, viewport=LAPTOP) as admin:
        _open_accounts(admin, server)
        _create(admin, "host-a", "host", venue=True, password="host-a-pass-1")
        expect(admin.locator(".flash").first).to_have_text("已创建主持人账号 host-a")
        expect(_row(admin, "host-a").locator(".venues")).to_contain_text("第一分会场")
        _create(admin, "clerk-a", "clerk")  # blank: a password generated and shown once
        expect(admin.locator("#revealed h2")).to_have_text("请记下 clerk-a 的密码")
        clerk_password = admin.locator("#new-password").inner_text()
        _create(admin, "super-a", "supervisor", password="super-a-pass-1")
        expect(_row(admin, "super-a").locator(".role")).to_have_text("监督")
        admin.screenshot(path=str(tmp_path / "setup-accounts.png"), full_page=True)
        admin.click("button:has-text('退出')")
        expect(admin).to_have_url(re.compile(r"/staff/login$"))

    with watched_page(browser, viewport=LAPTOP) as host:
        _sign_in(host, server, "host-a", "host-a-pass-1")
        host.wait_for_url(re.compile(r"/host/venues/1$"))
        expect(host.locator("#console [data-action=next]")).to_be_enabled()

    with watched_page(browser, viewport=LAPTOP) as clerk:
        _sign_in(clerk, server, "clerk-a", clerk_password)
        clerk.wait_for_url(re.compile(r"/admin/clerk$"))
        clerk.screenshot(path=str(tmp_path / "clerk-home.png"))
        clerk.click("a.button:has-text('纸质评分')")
        expect(clerk.locator("h1")).to_contain_text("纸质评分录入")
        clerk.click("text=返回录入首页")
        clerk.locator(".clerk-teams a", has_text="评分明细").first.click()
        expect(clerk.locator("#current-scores")).to_be_visible()
        clerk.click("a.brand")
        clerk.wait_for_url(re.compile(r"/admin/clerk$"))

    with watched_page(browser, viewport=LAPTOP) as supervisor:
        _sign_in(supervisor, server, "super-a", "super-a-pass-1")
        supervisor.wait_for_url(re.compile(r"/admin/$"))  # the front page lists the contests
        supervisor.click('#contests tr[data-contest="1"] td.name a')
        supervisor.wait_for_url(re.compile(r"/admin/contests/1$"))
        expect(supervisor.locator(".readonly-note")).to_be_visible()
        supervisor.screenshot(path=str(tmp_path / "supervisor-contest.png"))
        expect(supervisor.locator("main form")).to_have_count(0)  # no change button at all
        supervisor.click("nav >> text=获奖与推荐")
        expect(supervisor.locator("main form")).to_have_count(0)
        supervisor.goto(server.url + "/admin/contests/1")
        supervisor.click("nav >> text=主持人控制台")
        expect(supervisor.locator(".readonly-note")).to_contain_text("只读查看")
        expect(supervisor.locator("#order li")).to_have_count(20)
        expect(supervisor.locator("#console button:enabled")).to_have_count(0)
        expect(supervisor.locator("#draw-panel")).to_be_hidden()
        supervisor.screenshot(path=str(tmp_path / "supervisor-console.png"))
        supervisor.goto(server.url + "/admin/contests/1/accounts")
        expect(_row(supervisor, "host-a")).to_be_visible()
        expect(supervisor.locator("#create")).to_have_count(0)


def test_every_control_on_the_accounts_page(fresh_server, browser):
    server = fresh_server
    with (
        # A short password is refused on purpose (422); a disabled account (403) and a wrong
        # password (401) are typed on purpose too. The host's console is left while its
        # account is disabled and its password reset: under a loaded machine its socket's
        # long-poll can come back 400 (the session the server already closed), after which
        # the client reconnects by itself; that one transport answer is allowed here.
        watched_page(browser, viewport=LAPTOP, allow=("status of 422",)) as admin,
        watched_page(
            browser,
            viewport=LAPTOP,
            allow=("status of 401", "status of 403", "/socket.io/?EIO=4&transport=polling"),
        ) as host,
    ):
        _open_accounts(admin, server)
        # A host without a venue is told to ask for one, then gets it without signing in again
        _create(admin, "host-late", "host", password="host-late-pass")
        expect(admin.locator(".flash-error")).to_contain_text("主持人 host-late 还没有分会场")
        expect(_row(admin, "host-late").locator(".badge.missing")).to_have_text("未分配分会场")
        _sign_in(host, server, "host-late", "host-late-pass")
        expect(host.locator("h1")).to_have_text("您的主持人账号尚未分配分会场")
        row = _row(admin, "host-late")
        row.locator("details.venues-edit summary").click()
        row.locator("details.venues-edit input[name=venue]").check()
        row.locator("button:has-text('保存分会场')").click()
        expect(admin.locator(".flash").first).to_contain_text("host-late 现在主持：第一分会场")
        host.click("#retry")
        host.wait_for_url(re.compile(r"/host/venues/1$"))

        # Disabled: the host's next page load signs them out; enabled: they sign in again
        _row(admin, "host-late").locator("form.toggle button").click()
        expect(_row(admin, "host-late").locator(".badge.off")).to_have_text("已停用")
        host.reload()
        expect(host).to_have_url(re.compile(r"/staff/login\?next="))
        _sign_in(host, server, "host-late", "host-late-pass", path=None)
        expect(host.locator(".flash-error")).to_have_text(
            "该账号已停用；如需恢复，请联系秘书处管理员"
        )
        _row(admin, "host-late").locator("form.toggle button").click()
        expect(_row(admin, "host-late").locator(".badge.on")).to_have_text("启用")

        # Reset, generated (shown once) and typed; the old password stops working
        row = _row(admin, "host-late")
        row.locator("details.password-reset summary").click()
        row.locator("button:has-text('重置密码')").click()
        expect(admin.locator("#revealed h2")).to_have_text("请记下 host-late 的密码")
        generated = admin.locator("#new-password").inner_text()
        _sign_in(host, server, "host-late", "host-late-pass")
        expect(host.locator(".flash-error")).to_have_text("用户名或密码不正确")
        _sign_in(host, server, "host-late", generated)
        host.wait_for_url(re.compile(r"/host/venues/1$"))
        row = _row(admin, "host-late")
        row.locator("details.password-reset summary").click()
        row.locator("input[name=password]").fill("typed-new-pass")
        row.locator("button:has-text('重置密码')").click()
        expect(admin.locator(".flash").first).to_contain_text("已重置 host-late 的密码")
        expect(admin.locator("#revealed")).to_have_count(0)

        # Role: the host becomes a 录入员 and loses the venue; the admin cannot demote self
        row = _row(admin, "host-late")
        row.locator("details.role-edit summary").click()
        row.locator("select[name=role]").select_option("clerk")
        row.locator("button:has-text('更改角色')").click()
        expect(_row(admin, "host-late").locator(".role")).to_have_text("录入员")
        expect(_row(admin, "admin").locator("form.toggle, details.role-edit")).to_have_count(0)

        # A refusal keeps what was typed and writes nothing
        _create(admin, "clerk-b", "clerk", password="short")
        expect(admin.locator(".flash-error")).to_have_text(
            "密码至少 8 位；请重新输入，或留空由系统生成"
        )
        expect(admin.locator("#create input[name=username]")).to_have_value("clerk-b")
        expect(_row(admin, "clerk-b")).to_have_count(0)

        for link, url in (("管理后台", r"/admin/contests/1$"), ("比赛设置", r"/setup$")):
            admin.goto(server.url + "/admin/contests/1/accounts")
            admin.click(f"nav >> text={link}")
            admin.wait_for_url(re.compile(url))
        admin.goto(server.url + "/admin/contests/1/accounts")
        admin.click("nav >> text=工作人员账号")
        admin.wait_for_url(re.compile(r"/accounts$"))


def test_a_host_changes_their_own_password_from_the_top_bar(fresh_server, browser):
    server = fresh_server
    old = server.credentials["host1"]
    with (
        # The wrong current password is answered 422 with the form and its message.
        watched_page(browser, viewport=LAPTOP, allow=("status of 422",)) as host,
        watched_page(browser, viewport=LAPTOP) as laptop,  # the same host, another computer
    ):
        for page in (host, laptop):
            _sign_in(page, server, "host1", old)
            page.wait_for_url(re.compile(r"/host/venues/1$"))
        host.click(".topbar a.password")
        host.wait_for_url(re.compile(r"/staff/password$"))
        expect(host.locator("h1")).to_have_text("修改密码")
        host.fill("input[name=current]", "not-the-password")
        host.fill("input[name=new]", "qing-pu-7f3k")
        host.fill("input[name=repeat]", "qing-pu-7f3k")
        host.click(".password-change button[type=submit]")
        expect(host.locator(".flash-error")).to_have_text("当前密码不正确；请重新输入")
        host.fill("input[name=current]", old)
        host.fill("input[name=new]", "qing-pu-7f3k")
        host.fill("input[name=repeat]", "qing-pu-7f3k")
        host.click(".password-change button[type=submit]")
        host.wait_for_url(re.compile(r"/host/venues/1$"))  # back at work, still signed in
        expect(host.locator(".flash-success")).to_have_text(
            "密码已修改；其他设备上的登录已退出，需用新密码重新登录"
        )
        laptop.reload()
        laptop.wait_for_url(re.compile(r"/staff/login"))
        _sign_in(laptop, server, "host1", "qing-pu-7f3k", path=None)
        laptop.wait_for_url(re.compile(r"/host/venues/1$"))
