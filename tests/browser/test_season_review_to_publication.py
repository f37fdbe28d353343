"""The season's second half in one Chromium run (issue #15's Done-when): 材料文审 of the 12
applications by the 5 reviewers (孙丽 left off 上海石化's two automatically, one reviewer
pinned by staff with a reason), form 2-4 read back against trimmed means worked by hand,
the shortlist of 8 made into the 发表赛's teams, the contest day over the real HTTP
endpoints of the host's console and the judges' phones, grades and national candidates,
材料完善 and the national package, the 公示 with one objection handled 受理 → 核查 → 答复, and
publication: a certificate verifies only after it.

Round: N = 4 reviewers per application, 1 dropped at each end from 4 marks up: each
application's result is the mean of its two middle totals."""

from __future__ import annotations

import io
import re
from datetime import timedelta
from decimal import Decimal

import pytest
from playwright.sync_api import expect

from tests.browser.console import Dialogs, rows, shoot
from tests.browser.season_review_seed import CONTEST as CONTEST_NAME
from tests.browser.season_review_seed import STAFF
from tests.browser.season_review_steps import (
    OPINION,
    awards,
    contest_day,
    download,
    flash,
    http_submit,
    people,
    plain,
    seed,
    split,
    verified,
)
from tests.browser.season_steps import local
from tests.browser.test_publicity import _pdf, _period

pytestmark = pytest.mark.browser
DESKTOP = {"viewport": {"width": 1440, "height": 900}, "locale": "zh-CN", "accept_downloads": True}
REVIEW = "/admin/season/expert-review"

# Each application's base total. Its four reviewers, in reviewer-number order, give
# base − 4, base − 1, base + 1.5 and base + 3: the trim drops base − 4 and base + 3, and the
# result is (base − 1 + base + 1.5) / 2 = base + 0.25, whoever the four are. By hand:
#   0005: 88, 91, 93.5, 95 → (91 + 93.5) / 2 = 92.25     0001: (89 + 91.5) / 2 = 90.25
#   0011: (87 + 89.5) / 2 = 88.25   0008: (85 + 87.5) / 2 = 86.25   0003: (83 + 85.5) / 2 = 84.25
#   0012: (81 + 83.5) / 2 = 82.25   0006: (79 + 81.5) / 2 = 80.25   0009: (77 + 79.5) / 2 = 78.25
#   0002: (75 + 77.5) / 2 = 76.25   0010: (73 + 75.5) / 2 = 74.25   0004: (71 + 73.5) / 2 = 72.25
#   0007: (69 + 71.5) / 2 = 70.25
BASES = {
    "2026-0001": 90, "2026-0002": 76, "2026-0003": 84, "2026-0004": 72,
    "2026-0005": 92, "2026-0006": 80, "2026-0007": 70, "2026-0008": 86,
    "2026-0009": 78, "2026-0010": 74, "2026-0011": 88, "2026-0012": 82,
}  # fmt: skip
OFFSETS = (Decimal("-4"), Decimal("-1"), Decimal("1.5"), Decimal("3"))
FORM24 = [
    ("2026-0005", "92.25"), ("2026-0001", "90.25"), ("2026-0011", "88.25"),
    ("2026-0008", "86.25"), ("2026-0003", "84.25"), ("2026-0012", "82.25"),
    ("2026-0006", "80.25"), ("2026-0009", "78.25"), ("2026-0002", "76.25"),
    ("2026-0010", "74.25"), ("2026-0004", "72.25"), ("2026-0007", "70.25"),
]  # fmt: skip
UNITS = {  # each 推荐单位's sheet of form 2-4: its four applications, in the same order
    "浦东新区质量协会": {"2026-0001", "2026-0002", "2026-0003", "2026-0004"},
    "上海化工行业协会": {"2026-0005", "2026-0006", "2026-0007", "2026-0008"},
    "上海电气集团": {"2026-0009", "2026-0010", "2026-0011", "2026-0012"},
}
SHORTLIST = [number for number, _ in FORM24[:8]]
# 一等奖 the first 2, 二等奖 the next 3, 三等奖 the rest (on the contest's 获奖与推荐 page); the
# national quota of 3, one per enterprise: the first three, all of different enterprises.
LEVELS = {
    "一等奖": [("丙烯酸装置运行三班", "95.00"), ("丙烯酸甲酯精制班", "93.00")],
    "二等奖": [("膜式壁焊接班", "91.00"), ("总装车间机身对接班", "90.00"),
              ("氯乙烯聚合二班", "89.00")],
    "三等奖": [("锅筒装配班", "87.00"), ("储运车间装卸二班", "85.00"), ("转子加工班", "83.00")],
}  # fmt: skip
NATIONAL = ["2026-0001", "2026-0005", "2026-0011"]
PAGE_REVIEWER = 5  # 周晓燕 scores every one of hers on the page


