"""材料文审 results in Chromium: the secretariat's results page (ranks, breakdown, 分歧较大,
consistency, a cut line typed), form 2-4 downloaded as xlsx and PDF and read back, the
评审组长 recording a note on the 分歧较大 application (another reviewer's link gets a 404),
the shortlist confirmed, undone, confirmed again and made into the contest's teams.

The world is written straight into the server's database (run as
`python -m tests.browser.test_review_results` with the server's env)."""

from __future__ import annotations

import io
import re
import subprocess
import sys
from decimal import Decimal

import pytest
from playwright.sync_api import expect

from tests.browser.console import Dialogs, rows, shoot
from tests.browser.season_steps import shot
from tests.season.papers import need_tools, pdf_text

pytestmark = pytest.mark.browser
DESKTOP = {"viewport": {"width": 1440, "height": 900}, "locale": "zh-CN", "accept_downloads": True}
PHONE = {"viewport": {"width": 390, "height": 844}, "has_touch": True, "locale": "zh-CN"}
STAFF = ("mishu", "mishu-zhiliang-1")
NOTE = "评审专家2 对该班组成果评价明显偏高，经复核材料，维持截尾平均结果。"
TOP_EIGHT = [
    "2026-0005", "2026-0001", "2026-0012", "2026-0003",
    "2026-0009", "2026-0006", "2026-0011", "2026-0002",
]  # fmt: skip


def seed() -> None:
    """The reviewed world (tests/review/results_world.py) and the demo contest to fill."""
    from contest import create_app
    from contest.demo import load_demo

    app = create_app()
    with app.app_context():
        load_demo()
        from tests.review import results_world

        results_world.build()


def _download(page, selector: str) -> tuple[str, bytes]:
    with page.expect_download(timeout=180_000) as fetched:
        page.click(selector, no_wait_after=True)
    with open(fetched.value.path(), "rb") as file:
        return fetched.value.suggested_filename, file.read()


