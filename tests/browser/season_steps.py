"""Steps of the season in Chromium, shared by the season's browser tests: joining by a link,
a team's 申报表 submitted, an enterprise's 同意推荐, a 推荐单位's forms 2-4, 2-3, 2-2 and 2-1.
Each step presses the controls a person would and checks what the page answered."""

from __future__ import annotations

import os
import re
from datetime import timedelta

from playwright.sync_api import expect

from contest.models.types import utcnow
from contest.season.current import BEIJING
from tests.browser import unit_opinion
from tests.season.files import blank_pdf, docx
from tests.season.test_form12 import GOOD
from tests.season.test_unit_reports import STATS

PHONE = {"viewport": {"width": 390, "height": 844}, "has_touch": True, "locale": "zh-CN"}
DESKTOP = {"viewport": {"width": 1280, "height": 900}, "locale": "zh-CN"}
SHOTS = "/tmp/season-shots"  # CONTEST_SCREENSHOTS=<dir> keeps them elsewhere (docs/screens)
PARTS = ("班组建设各要素基本符合准则要求", "自主维护与QC活动结合紧密", "数据分析深度不足")


def local(delta: timedelta) -> str:
    """A datetime-local value, in Beijing time, `delta` from now."""
    return (utcnow() + delta).astimezone(BEIJING).strftime("%Y-%m-%dT%H:%M")


def today() -> str:
    return utcnow().astimezone(BEIJING).date().isoformat()


def shot(page, name: str) -> None:
    """A JPEG of the page (at most two screens tall), once it has no repeated id and a plain
    title: docs/screens/season-<name>.jpg when CONTEST_SCREENSHOTS=docs/screens."""
    repeated = page.evaluate(
        "() => { const seen = {}; for (const el of document.querySelectorAll('[id]'))"
        " seen[el.id] = (seen[el.id] || 0) + 1;"
        " return Object.keys(seen).filter(id => seen[id] > 1); }"
    )
    assert repeated == [], f"{page.url}: ids used twice {repeated}"
    assert "<" not in page.title() and page.title(), page.url

    folder = os.environ.get("CONTEST_SCREENSHOTS") or SHOTS
    os.makedirs(folder, exist_ok=True)
    size = page.viewport_size
    height = page.evaluate("document.documentElement.scrollHeight")
    clip = {"x": 0, "y": 0, "width": size["width"], "height": min(height, 2 * size["height"])}
    page.screenshot(
        path=f"{folder}/season-{name}.jpg", type="jpeg", quality=82, full_page=True, clip=clip
    )


def join(page, url: str, username: str, name: str) -> None:
    page.goto(url)
    page.fill("input[name=display_name]", name)
    page.fill("input[name=mobile]", "13812345678")
    page.fill("input[name=email]", f"{username}@example.com")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", f"zhiliang-2026-{username}")
    page.click("#join")


def file(folder, name: str, data: bytes) -> str:
    path = folder / name
    path.write_bytes(data)
    return str(path)


def fill_form(page, values: dict[str, str]) -> None:
    for key, value in values.items():
        page.fill(f"[name={key}]", value)


def staff_page(browser, server):
    """A secretariat's desktop page, signed in as a new admin `mishu`."""
    server.flask("create-staff", "mishu", "--role", "admin", "--password", "mishu-zhiliang-1")
    staff = browser.new_context(**DESKTOP).new_page()
    staff.goto(server.url + "/staff/login")
    staff.fill("input[name=username]", "mishu")
    staff.fill("input[name=password]", "mishu-zhiliang-1")
    staff.click("button[type=submit]")
    staff.wait_for_url(re.compile(r"/admin/$"))
    return staff


def season_times(staff, opens: timedelta, closes: timedelta, *, new: bool = True) -> None:
    """On 在线申报: the season's times saved (and its year and name when `new`; the year is
    read-only afterwards)."""
    if new:
        staff.fill("input[name=year]", "2026")
        staff.fill("input[name=name]", "2026年上海市质量信得过班组建设经验申报")
    staff.fill("input[name=opens]", local(opens))
    staff.fill("input[name=closes]", local(closes))
    staff.click("#save-season")
    expect(staff.locator(".flash-success")).to_have_text("已保存申报时间")