def _set_up_and_open(page, server) -> None:
    """Round settings, auto-assignment with the conflict left out, a pin, coverage, open."""
    page.goto(server.url + "/admin/season/")
    page.click("#review-round-link")
    page.wait_for_url(re.compile(rf"{REVIEW}/$"))
    page.fill("input[name=per_application]", "4")
    page.fill("input[name=trim_each_end]", "1")
    page.fill("input[name=min_panel_for_trim]", "4")
    page.fill("input[name=shortlist]", "8")
    page.click("#save-round")
    flash(page, "已保存材料文审设置")
    page.click("#to-assignments")
    page.wait_for_url(re.compile(rf"{REVIEW}/assignments$"))
    page.click("#auto-assign")
    flash(page, "已自动分配 48 项评审任务")
    expect(page.locator("td.state")).to_have_text(["齐备"] * 12)
    for number in ("2026-0001", "2026-0002"):
        assert "孙丽" not in people(page, number)  # she works at 上海石化股份有限公司
    # A pin on 2026-0003 (中国商飞, every reviewer eligible): the one left out, with a reason.
    before = people(page, "2026-0003")
    free = next(n for n in ("陈志远", "孙丽", "王建华", "李明", "周晓燕") if n not in before)
    page.select_option(
        "#pin-form select[name=application_id]",
        label="2026-0003 中国商飞上海飞机制造有限公司 总装车间机身对接班",
    )
    label = page.locator("#pin-form select[name=reviewer_id] option", has_text=free).inner_text()
    page.select_option("#pin-form select[name=reviewer_id]", label=label)
    page.fill("#pin-form textarea[name=reason]", "该专家熟悉飞机总装工艺，秘书处指定")
    page.click("#pin-button")
    flash(page, f"已指定{label.split(' ')[0]}评审 2026-0003")
    row = page.locator('tr[data-number="2026-0003"]')
    expect(row.locator("td.state")).to_have_text("多 1 位")
    expect(row.locator(".who.pinned .person")).to_have_text(free)
    made = row.locator(".who:not(.pinned)").first
    label_gone = made.locator(".label").inner_text()
    made.locator("details.remove summary").click()
    made.locator("input[name=reason]").fill("工作量调整")
    made.locator(".remove-form button").click()
    flash(page, f"已将{label_gone}从 2026-0003 移除")
    expect(page.locator("#coverage-summary")).to_have_text(
        "全部 12 份申报表评审专家齐备，可以开始评审。"
    )
    pinned = rows(
        server,
        "SELECT ap.number, r.name, a.reason FROM review_assignments a JOIN reviewers r"
        " ON r.id = a.reviewer_id JOIN applications ap ON ap.id = a.application_id"
        " WHERE a.pinned AND a.removed_at IS NULL",
    )
    assert pinned == [("2026-0003", free, "该专家熟悉飞机总装工艺，秘书处指定")]
    shoot(page, "season-review-coverage")
    page.click("#open-round")
    flash(page, "材料文审已开始，评审专家可通过个人链接评审")