@pytest.mark.console_allows("status of 404")
def test_results_chair_downloads_and_the_shortlist_into_the_contest(
    empty_server, browser, tmp_path
):
    need_tools()
    server = empty_server
    subprocess.run([sys.executable, "-m", "tests.browser.test_review_results"],
                   env=server.env, check=True)  # fmt: skip
    server.flask("create-staff", STAFF[0], "--role", "admin", "--password", STAFF[1])
    office = browser.new_context(**DESKTOP)
    staff = office.new_page()
    staff.goto(server.url + "/staff/login")
    staff.fill("input[name=username]", STAFF[0])
    staff.fill("input[name=password]", STAFF[1])
    staff.click("button[type=submit]")
    staff.wait_for_url(re.compile(r"/admin/$"))
    staff.goto(server.url + "/admin/season/expert-review/results")
    staff.click("#nav-results")  # the nav's own link comes back here
    staff.wait_for_url(re.compile(r"/admin/season/expert-review/results$"))

    # The ranking with its breakdown: 0005's 93 dropped high and 89 low, (90 + 92) / 2.
    expect(staff.locator("#ranking tbody tr td.rank")).to_have_text(
        [f"第 {n}" for n in range(1, 13)]
    )
    first = staff.locator("#ranking tr[data-number='2026-0005']")
    expect(first.locator("td.score")).to_have_text("91.00")
    expect(first.locator("td.total")).to_have_text(["·", "92", "90", "93↑", "89↓"])
    expect(first.locator("td.dropped-high")).to_have_attribute("data-reviewer", "评审专家4")
    expect(first.locator("td.dropped-low")).to_have_attribute("data-reviewer", "评审专家5")
    expect(staff.locator("#ranking tr.divergent")).to_have_attribute("data-number", "2026-0007")
    expect(staff.locator("#divergent .chair-note")).to_have_text("评审组长尚未记录意见。")
    expect(staff.locator("#consistency td.deviation")).to_have_text(
        ["−0.58", "+1.68", "−0.43", "+0.19", "+0.43"]
    )
    expect(staff.locator("#sensitivity li.changes")).to_have_text(
        ["去掉评审专家4 的评分，2026-0008 将入围，2026-0002 将落选"]
    )
    shoot(staff, "review-results")
    shoot(staff, "review-results-full", full_page=True)
    shot(staff, "review-results-1440")

    # A cut typed by staff: 11 places.
    staff.fill("#cut-form input[name=cut]", "11")
    staff.click("#cut-go")
    expect(staff.locator("#sensitivity .cut[data-cut='11'] li.changes")).to_have_text([
        "去掉评审专家1 的评分，2026-0007 将入围，2026-0010 将落选",
        "去掉评审专家4 的评分，2026-0007 将入围，2026-0010 将落选",
        "去掉评审专家5 的评分，2026-0007 将入围",
    ])  # fmt: skip

    # Form 2-4 as xlsx and as PDF: the hand-computed means.
    name, data = _download(staff, "#form24-xlsx")
    assert name == "2026年材料评审汇总表.xlsx"
    from openpyxl import load_workbook

    total = load_workbook(io.BytesIO(data))["总表"]
    read = [(r[1].value, Decimal(str(r[5].value))) for r in total.iter_rows(min_row=3)]
    assert read[:3] == [
        ("2026-0005", Decimal("91")),  # (90 + 92) / 2
        ("2026-0001", Decimal("89")),  # (88 + 90) / 2
        ("2026-0012", Decimal("86.75")),  # (86 + 87.5) / 2
    ]
    name, data = _download(staff, "#form24-pdf")
    assert name == "2026年材料评审汇总表.pdf"
    text = pdf_text(data, tmp_path)
    assert "2026年上海市“质量信得过班组”建设经验材料评审汇总表（总表）" in text
    assert "83.75" in text and "上海电气电站设备有限公司汽轮机厂" in text

    # The 评审组长 on a phone: the 分歧较大 application, everyone's totals and 评语.
    keys = dict(rows(server, "select number, access_key from reviewers"))
    phone = browser.new_context(**PHONE).new_page()
    phone.goto(f"{server.url}/review/{keys[1]}")
    phone.click("#chair-link")  # the 评审组长's own list links to the chair's page
    expect(phone.locator(".chair-item")).to_have_attribute("data-number", "2026-0007")
    expect(phone.locator(".chair-reviews .head .total")).to_have_text(["70", "88", "72", "71"])
    shot(phone, "review-chair-390")
    phone.fill(".chair-note-form textarea", NOTE)
    phone.click(".chair-note-save")
    expect(phone.locator(".flash-success")).to_have_text("已保存对 2026-0007 的意见")
    expect(phone.locator(".chair-note-form textarea")).to_have_value(NOTE)
    # Another reviewer's link does not open the chair's page.
    other = browser.new_context(**PHONE).new_page()
    answer = other.goto(f"{server.url}/review/{keys[2]}/chair")
    assert answer.status == 404
    staff.goto(server.url + "/admin/season/expert-review/results")
    expect(staff.locator("#divergent .chair-note")).to_contain_text(f"评审组长意见：{NOTE}")

    # The shortlist: confirmed, undone, confirmed again; each asks first.
    dialogs = Dialogs(staff)
    expect(staff.locator("#proposal li")).to_have_count(8)
    dialogs.answer(True)
    staff.click("#shortlist-confirm")
    expect(staff.locator(".flash-success")).to_have_text("已确认入围名单，共 8 份申报表")
    expect(staff.locator("#shortlist-confirmed")).to_contain_text("共 8 份（入围名额 8）")
    dialogs.answer(True)
    staff.click("#shortlist-cancel")
    expect(staff.locator(".flash-success")).to_have_text("已撤销入围名单的确认")
    dialogs.answer(True)
    staff.click("#shortlist-confirm")
    expect(staff.locator("ol.shortlist li")).to_have_count(8)
    shoot(staff, "review-results-confirmed", full_page=True)
    assert [d.startswith("确") for d in dialogs.seen] == [True, True, True]
    # Only the shortlisted are offered on the 形式审查 page's step too.
    staff.goto(server.url + "/admin/season/review")
    expect(staff.locator("#into-contest label.check")).to_have_count(8)
    staff.goto(server.url + "/admin/season/expert-review/results#shortlist")
    staff.click("#shortlist-teams-go")
    staff.wait_for_url(re.compile(r"/admin/contests/\d+$"))
    expect(staff.locator(".flash-success")).to_contain_text("生成 8 个班组，名称与申报表一致")
    made = rows(
        server,
        "select a.number, t.company_name, t.team_name from applications a"
        " join teams t on t.id = a.contest_team_id order by a.number",
    )
    assert [m[0] for m in made] == sorted(TOP_EIGHT)
    assert made[0][1:] == ("上海石化股份有限公司", "丙烯酸装置运行三班")
    staff.goto(server.url + "/admin/season/expert-review/results")
    expect(staff.locator("#teams-done")).to_have_text("入围申报表均已生成发表赛班组。")
    office.close()


if __name__ == "__main__":
    seed()