def add_recommender(staff, name: str, kind: str) -> str:
    """On 在线申报: a 推荐单位 added; returns its invitation link."""
    staff.fill("#add-recommender input[name=name]", name)
    staff.select_option("#add-recommender select[name=kind]", kind)
    staff.click("#add-recommender button[type=submit]")
    expect(staff.locator("#invited h2")).to_have_text(f"已生成邀请链接：{name}")
    return staff.input_value("#invited-url")


def add_enterprise(recommender, name: str) -> str:
    """On the 推荐单位's page: an enterprise added; returns its invitation link."""
    recommender.fill(".add-enterprise input[name=name]", f" {name} ")  # trimmed at the ends
    recommender.click(".add-enterprise button[type=submit]")
    expect(recommender.locator("#invited h2")).to_have_text(f"已生成邀请链接：{name}")
    return recommender.input_value("#invited-url")


def add_judge(recommender, name: str, employer: str, number: str) -> None:
    if not recommender.locator(".add-judge[open]").count():  # open after a refusal
        recommender.click(".add-judge summary")
    form = recommender.locator(".add-judge form")
    form.locator("input[name=name]").fill(name)
    form.locator("input[name=employer]").fill(employer)
    form.locator("input[name=certificate_no]").fill(number)
    form.locator("input[name=mobile]").fill("13911112222")
    form.locator("button").click()


def team_link(unit) -> str:
    """On the enterprise's page: a new link for a team."""
    unit.click(".enterprise button[type=submit]")
    return unit.input_value("#invited-url")


def start(team, server, name: str, size: str = "12") -> None:
    """The team opens a new 申报表 and saves a complete draft."""
    team.goto(server.url + "/apply/team/")
    team.click(".new-application button")
    team.wait_for_url(re.compile(r"/apply/team/\d+$"))
    fill_form(team, {**GOOD, "team_name": name, "member_count": size})
    team.click("#save-draft")
    expect(team.locator(".flash-success")).to_have_text("草稿已保存")


def attach_and_submit(team, folder, version: int = 1) -> None:
    """On the team's form: the narrative and the scan uploaded, then 提交 with a receipt."""
    word = team.locator(".attachment[data-kind=narrative] form.upload")
    word.locator("input[type=file]").set_input_files(
        file(folder, "班组创建材料.docx", docx("班组创建材料：我们开展QC小组活动。"))
    )
    word.locator("button").click()
    expect(team.locator(".flash-success")).to_contain_text("已收到「班组创建材料.docx」")
    scan = team.locator(".attachment[data-kind=scan] form.upload")
    scan.locator("input[type=file]").set_input_files(file(folder, "申报表.pdf", blank_pdf(1)))
    scan.locator("button").click()
    expect(team.locator(".flash-success")).to_contain_text("已收到「申报表.pdf」")
    submit(team, version)


def submit(team, version: int) -> None:
    team.click("#to-submit")
    team.wait_for_url(re.compile(r"/submit$"))
    team.click("#submit")
    team.wait_for_url(re.compile(rf"/receipt/{version}$"))


def apply(team, server, folder, name: str, size: str = "12") -> None:
    """The team fills in, attaches and submits one 申报表."""
    start(team, server, name, size)
    attach_and_submit(team, folder)


def approve(unit, server, number: str, folder) -> None:
    """The enterprise opens the 申报表, gives its 评分与推荐意见 (scan included), 同意推荐."""
    unit.goto(server.url + "/apply/unit/")
    unit.click(f"table.list a:text-is('{number}')")
    unit.wait_for_url(re.compile(r"/apply/unit/applications/\d+$"))
    unit_opinion.complete(unit, folder)
    unit.click("#approve")
    unit.wait_for_url(re.compile(r"/apply/unit/$"))
    expect(unit.locator("tr.status-approved", has_text=number)).to_have_count(1)