def _assignments(server) -> dict[str, list[tuple[int, int, str]]]:
    """Per application number: (reviewer number, assignment id, access key), live ones only."""
    found: dict[str, list[tuple[int, int, str]]] = {}
    for number, reviewer, assignment, key in rows(
        server,
        "SELECT ap.number, r.number, a.id, r.access_key FROM review_assignments a"
        " JOIN reviewers r ON r.id = a.reviewer_id JOIN applications ap"
        " ON ap.id = a.application_id WHERE a.removed_at IS NULL ORDER BY ap.number, r.number",
    ):
        found.setdefault(number, []).append((reviewer, assignment, key))
    return found


def _review_all(server, browser) -> None:
    """Every review submitted: 周晓燕's on her page, the others' over review.js's endpoints."""
    items = rows(
        server, "SELECT id, maximum FROM review_items ORDER BY position"
    )  # the round's sheet: 25, 30, 25, 20
    maxima = [Decimal(str(m)) for _, m in items]
    on_page: list[tuple[int, list[Decimal]]] = []
    assigned = _assignments(server)
    assert [r for r, _, _ in assigned["2026-0001"]].count(2) == 0  # 孙丽, of 上海石化
    assert [r for r, _, _ in assigned["2026-0002"]].count(2) == 0
    for number, panel in assigned.items():
        assert len(panel) == 4, (number, panel)
        for offset, (reviewer, assignment, key) in zip(OFFSETS, panel, strict=True):
            marks = split(BASES[number] + offset, maxima)
            if reviewer == PAGE_REVIEWER:
                on_page.append((assignment, marks))
                page_key = key
            else:
                http_submit(
                    server,
                    key,
                    assignment,
                    {str(i): plain(m) for (i, _), m in zip(items, marks, strict=True)},
                )
    context = browser.new_context(**DESKTOP)
    page = context.new_page()
    dialogs = Dialogs(page)
    page.goto(f"{server.url}/review/{page_key}")
    expect(page.locator("#assignments .badge")).to_have_text(["未开始"] * len(on_page))
    for done, (assignment, marks) in enumerate(on_page, 1):
        page.click(f"#open-{assignment}")
        page.wait_for_url(re.compile(rf"/review/{page_key}/{assignment}$"))
        for box, mark in zip(page.locator("input.mark").all(), marks, strict=True):
            box.fill(plain(mark))
        page.fill("#part-conformity", OPINION["conformity"])
        page.fill("#part-features", OPINION["features"])
        page.fill("#part-shortcomings", OPINION["shortcomings"])
        expect(page.locator("#total")).to_have_text(plain(sum(marks, Decimal(0))))
        dialogs.answer(True)
        page.click("#submit-review")
        page.wait_for_selector("#locked")
        expect(page.locator("#review-state")).to_have_text("已提交")
        expect(page.locator("#others li")).to_have_count(3)  # the others all submitted first
        if done == 1:
            shoot(page, "season-review-reviewer-locked")
        page.click("#to-list")
        expect(page.locator("#assignments .badge", has_text="已提交")).to_have_count(done)
    context.close()


