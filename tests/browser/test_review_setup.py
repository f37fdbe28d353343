"""材料文审 set-up in Chromium at 1440×900, from the shared review world (12 applications, 5
reviewers; 孙丽 works at 上海石化股份有限公司): the round's settings and sheet, reviewers
imported, edited, deactivated and printed, the balanced assignment with the conflict left
out automatically, a pin with its reason, a removal, the coverage table, the round opened
and closed. Every button and link of these pages is pressed."""

from __future__ import annotations

import os
import re
import subprocess
import sys

import pytest
import requests
from playwright.sync_api import expect

from tests.browser.console import Dialogs, rows
from tests.browser.season_steps import SHOTS
from tests.browser.server import ROOT

pytestmark = pytest.mark.browser
DESKTOP = {"viewport": {"width": 1440, "height": 900}, "locale": "zh-CN"}
STAFF = ("mishu", "mishu-zhiliang-1")
REVIEW = "/admin/season/expert-review"


def seed() -> None:
    """The shared world, plus one judge on a 推荐单位's 评委名单 to import."""
    from contest import create_app
    from contest.extensions import db
    from contest.season.models import UnitJudge
    from tests.review import world

    app = create_app()
    with app.app_context():
        built = world.build()
        db.session.add(
            UnitJudge(
                recommender_id=built.recommenders[0].id,
                name="钱伟",
                employer="浦东新区质量协会",
                certificate_no="TGQ-2016-0001",
                mobile="13800000001",
            )
        )
        db.session.commit()


def _shot(page, name: str) -> str:
    folder = os.environ.get("CONTEST_SCREENSHOTS") or SHOTS
    os.makedirs(folder, exist_ok=True)
    path = f"{folder}/{name}.png"
    page.screenshot(path=path)
    return path


def _people(page, number: str) -> list[str]:
    return page.locator(f'tr[data-number="{number}"] .who .person').all_inner_texts()


def _flash(page, text: str) -> None:
    expect(page.locator(".flash-success, .flash-info").first).to_have_text(text)


