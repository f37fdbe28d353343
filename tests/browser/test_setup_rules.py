"""Staff set the rules and the score sheet in Chromium; a judge's phone shows the new sheet."""

from __future__ import annotations

import re

import pytest
import sqlalchemy as sa
from playwright.sync_api import expect

from tests.browser.actors import Host, JudgePhone, team_id
from tests.browser.watch import watched_page

pytestmark = pytest.mark.browser
DESK = {"width": 1280, "height": 900}
SHOTS = "/tmp/rules"


def _sign_in(page, server) -> None:
    page.goto(f"{server.url}/staff/login")
    page.fill("input[name=username]", "admin")
    page.fill("input[name=password]", server.credentials["admin"])
    page.click("button[type=submit]")
    page.wait_for_url(re.compile(r"/admin/"))


def _open_section(page, server, title: str) -> None:
    page.goto(f"{server.url}/admin/contests/1/setup")
    page.get_by_role("link", name=title, exact=True).click()


def _sheet(server) -> list[tuple]:
    engine = sa.create_engine(server.database_url)
    with engine.connect() as conn:
        rows = conn.execute(
            sa.text("SELECT name, maximum, step, description FROM score_items ORDER BY position")
        ).all()
    engine.dispose()
    return [tuple(r) for r in rows]


def _row(page, name: str):
    return page.locator("#sheet-rows tr.item-row").filter(
        has=page.locator(f'input.item-name[value="{name}"]')
    )


def _phones(server) -> list[JudgePhone]:
    lines = [line.split("\t") for line in server.flask("judge-links").splitlines()]
    return [JudgePhone(url) for _, url in lines]


def _score(server, host: Host, order: int, totals: list[str], phones, *, reveal: bool) -> None:
    host.act("call", team_id=team_id(server.database_url, order))
    host.act("open")
    for phone, total in zip(phones, totals, strict=True):
        assert phone.score(total).status_code == 201
    host.act("close", confirm_missing=True)
    if reveal:
        host.act("reveal", force_reason="其余评委未到场")


def test_staff_edit_the_sheet_and_a_judge_phone_shows_it(fresh_server, browser, phone):
    server = fresh_server
    with watched_page(browser, viewport=DESK) as page:
        _sign_in(page, server)
        _open_section(page, server, "评分规则")
        page.locator(".topbar nav").get_by_role("link", name="评分表").click()
        expect(page.locator("h1")).to_contain_text("评分表")
        expect(page.locator("#live-total")).to_have_text("100")
        page.once("dialog", lambda dialog: dialog.dismiss())
        _row(page, "现场管理").locator(".delete").click()  # cancelled: the row stays
        expect(page.locator("#sheet-rows tr.item-row")).to_have_count(6)
        expect(page.locator("#total-warning")).to_be_hidden()

        page.click("#add-item")
        new = page.locator("#sheet-rows tr.item-row").last
        new.locator(".item-name").fill("现场答辩")
        new.locator(".item-max").fill("5")
        new.locator(".item-criteria").fill("回答准确、简明")
        expect(new.locator(".pos .n")).to_have_text("7")
        expect(page.locator("#live-total")).to_have_text("105")
        expect(page.locator("#total-warning")).to_be_visible()

        first = _row(page, "班组概况与基础管理")
        first.locator(".item-criteria").fill("职责明确，制度健全，记录完整")
        first.locator(".down").click()  # now second, after 学习与技能
        new.locator(".up").click()  # now sixth, before 发表与答辩
        page.once("dialog", lambda dialog: dialog.accept())
        _row(page, "发表与答辩").locator(".delete").click()
        expect(page.locator("#live-total")).to_have_text("95")
        _row(page, "质量改进与创新").locator(".item-max").fill("30")
        expect(page.locator("#live-total")).to_have_text("100")
        expect(page.locator("#total-warning")).to_be_hidden()
        page.screenshot(path=f"{SHOTS}/sheet-editor.png", full_page=True)

        page.click("#save-sheet")
        expect(page.locator(".flash").first).to_have_text("评分表已保存，合计 100 分")
    assert _sheet(server) == [
        ("学习与技能", "15", "0.5", "专业知识、技能培训与工具方法应用"),
        ("班组概况与基础管理", "15", "0.5", "职责明确，制度健全，记录完整"),
        ("质量改进与创新", "30", "0.5", "改进项目、创新成果与方法运用"),
        ("现场管理", "15", "0.5", "现场秩序、标准化与安全环保"),
        ("成果与顾客评价", "20", "0.5", "业绩指标、顾客满意与荣誉"),
        ("现场答辩", "5", "1", "回答准确、简明"),
    ]

    _, url = server.flask("judge-links").splitlines()[0].split("\t")
    host = Host(server.url, "host1", server.credentials["host1"])
    with watched_page(phone) as judge:
        judge.goto(url)
        judge.wait_for_url(re.compile(r"/judge/$"))
        host.act("call", team_id=team_id(server.database_url, 1))
        host.act("open")
        items = judge.locator("#items li")
        expect(items).to_have_count(6)
        expect(items.locator("label")).to_have_text(
            [
                "学习与技能",
                "班组概况与基础管理",
                "质量改进与创新",
                "现场管理",
                "成果与顾客评价",
                "现场答辩",
            ]
        )
        expect(items.nth(1).locator(".criteria")).to_have_text("职责明确，制度健全，记录完整")
        expect(items.nth(5).locator(".criteria")).to_have_text("回答准确、简明")
        expect(items.nth(5)).to_contain_text("满分 5 · 步长 1")
        judge.screenshot(path=f"{SHOTS}/judge-criteria.png")

        for index, value in enumerate(["14", "13.5", "27", "14", "18", "5"]):
            items.nth(index).locator("input").fill(value)
        expect(judge.locator("#total")).to_have_text("91.5")
        judge.click("#submit")
        judge.click("#confirm-yes")
        expect(judge.locator("#status")).to_contain_text("已提交（第1次）")

    with watched_page(browser, viewport=DESK) as page:
        _sign_in(page, server)
        _open_section(page, server, "评分表")
        expect(page.locator("#locked")).to_have_text(
            "已有评分，评分表已锁定；如需不同评分表，请新建比赛（可复制本比赛设置）"
        )
        expect(page.locator("#sheet-form")).to_have_count(0)
        expect(page.locator("#sheet-view tbody tr")).to_have_count(6)
        expect(page.locator("#locked-total")).to_have_text("100")
        page.locator(".topbar nav").get_by_role("link", name="评分规则").click()
        expect(page.locator("#scored-note")).to_be_visible()
        page.get_by_role("link", name="返回比赛设置").click()
        expect(page).to_have_url(f"{server.url}/admin/contests/1/setup")