def _results_and_shortlist(page, server) -> None:
    """Close the round, read the ranking and form 2-4, confirm the 8 and make the teams."""
    from openpyxl import load_workbook

    dialogs = Dialogs(page)
    page.goto(server.url + REVIEW + "/assignments")
    dialogs.answer(True)
    page.click("#close-round")
    flash(page, "材料文审已结束，评审专家不能再修改评审意见")
    page.click("#nav-results")
    page.wait_for_url(re.compile(rf"{REVIEW}/results"))
    ranking = page.locator("#ranking tbody tr")
    expect(ranking).to_have_count(12)
    expect(page.locator("#ranking tbody tr td.score")).to_have_text([s for _, s in FORM24])
    assert ranking.evaluate_all("rs => rs.map(r => r.dataset.number)") == [n for n, _ in FORM24]
    name, data = download(page, "#form24-xlsx")
    assert name == "2026年材料评审汇总表.xlsx"
    total = load_workbook(io.BytesIO(data))["总表"]
    read = [(r[1].value, Decimal(str(r[5].value))) for r in total.iter_rows(min_row=3)]
    assert read == [(number, Decimal(score)) for number, score in FORM24]
    book = load_workbook(io.BytesIO(data))
    assert book.sheetnames == ["总表", *UNITS]
    for unit, numbers in UNITS.items():
        part = [(r[1].value, Decimal(str(r[5].value))) for r in book[unit].iter_rows(min_row=3)]
        assert part == [(n, Decimal(s)) for n, s in FORM24 if n in numbers], unit
    expect(page.locator("#proposal li")).to_have_count(8)
    dialogs.answer(True)
    page.click("#shortlist-confirm")
    flash(page, "已确认入围名单，共 8 份申报表")
    page.goto(server.url + REVIEW + "/results#shortlist")
    page.click("#shortlist-teams-go")
    page.wait_for_url(re.compile(r"/admin/contests/\d+$"))
    expect(page.locator(".flash-success")).to_contain_text("生成 8 个班组，名称与申报表一致")
    made = rows(
        server,
        "SELECT a.number, t.company_name, t.team_name FROM applications a"
        " JOIN teams t ON t.id = a.contest_team_id ORDER BY a.number",
    )
    assert [m[0] for m in made] == sorted(SHORTLIST)
    assert made[0][1:] == ("上海石化股份有限公司", "丙烯酸装置运行三班")