@pytest.mark.console_allows("status of 422")
def test_the_secretariat_sets_up_assigns_covers_and_opens_the_review(empty_server, browser):
    server = empty_server
    subprocess.run(
        [sys.executable, "-c", "from tests.browser.test_review_setup import seed; seed()"],
        env=server.env,
        cwd=ROOT,
        check=True,
    )
    server.flask("create-staff", STAFF[0], "--role", "admin", "--password", STAFF[1])
    page = browser.new_context(**DESKTOP).new_page()
    dialogs = Dialogs(page)
    page.goto(server.url + "/staff/login")
    page.fill("input[name=username]", STAFF[0])
    page.fill("input[name=password]", STAFF[1])
    page.click("button[type=submit]")
    page.wait_for_url(re.compile(r"/admin/$"))

    # From the season's page to the round: N = 3, the same-推荐单位 rule on.
    page.goto(server.url + "/admin/season/")
    page.click("#review-round-link")
    page.wait_for_url(re.compile(rf"{REVIEW}/$"))
    expect(page.locator("#round-state b")).to_have_text("准备中")
    page.fill("input[name=per_application]", "4")
    page.fill("input[name=trim_each_end]", "1")
    page.fill("input[name=min_panel_for_trim]", "2")
    page.click("#save-round")
    expect(page.locator("#error")).to_have_text(
        "去掉最高分和最低分各 1 个时，至少要 3 位评审专家才能去分，请把开始去分的人数改为 3 或以上"
    )
    page.fill("input[name=per_application]", "3")
    page.fill("input[name=min_panel_for_trim]", "5")
    page.fill("input[name=shortlist]", "8")
    page.click("#save-round")
    _flash(page, "已保存材料文审设置")
    expect(page.locator("input[name=per_application]")).to_have_value("3")
    expect(page.locator("input[name=exclude_same_recommender]")).to_be_checked()

    # The sheet: the contest's editor (add, move, delete with a question), then save.
    names = page.locator("#sheet-rows .item-name")
    expect(names).to_have_count(4)
    expect(page.locator("#live-total")).to_have_text("100")
    page.click("#add-item")
    names.nth(4).fill("附加项")
    page.locator("#sheet-rows .item-max").nth(4).fill("5")
    expect(page.locator("#live-total")).to_have_text("105")
    expect(page.locator("#total-warning")).to_be_visible()
    page.locator("#sheet-rows tr.item-row").nth(0).locator(".down").click()
    expect(names.nth(0)).to_have_value("质量改进活动")
    page.locator("#sheet-rows tr.item-row").nth(1).locator(".up").click()
    expect(names.nth(0)).to_have_value("班组建设基础")
    dialogs.answer(True)
    page.locator("#sheet-rows tr.item-row").nth(4).locator(".delete").click()
    expect(names).to_have_count(4)
    assert dialogs.seen[-1] == "删除项目“附加项”？保存后生效。"
    page.locator("#sheet-rows .item-criteria").nth(3).fill("格式符合要求，内容完整，签章齐全")
    page.click("#save-sheet")
    _flash(page, "评分表已保存，合计 100 分")
    _shot(page, "review-setup-round")

    # Reviewers: import the 评委名单, a refused duplicate, an edit, deactivate and back.
    page.click("#to-reviewers")
    page.wait_for_url(re.compile(rf"{REVIEW}/reviewers$"))
    expect(page.locator("tr.reviewer .person")).to_have_text(
        ["陈志远", "孙丽", "王建华", "李明", "周晓燕"]
    )
    page.click("#import-button")
    _flash(page, "已从推荐单位评委名单导入 1 位评审专家")
    expect(page.locator("tr.reviewer .person")).to_have_count(6)
    form = page.locator("#add-reviewer form")
    form.locator("input[name=name]").fill("赵强")
    form.locator("input[name=employer]").fill("上海大学")
    form.locator("input[name=certificate_no]").fill("TGQ-2019-0123")
    page.click("#add-reviewer-button")
    expect(page.locator("#error")).to_have_text(
        "证书号 TGQ-2019-0123 已是评审专家1（陈志远）的，同一证书号在本轮只能有一位评审专家"
    )
    expect(page.locator("#add-reviewer input[name=name]")).to_have_value("赵强")
    fifth = page.locator("tr.reviewer").nth(4)
    fifth.locator("details.edit summary").click()
    fifth.locator("input[name=phone]").fill("13900005555")
    fifth.locator(".save-reviewer").click()
    _flash(page, "已保存评审专家5的信息")
    sixth = page.locator("tr.reviewer").nth(5)
    expect(sixth.locator(".unit")).to_have_text("浦东新区质量协会")
    dialogs.answer(False)
    sixth.locator("button.deactivate").click()
    dialogs.wait_for(page, 2)
    expect(sixth.locator(".badge.off")).to_have_count(0)  # dismissed: nothing changed
    dialogs.answer(True)
    sixth.locator("button.deactivate").click()
    expect(page.locator("tr.reviewer").nth(5).locator(".badge.off")).to_have_text("已停用")
    assert dialogs.seen[-1] == "停用评审专家6 钱伟？其分配将不再计入，需要补足评审专家。"
    page.locator("tr.reviewer").nth(5).locator("button.activate").click()
    _flash(page, "已重新启用评审专家6 钱伟")
    dialogs.answer(True)
    page.locator("tr.reviewer").nth(5).locator("button.deactivate").click()
    expect(page.locator("tr.reviewer").nth(5).locator(".badge.off")).to_have_text("已停用")
    # Each active reviewer's personal link and QR code, and the printable sheet.
    first = page.locator("tr.reviewer").nth(0)
    first.locator("details.qr summary").click()
    expect(first.locator(".qr-box svg.qr-code")).to_be_visible()
    key = rows(server, "SELECT access_key FROM reviewers WHERE number = 1")[0][0]
    expect(first.locator(".personal-link")).to_have_value(f"{server.url}/review/{key}")
    _shot(page, "review-setup-reviewers")
    # A lost link: a new one, and the old one stops working at once.
    dialogs.answer(True)
    first.locator("button.reissue").click()
    expect(page.locator(".flash-success")).to_contain_text("已为评审专家1 陈志远 重新生成个人链接")
    new_key = rows(server, "SELECT access_key FROM reviewers WHERE number = 1")[0][0]
    assert new_key != key
    first = page.locator("tr.reviewer").nth(0)
    first.locator("details.qr summary").click()
    expect(first.locator(".personal-link")).to_have_value(f"{server.url}/review/{new_key}")
    assert requests.get(f"{server.url}/review/{key}", timeout=10).status_code == 404
    page.click("#print-links")
    page.wait_for_url(re.compile(rf"{REVIEW}/reviewers/links$"))
    expect(page.locator(".card-cut .person")).to_have_text(
        ["陈志远", "孙丽", "王建华", "李明", "周晓燕"]
    )
    _shot(page, "review-setup-links")
    page.evaluate("window.print = () => { window.__printed = true; }")
    page.click("#print-now")
    assert page.evaluate("window.__printed") is True
    page.click("#back-to-reviewers")
    page.wait_for_url(re.compile(rf"{REVIEW}/reviewers$"))

    # Coverage before any assignment: every application lacks 3; opening is refused.
    page.click("#nav-assignments")
    page.wait_for_url(re.compile(rf"{REVIEW}/assignments$"))
    expect(page.locator("td.state")).to_have_text(["缺 3 位"] * 12)
    _shot(page, "review-setup-coverage-short")
    page.click("#open-round")
    expect(page.locator(".flash-error")).to_contain_text(
        "以下申报表的评审专家还不符合要求，暂不能开始评审：2026-0001 缺 3 位；2026-0002 缺 3 位；"
    )
    page.click("#auto-assign")
    _flash(page, "已自动分配 36 项评审任务")
    expect(page.locator("td.state")).to_have_text(["齐备"] * 12)
    for number in ("2026-0001", "2026-0002"):
        assert "孙丽" not in _people(page, number)  # she works at 上海石化股份有限公司
    for number in ("2026-0009", "2026-0010", "2026-0011", "2026-0012"):
        assert "李明" not in _people(page, number)  # of their 推荐单位, 上海电气集团
    expect(page.locator("#loads td.load")).to_have_text(["8", "7", "7", "7", "7", "0"])

    # A pin: refused for the conflict, in Chinese; then one who is free, with a reason.
    page.select_option(
        "#pin-form select[name=application_id]",
        label="2026-0001 上海石化股份有限公司 丙烯酸装置运行三班",
    )
    page.select_option(
        "#pin-form select[name=reviewer_id]", label="评审专家2 孙丽（上海石化股份有限公司）"
    )
    page.fill("#pin-form textarea[name=reason]", "熟悉该装置")
    page.click("#pin-button")
    expect(page.locator("#error")).to_have_text(
        "评审专家2（孙丽）工作单位即申报企业或同一集团，须回避，"
        "不能评审 2026-0001 丙烯酸装置运行三班"
    )
    before = _people(page, "2026-0001")
    free = next(n for n in ("陈志远", "王建华", "李明", "周晓燕") if n not in before)
    label = page.locator("#pin-form select[name=reviewer_id] option", has_text=free).inner_text()
    page.select_option("#pin-form select[name=reviewer_id]", label=label)
    page.fill("#pin-form textarea[name=reason]", "该专家熟悉石化装置，秘书处指定")
    page.click("#pin-button")
    _flash(page, f"已指定{label.split(' ')[0]}评审 2026-0001")
    row = page.locator('tr[data-number="2026-0001"]')
    expect(row.locator("td.state")).to_have_text("多 1 位")
    expect(row.locator(".who.pinned .person")).to_have_text(free)
    _shot(page, "review-setup-coverage-over")

    # A removal: the reason is required; then the row is 齐备 again.
    made = row.locator(".who:not(.pinned)").first
    gone = made.locator(".person").inner_text()
    gone_label = made.locator(".label").inner_text()
    made.locator("details.remove summary").click()
    made.locator(".remove-form button").click()
    expect(page.locator("#error")).to_have_text("请填写移除的原因")
    made = page.locator('tr[data-number="2026-0001"] .who:not(.pinned)').first
    made.locator("details.remove summary").click()
    made.locator("input[name=reason]").fill("工作量调整")
    made.locator(".remove-form button").click()
    _flash(page, f"已将{gone_label}从 2026-0001 移除")
    expect(page.locator('tr[data-number="2026-0001"] td.state')).to_have_text("齐备")
    expect(page.locator("#removed td.reason")).to_have_text(["工作量调整"])
    expect(page.locator("#coverage-summary")).to_have_text(
        "全部 12 份申报表评审专家齐备，可以开始评审。"
    )
    page.locator("#coverage").scroll_into_view_if_needed()
    page.evaluate("window.scrollTo(0, 0)")
    _shot(page, "review-setup-coverage")
    page.click("#auto-assign")
    _flash(page, "每份申报表的评审专家已齐备，没有新的分配")
    assert gone not in _people(page, "2026-0001")  # never made again

    # Open, then close after a question (dismissed once).
    page.click("#open-round")
    _flash(page, "材料文审已开始，评审专家可通过个人链接评审")
    expect(page.locator("#round-state b")).to_have_text("评审中")
    # Pressed while the page's own script is still on its way: asked all the same.
    held = []
    page.route("**/js/review_setup.js*", lambda route: held.append(route))
    page.goto(page.url, wait_until="commit")
    page.locator("#close-round").wait_for()
    asked = len(dialogs.seen)
    dialogs.answer(False)
    page.click("#close-round")
    expect(page.locator("#round-state b")).to_have_text("评审中")
    assert dialogs.seen[asked:] == ["结束材料文审？结束后评审专家不能再提交或修改评审意见。"]
    assert held, "the page's script was not held"
    page.unroute("**/js/review_setup.js*")  # the held request goes on
    dialogs.answer(True)
    page.click("#close-round")
    _flash(page, "材料文审已结束，评审专家不能再修改评审意见")
    expect(page.locator("#round-state b")).to_have_text("已结束")
    assert dialogs.seen[-1] == "结束材料文审？结束后评审专家不能再提交或修改评审意见。"
    page.click("#nav-round")
    expect(page.locator("#settings-view")).to_be_visible()
    page.click("#to-assignments")
    page.click("#nav-reviewers")
    page.click("#nav-progress")
    expect(page.locator("h1")).to_contain_text("材料文审进度")
    page.click("#nav-results")
    page.wait_for_url(re.compile(rf"{REVIEW}/results"))
    page.click("#nav-round")
    page.wait_for_url(re.compile(rf"{REVIEW}/$"))
    actions = [
        a
        for (a,) in rows(
            server, "SELECT action FROM audit_entries WHERE action LIKE 'review.%' ORDER BY id"
        )
    ]
    assert actions == [
        "review.round_saved",
        "review.sheet_changed",
        "review.reviewers_imported",
        "review.reviewer_updated",
        "review.reviewer_deactivated",
        "review.reviewer_activated",
        "review.reviewer_deactivated",
        "review.reviewer_reissued",
        "review.auto_assigned",
        "review.assignment_pinned",
        "review.assignment_removed",
        "review.round_opened",
        "review.round_closed",
    ]