def recommend(recommender, team_name: str) -> None:
    recommender.locator(".to-recommend li", has_text=team_name).locator("button").click()


def fill_review_row(page, number: str, score: str, judges) -> None:
    """One row of form 2-4: the 材料评价 in three parts, 打分, the judges ticked."""
    row = page.locator("fieldset.review-row", has_text=number)
    for key, text in zip(("conformity", "features", "shortcomings"), PARTS, strict=True):
        row.locator(f"textarea[name$=-{key}]").fill(text)
    row.locator("input[name$=-score]").fill(score)
    for name in judges:
        row.locator("label.check", has_text=name).locator("input").check()


def submit_review(page, server, rows: dict[str, tuple[str, list[str]]], picture: str = ""):
    """From the 推荐单位's home: form 2-4 filled ({number: (score, judges)}), confirmed (its
    picture taken) and submitted with a receipt."""
    page.goto(server.url + "/apply/recommender/")
    page.click(".review-link")
    page.wait_for_url(re.compile(r"/review$"))
    for number, (score, judges) in rows.items():
        fill_review_row(page, number, score, judges)
    page.fill("#filler input[name=filler]", "王明")
    page.fill("#filler input[name=phone]", "021-58471234")
    page.fill("#filler input[name=date]", today())
    page.click("#review-check")
    page.wait_for_url(re.compile(r"/review/submit$"))
    if picture:
        shot(page, picture)
    page.click("#review-submit")
    page.wait_for_url(re.compile(r"/review/receipt/1$"))
    expect(page.locator("#receipt-form")).to_have_text("材料评审汇总表（附件 2-4）已提交")


def submit_recommendation(page, server, picture: str = "") -> None:
    """From the 推荐单位's home: form 2-3 as derived, its 填表人 (its picture taken), 提交 with
    a receipt."""
    page.goto(server.url + "/apply/recommender/")
    page.click(".recommendation-link")
    page.wait_for_url(re.compile(r"/recommendation$"))
    page.fill("#filler input[name=filler]", "王明")
    page.fill("#filler input[name=phone]", "13812345678")
    page.fill("#filler input[name=date]", today())
    if picture:
        shot(page, picture)
    page.click("#recommendation-submit")
    page.wait_for_url(re.compile(r"/recommendation/receipt/1$"))
    expect(page.locator("#receipt-form")).to_have_text("推荐表（附件 2-3）已提交")


def submit_report(page, server, folder, recommended: int) -> None:
    """From the 推荐单位's home: forms 2-2 (item 5 as recommended) and 2-1 submitted."""
    page.goto(server.url + "/apply/recommender/")
    page.click(".report-link")
    page.wait_for_url(re.compile(r"/report$"))
    # Half typed, kept as a draft: nothing checked yet, the values back on the page.
    page.fill("#report-form input[name=enterprises]", STATS["enterprises"])
    page.click("#report-draft")
    expect(page.locator(".flash-success")).to_contain_text("已保存统计表草稿（")
    expect(page.locator("#report-draft-note")).to_contain_text("保存的草稿，尚未提交。")
    expect(page.locator("#report-form input[name=enterprises]")).to_have_value(STATS["enterprises"])
    for key, value in {**STATS, "recommended": str(recommended)}.items():
        if key == "held":
            page.select_option("select[name=held]", value)
        elif key == "features":
            page.fill("textarea[name=features]", value)
        else:
            page.fill(f"#report-form input[name={key}]", value)
    page.check("input[name=forms][value=发表评审]")
    page.set_input_files(
        "input[name=summary]", file(folder, "2026年活动总结.docx", docx("总结" * 1500))
    )
    page.click("#report-submit")
    expect(page.locator("#report-receipt")).to_contain_text("第 1 次提交")
    expect(page.locator("#report-receipt")).to_contain_text("3,000 字")