def test_staff_edit_rules_then_see_what_a_change_after_scores_did(fresh_server, browser):
    server = fresh_server
    # The refusal without a reason answers 422 on purpose; Chromium logs that status.
    with watched_page(browser, viewport=DESK, allow=("status of 422",)) as page:
        _sign_in(page, server)
        _open_section(page, server, "评分规则")
        expect(page.locator("#scored-note")).to_have_count(0)
        page.fill("#talk_minutes", "12")
        page.fill("#talk_seconds", "30")
        page.check("input[name=overtime_rule][value=per_started_minute]")
        page.check("input[name=overtime_rule][value=flat]")
        page.fill("#overtime_amount", "0.5")
        page.select_option("#tie_break_1", "untrimmed_mean")
        page.select_option("#tie_break_2", "item:质量改进与创新")
        page.select_option("#tie_break_3", "manual")
        page.check("#same_recommending_unit")
        page.check("#show_judge_names")
        page.screenshot(path=f"{SHOTS}/rules-editor.png", full_page=True)
        page.click("#save-rules")
        expect(page.locator(".flash").first).to_have_text("评分规则已保存，共修改 6 项")
        talk = page.locator("#changes tbody tr").filter(has_text="发表时间").locator("td")
        expect(talk).to_have_text(["发表时间", "15 分 0 秒", "12 分 30 秒"])
        expect(page.locator("#talk_minutes")).to_have_value("12")
        expect(page.locator("#tie_break_2")).to_have_value("item:质量改进与创新")

        # Back to one rule at a time; then scores come in from the judges' phones.
        page.uncheck("#same_recommending_unit")
        page.check("input[name=overtime_rule][value=none]")
        page.click("#save-rules")
        expect(page.locator(".flash").first).to_have_text("评分规则已保存，共修改 2 项")
        page.locator(".topbar nav").get_by_role("link", name="评分表").click()
        expect(page.locator("#sheet-form")).to_be_visible()
        page.go_back()

        host = Host(server.url, "host1", server.credentials["host1"])
        phones = [p for i, p in enumerate(_phones(server)) if i in (0, 1, 3, 4, 5)]
        _score(server, host, 1, ["80", "85", "86", "88", "100"], phones, reveal=True)
        _score(server, host, 2, ["70", "86", "87", "88", "89"], phones, reveal=False)

        page.reload()
        expect(page.locator("#scored-note")).to_be_visible()
        page.fill("#trim_each_end", "0")
        page.click("#save-rules")
        expect(page.locator(".flash-error").first).to_have_text(
            "已有评分，修改影响成绩的规则必须填写修改原因；请填写原因后再保存"
        )
        expect(page.locator("#trim_each_end")).to_have_value("0")  # what was typed stays
        page.fill("#reason", "评审组决定不去最高分和最低分")
        page.click("#save-rules")
        expect(page.locator(".flash").first).to_have_text("评分规则已保存，共修改 1 项")
        # By hand: 86.33 (85, 86, 88) -> 87.80 (439 / 5); 87.00 (86, 87, 88) -> 84.00 (420 / 5).
        published = page.locator("#published-figures tbody tr")
        expect(published).to_have_count(1)
        expect(published.locator("td").nth(2)).to_have_text("86.33 → 87.80")
        expect(published.locator("td").nth(3)).to_have_text("2 → 1")
        expect(published.locator("td").nth(5)).to_have_text("已在大屏揭晓")
        others = page.locator("#other-figures tbody tr")
        expect(others).to_have_count(1)
        expect(others.locator("td").nth(2)).to_have_text("87.00 → 84.00")
        expect(page.locator("#change-report")).to_contain_text(
            "修改原因：评审组决定不去最高分和最低分"
        )
        page.screenshot(path=f"{SHOTS}/rules-changed-figures.png", full_page=True)
