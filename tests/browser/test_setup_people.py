"""Staff set up teams, judges and recusals in Chromium; a judge's phone then shows 回避."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from tests.browser.actors import Host
from tests.browser.watch import watched_page

pytestmark = pytest.mark.browser
ADMIN = ("secretariat", "secretariat-pass-1")
LAPTOP = {"width": 1366, "height": 900}
COMPANY = "上海华谊（集团）公司  吴泾化工厂"  # two spaces inside, kept as typed


def _admin_page(server, page):
    server.flask("create-staff", ADMIN[0], "--role", "admin", "--password", ADMIN[1])
    page.goto(server.url + "/staff/login")
    page.fill("input[name=username]", ADMIN[0])
    page.fill("input[name=password]", ADMIN[1])
    page.click("main button[type=submit]")
    page.wait_for_url(re.compile(r"/admin/$"))  # the front page lists the contests
    page.click('#contests tr[data-contest="1"] td.name a')
    page.wait_for_url(re.compile(r"/admin/contests/1$"))


def _row(page, venue: int, name: str):
    return page.locator(f"#venue-{venue} tr", has_text=name)


def _edit_team(page, venue: int, name: str) -> None:
    _row(page, venue, name).get_by_role("link", name="修改").click()
    page.wait_for_url(re.compile(r"/admin/teams/\d+/edit$"))


def test_staff_add_edit_move_withdraw_restore_and_delete_a_team(
    browser, two_venue_server, tmp_path
):
    with watched_page(browser, viewport=LAPTOP) as page:
        _admin_page(two_venue_server, page)
        page.get_by_role("link", name="比赛设置", exact=True).click()
        page.get_by_role("link", name="参赛班组", exact=True).click()
        expect(page.locator("h1")).to_have_text("参赛班组")
        page.get_by_role("link", name="管理后台", exact=True).click()
        page.click("#manage-teams")
        expect(page.locator("h1")).to_have_text("参赛班组")

        page.fill("#add-team input[name=unit]", "上海市化工行业协会")
        page.fill("#add-team input[name=company_name]", COMPANY)
        page.fill("#add-team input[name=team_name]", "合成氨车间甲班")
        page.fill("#add-team input[name=member_count]", "12")
        page.select_option("#add-team select[name=mode]", "online")
        page.select_option("#add-team select[name=venue_id]", label="第一分会场")
        page.click("#add-team-submit")
        expect(page.locator(".flash-success")).to_have_text(
            f"已新增「{COMPANY} 合成氨车间甲班」，排在第一分会场出场顺序的最后"
        )
        row = _row(page, 1, "合成氨车间甲班")
        expect(page.locator("#venue-1 tbody tr").last).to_have_id(re.compile(r"team-\d+"))
        expect(page.locator("#venue-1 tbody tr").last.locator("td.team")).to_have_text(
            "合成氨车间甲班"
        )
        expect(row.locator("td.unit")).to_have_text("上海市化工行业协会")
        expect(row.locator("td.company")).to_have_text(COMPANY)
        expect(row.locator(".badge.online")).to_have_text("线上")
        page.screenshot(path=str(tmp_path / "setup-teams.png"), full_page=True)

        _edit_team(page, 1, "合成氨车间甲班")
        page.screenshot(path=str(tmp_path / "setup-team-edit.png"), full_page=True)
        page.fill("#team-form input[name=unit]", "闵行区")
        page.click("#team-save")
        expect(page.locator(".flash")).to_have_text("已保存")
        expect(_row(page, 1, "合成氨车间甲班").locator("td.unit")).to_have_text("闵行区")

        _edit_team(page, 1, "合成氨车间甲班")
        page.select_option("#team-form select[name=venue_id]", label="第二分会场")
        page.click("#team-save")
        expect(_row(page, 1, "合成氨车间甲班")).to_have_count(0)
        last = page.locator("#venue-2 tbody tr").last.locator("td.team")
        expect(last).to_have_text("合成氨车间甲班")

        _edit_team(page, 2, "合成氨车间甲班")
        page.fill("#team-withdraw input[name=reason]", "企业书面通知不再参赛")
        page.click("#team-withdraw-submit")
        expect(page.locator(".flash-success")).to_have_text("已登记退赛")
        status = _row(page, 2, "合成氨车间甲班").locator("td.status")
        expect(status).to_have_text(re.compile(r"退赛\s*企业书面通知不再参赛"))

        _edit_team(page, 2, "合成氨车间甲班")
        expect(page.locator("#team-withdraw")).to_contain_text("原因：企业书面通知不再参赛")
        page.click("#team-restore")
        expect(_row(page, 2, "合成氨车间甲班").locator("td.status")).to_have_text("待发表")

        _edit_team(page, 2, "合成氨车间甲班")
        page.fill("#team-delete-submit-card input[name=reason]", "误录入，已由企业重新申报")
        page.click("#team-delete-submit")
        expect(page.locator(".flash-success")).to_have_text("已删除该班组")
        expect(page.locator("tr", has_text="合成氨车间甲班")).to_have_count(0)
        expect(page.locator("#venue-2 h2")).to_have_text("第二分会场 5 个班组")
        page.get_by_role("link", name="参赛班组", exact=True).click()
        expect(page.locator("#venue-1 h2")).to_have_text("第一分会场 5 个班组")


def test_staff_add_move_delete_a_judge_and_a_recusal_shows_on_the_phone(
    browser, two_venue_server, phone, tmp_path
):
    server = two_venue_server
    with watched_page(browser, viewport=LAPTOP) as page:
        _admin_page(server, page)
        page.get_by_role("link", name="比赛设置", exact=True).click()
        page.get_by_role("link", name="评委", exact=True).click()
        expect(page.locator("h1")).to_have_text("评委")

        page.fill("#add-judge input[name=name]", "钱学敏")
        page.fill("#add-judge input[name=employer]", "上海隧道工程有限公司")
        page.fill("#add-judge input[name=certificate_no]", "TGQ-2023-0911")
        page.fill("#add-judge input[name=phone]", "13916500911")
        page.select_option("#add-judge select[name=venue_id]", label="第一分会场")
        page.click("#add-judge-submit")
        expect(page.locator(".flash-success")).to_contain_text("已新增第一分会场 评委8 钱学敏")
        expect(page.locator("#venue-1 tr", has_text="钱学敏").locator("td.label")).to_have_text(
            "评委8"
        )

        page.screenshot(path=str(tmp_path / "setup-judges.png"), full_page=True)
        page.locator("#venue-1 tr", has_text="钱学敏").get_by_role("link", name="修改").click()
        page.select_option("#judge-form select[name=venue_id]", label="第二分会场")
        page.click("#judge-save")
        expect(page.locator(".flash")).to_have_text(
            "已调往第二分会场，现为评委8；评委的个人链接和二维码卡片不变。"
        )
        expect(page.locator("#venue-2 tr", has_text="钱学敏")).to_have_count(1)

        page.get_by_role("link", name="回避", exact=True).click()
        page.get_by_role("link", name="第二分会场").click()
        expect(page.locator("#automatic-recusals tbody tr")).to_have_text(
            re.compile(
                r"评委8 钱学敏\s*上海隧道工程有限公司\s*盾构推进一班\s*评委工作单位与企业名称相同"
            )
        )

        page.get_by_role("link", name="评委", exact=True).click()
        page.locator("#venue-2 tr", has_text="钱学敏").get_by_role("link", name="修改").click()
        page.fill("#judge-delete-submit-card input[name=reason]", "重复录入")
        page.click("#judge-delete-submit")
        expect(page.locator(".flash-success")).to_have_text("已删除该评委，其个人链接同时失效")
        expect(page.locator("tr", has_text="钱学敏")).to_have_count(0)

        page.get_by_role("link", name="回避", exact=True).click()
        page.get_by_role("link", name="第一分会场").click()
        for judge, reason in (
            ("甲评委2", "亲属在该企业任职"),
            ("甲评委1", "曾在该企业任职至2024年"),
        ):
            page.select_option(
                "#add-recusal select[name=judge_id]", label=f"评委{judge[-1]} {judge}"
            )
            page.select_option(
                "#add-recusal select[name=team_id]",
                label="上海申通地铁集团有限公司技术中心 信号系统检测一班",
            )
            page.fill("#add-recusal input[name=reason]", reason)
            page.click("#add-recusal-submit")
            expect(page.locator(".flash-success")).to_contain_text(
                f"已登记：评委{judge[-1]} {judge}"
            )
        expect(page.locator("#manual-recusals tbody tr")).to_have_count(2)
        page.screenshot(path=str(tmp_path / "setup-recusals.png"), full_page=True)
        page.get_by_role("link", name="比赛设置", exact=True).click()
        page.get_by_role("link", name="回避", exact=True).click()
        expect(page.locator("#manual-recusals tbody tr")).to_have_count(2)

        wrong = page.locator("#manual-recusals tr", has_text="甲评委2")
        wrong.locator("input[name=reason]").fill("经核实不属回避情形")
        wrong.get_by_role("button", name="撤销").click()
        expect(page.locator(".flash-success")).to_have_text("已撤销该回避")
        expect(page.locator("#manual-recusals tbody tr")).to_have_text(
            re.compile(
                r"评委1 甲评委1\s*上海申通地铁集团有限公司技术中心\s*信号系统检测一班"
                r"\s*曾在该企业任职至2024年"
            )
        )

        page.get_by_role("link", name="参赛班组", exact=True).click()
        row = page.locator("#venue-1 tr", has_text="信号系统检测一班")
        team_id = int(row.get_attribute("id").removeprefix("team-"))

    links = dict(line.split("\t") for line in server.flask("judge-links").splitlines())
    with watched_page(phone) as judge_page:
        judge_page.goto(links["甲评委1"])
        judge_page.wait_for_url(re.compile(r"/judge/$"))
        host = Host(server.url, "host-a", server.credentials["host-a"], venue_id=1)
        host.act("call", team_id=team_id)
        host.act("open")
        expect(judge_page.locator("#notice-text")).to_have_text(
            "回避：您与该班组存在回避关系，无需为其评分。"
        )
        expect(judge_page.locator("#sheet")).to_be_hidden()
    other_phone = browser.new_context(viewport={"width": 390, "height": 844}, has_touch=True)
    with watched_page(other_phone) as cleared:  # 甲评委2's recusal was withdrawn: they score
        cleared.goto(links["甲评委2"])
        expect(cleared.locator("#sheet")).to_be_visible()
        expect(cleared.locator("#team-name")).to_have_text("信号系统检测一班")
    other_phone.close()