# /verify answers 404 for a certificate whose season is not yet published, on purpose.
@pytest.mark.console_allows("status of 404")
def test_the_season_from_review_to_publication(empty_server, browser):
    server = empty_server
    seed(server, "world")
    staff = browser.new_context(**DESKTOP).new_page()
    staff.goto(server.url + "/staff/login")
    staff.fill("input[name=username]", STAFF[0])
    staff.fill("input[name=password]", STAFF[1])
    staff.click("button[type=submit]")
    staff.wait_for_url(re.compile(r"/admin/$"))

    _set_up_and_open(staff, server)
    _review_all(server, browser)
    _results_and_shortlist(staff, server)
    contest_day(server)
    awards(staff, server)
    awarded = rows(
        server,
        "SELECT a.number, g.name, aw.certificate_no FROM team_awards aw"
        " JOIN award_grades g ON g.id = aw.grade_id"
        " JOIN applications a ON a.contest_team_id = aw.team_id ORDER BY aw.certificate_no",
    )
    assert len(awarded) == 8
    certificate = next(no for number, _, no in awarded if number == "2026-0001")

    # 材料完善 for the three national candidates, and the package with its checksums.
    staff.goto(server.url + "/admin/season/")
    staff.click("#national-link")
    staff.fill("input[name=closes_at]", local(timedelta(days=10)))
    staff.click("#open-window")
    expect(staff.locator(".flash-success")).to_contain_text("新建任务 3 个")
    expect(staff.locator("#tasks tbody tr")).to_have_count(3)
    tasks = staff.locator("#tasks tbody tr").evaluate_all("rs => rs.map(r => r.dataset.number)")
    assert tasks == NATIONAL
    name, data = download(staff, "#package-download")
    assert name == "2026年推荐国家级材料.zip"
    assert verified(data)["teams"] == 3

    # The 公示: the contest joined the season when its teams were made from the shortlist;
    # the list, the period begun in the past.
    start, days, off = _period()
    staff.goto(server.url + "/admin/season/")
    staff.click("#publicity-link")
    expect(staff.locator("#contests ul.linked li .exact")).to_have_text([CONTEST_NAME])
    staff.click("#snapshot")
    flash(staff, "已生成拟公示名单（第 1 版，待公示）")
    expect(staff.locator("#staff-rows tbody tr")).to_have_count(8)
    staff.fill("input[name=starts_on]", start.isoformat())
    staff.fill("input[name=working_days]", str(days))
    staff.click("#open-notice")
    flash(staff, "公示已发布，公众可在公示页面查看并提出异议")

    # A member of the public objects; staff handle it to a decision.
    public = browser.new_context(**DESKTOP).new_page()
    public.goto(server.url + "/gongshi/2026")
    expect(public.locator("#countdown")).to_contain_text("距公示期结束还有")
    public.fill("input[name=name]", "王立新")
    public.fill("input[name=unit]", "上海某某机械有限公司")
    public.fill("input[name=phone]", "021-64000000")
    public.fill("input[name=subject]", "锅筒装配班")
    public.fill("textarea[name=grounds]", "该班组现场发表超时未按规则扣分。")
    public.set_input_files(
        "input[name=attachment]",
        files=[{"name": "异议材料.pdf", "mimeType": "application/pdf", "buffer": _pdf()}],
    )
    public.click("#objection-submit")
    expect(public.locator("#receipt-number")).to_have_text("YY-2026-001")
    code = public.locator("#receipt-code").inner_text()
    staff.goto(server.url + "/admin/season/publicity/")
    staff.click(".objection-link")
    staff.click("#accept")
    flash(staff, "已受理，答复期限已按工作日计算")
    staff.fill("textarea[name=notes]", "调取计时记录，该班组发表未超时。")
    staff.click("#check")
    flash(staff, "已记录核查情况")
    staff.fill("textarea[name=decision]", "经核查，该班组发表未超时，异议不成立，维持原结果。")
    staff.click("#answer")
    flash(staff, "已答复，该异议办结")
    public.goto(server.url + "/gongshi/2026")
    public.click("#status-link-body")
    public.fill("input[name=number]", "YY-2026-001")
    public.fill("input[name=code]", code)
    public.click("#status-submit")
    expect(public.locator("#status-value")).to_have_text("已答复")

    # Not yet published: publication refused, the certificate not yet verifiable.
    staff.click("#back-season")
    staff.click("#publish")
    expect(staff.locator(".flash").first).to_contain_text("暂不能发布：公示期至")
    public.goto(server.url + "/verify")
    public.fill("input[name=no]", certificate)
    public.click("button[type=submit]")
    expect(public.locator("#verdict")).to_have_text("评选结果尚未正式发布")

    # The 公示 ends (a day off inside it marked 上班 by staff); publication; verification.
    staff.fill("#calendar-form input[name=day]", off.isoformat())
    staff.select_option("#calendar-form select[name=workday]", "1")
    staff.fill("#calendar-form input[name=note]", "协会通知当日正常上班")
    staff.click("#set-override")
    expect(staff.locator("#notice-period")).to_contain_text("公示期已结束。")
    staff.click("#publish")
    flash(staff, "评选结果已正式发布，证书可打印并可在线验证")
    staff.click("#public-results-link")
    expect(staff.locator("section.level[data-grade]")).to_have_count(3)
    for grade, teams in LEVELS.items():
        level = staff.locator(f"section.level[data-grade='{grade}']")
        expect(level.locator(".team")).to_have_text([team for team, _ in teams])
        expect(level.locator("td.score")).to_have_text([score for _, score in teams])
    expect(staff.locator("#national-list .team")).to_have_text(
        ["丙烯酸装置运行三班", "丙烯酸甲酯精制班", "膜式壁焊接班"]
    )
    names = dict(rows(server, "SELECT team_name, company_name FROM teams"))
    for team, company in names.items():
        row = staff.locator("section.level[data-grade] tr", has_text=team)
        expect(row.locator(".company")).to_have_text(company)
        assert row.locator(".company").inner_text() == company  # as rendered: spaces kept
    shoot(staff, "season-results-published", full_page=True)
    public.goto(server.url + "/verify")
    public.fill("input[name=no]", certificate)
    public.click("button[type=submit]")
    expect(public.locator("#verdict")).to_have_text("该证书真实有效")
