"""公示 to publication in Chromium: staff prepare and open the 公示, a member of the public
objects and checks the status, staff handle the objection to a decision and revise one
result, the 公示 ends (a staff calendar override), staff publish, the results page shows
and a certificate verifies. Every button and link of the area is pressed."""

from __future__ import annotations

import os
import re
from datetime import timedelta
from io import BytesIO
from pathlib import Path

import pytest
from playwright.sync_api import expect

from tests.browser.actors import sign_in
from tests.browser.axe import contrast_violations
from tests.browser.console import shoot
from tests.browser.staff_data import _app

pytestmark = pytest.mark.browser
LAPTOP = {"width": 1440, "height": 900}
SCREENS = Path(__file__).resolve().parents[2] / "docs" / "screens"


def _seed(database_url: str, instance: str) -> str:
    """Scores, grades and national candidates on the demo, a season, certificate numbers."""
    import sqlalchemy as sa

    from contest.certificates import numbering
    from contest.extensions import db
    from contest.models import Contest, TeamAward
    from tests.factories import team_at
    from tests.publicity import world

    app = _app(database_url, instance)
    with app.app_context():
        contest = db.session.scalar(sa.select(Contest))
        world.scored(contest)
        world.season()
        numbering.assign_numbers(contest, actor="staff:1")
        db.session.commit()
        number = db.session.scalar(
            sa.select(TeamAward.certificate_no).where(TeamAward.team_id == team_at(contest, 1).id)
        )
        db.engine.dispose()
    return number


def _period():
    """A start in the past and a length that ends the 公示 today or on the next working day,
    and a non-working day inside it: marked 上班 by staff, it ends the 公示 before today."""
    from contest.publicity.calendar import today
    from contest.publicity.workdays import Calendar, workdays_between

    calendar, now = Calendar(), today()
    start = now - timedelta(days=6)
    days = workdays_between(start, now, calendar) + (0 if calendar.is_workday(now) else 1)
    off = next(
        start + timedelta(days=d)
        for d in range(6)
        if not calendar.is_workday(start + timedelta(days=d))
    )
    return start, days, off


def _pdf() -> bytes:
    from pypdf import PdfWriter

    writer = PdfWriter()
    writer.add_blank_page(width=595, height=842)
    out = BytesIO()
    writer.write(out)
    return out.getvalue()


def _flash(page):
    return page.locator(".flash").first


def _shoot(page, name: str) -> None:
    SCREENS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENS / f"{name}.png"))
    folder = os.environ.get("CONTEST_SCREENSHOTS")
    if folder:
        page.screenshot(path=str(Path(folder) / f"{name}.png"))


# Unknown receipts and unpublished certificates are answered 404, on purpose.
@pytest.mark.console_allows("status of 404")
def test_publicity_from_notice_to_publication(fresh_server, browser, tmp_path):
    server = fresh_server
    number = _seed(server.database_url, str(tmp_path))
    start, days, off = _period()
    staff = browser.new_context(viewport=LAPTOP, accept_downloads=True).new_page()
    sign_in(staff, server, "admin")

    # Staff: the season's contest, the proposed list (version 1), the 公示.
    staff.goto(server.url + "/admin/season/")
    staff.click("#publicity-link")  # 在线申报's nav leads here
    staff.click("#nav-publicity")
    expect(staff.locator("h1")).to_have_text("公示与发布 · 2026年上海市质量信得过班组")
    staff.click("#link-contest")
    expect(_flash(staff)).to_have_text("已将该发表赛列入本年度评选")
    staff.click(".unlink")
    expect(_flash(staff)).to_have_text("已将该发表赛移出本年度评选")
    staff.click("#link-contest")
    staff.click("#snapshot")
    expect(_flash(staff)).to_have_text("已生成拟公示名单（第 1 版，待公示）")
    expect(staff.locator("#staff-rows tbody tr")).to_have_count(5)
    staff.fill("input[name=starts_on]", start.isoformat())
    staff.fill("input[name=working_days]", str(days))
    staff.click("#open-notice")
    expect(_flash(staff)).to_have_text("公示已发布，公众可在公示页面查看并提出异议")
    staff.click("#public-notice-link")
    expect(staff.locator("#countdown")).to_contain_text("距公示期结束还有")
    _shoot(staff, "publicity-notice")
    assert contrast_violations(staff) == []
    phone = browser.new_context(viewport={"width": 390, "height": 844}).new_page()
    phone.goto(server.url + "/gongshi/2026")
    width = phone.evaluate("document.documentElement.scrollWidth")
    assert width <= 390  # no sideways scrolling: only the table scrolls, inside its box
    shoot(phone, "publicity-notice-phone", full_page=True)
    phone.close()

    # The public: an objection with a sealed PDF, its receipt, its status.
    public = browser.new_context(viewport=LAPTOP, accept_downloads=True).new_page()
    public.goto(server.url + "/gongshi/2026")
    public.fill("input[name=name]", "王立新")
    public.fill("input[name=unit]", "上海某某机械有限公司")
    public.fill("input[name=phone]", "021-64000000")
    public.fill("input[name=subject]", "第五名班组")
    public.fill("textarea[name=grounds]", "该班组现场发表超时未按规则扣分。")
    public.set_input_files(
        "input[name=attachment]",
        files=[{"name": "异议材料.pdf", "mimeType": "application/pdf", "buffer": _pdf()}],
    )
    public.click("#objection-submit")
    expect(public.locator("#receipt-number")).to_have_text("YY-2026-001")
    code = public.locator("#receipt-code").inner_text()
    public.click("#print-receipt")
    with public.expect_download() as download:
        public.click("#download-receipt")
    assert download.value.suggested_filename == "YY-2026-001.txt"
    assert f"查询码：{code}" in Path(download.value.path()).read_bytes().decode("utf-8-sig")
    public.click("#back-notice")
    public.click("#status-link-body")
    public.fill("input[name=number]", "YY-2026-001")
    public.fill("input[name=code]", "AAAA-BBBB-CCCC")
    public.click("#status-submit")
    expect(public.locator("#not-found")).to_have_text("未查到与该异议编号和查询码相符的异议")
    public.fill("input[name=number]", "YY-2026-001")
    public.fill("input[name=code]", code)
    public.click("#status-submit")
    expect(public.locator("#status-value")).to_have_text("已收到，待受理")

    # Staff: 受理 → 核查 → 答复, the attachment read; one result revised (复核).
    staff.goto(server.url + "/admin/season/publicity/")
    staff.click(".objection-link")
    with staff.expect_download() as attachment:
        staff.click("#attachment")
    assert attachment.value.suggested_filename == "异议材料.pdf"
    staff.click("#accept")
    expect(_flash(staff)).to_have_text("已受理，答复期限已按工作日计算")
    staff.fill("textarea[name=notes]", "调取计时记录，核实超时 40 秒。")
    staff.click("#check")
    expect(_flash(staff)).to_have_text("已记录核查情况")
    staff.fill("textarea[name=decision]", "经核查异议属实，已按规则扣分并调整该班组奖项。")
    staff.click("#answer")
    expect(_flash(staff)).to_have_text("已答复，该异议办结")
    shoot(staff, "publicity-objection", full_page=True)
    staff.click("#back-season")
    staff.select_option("#revise-form select[name=team_id]", index=4)
    staff.select_option("#revise-form select[name=grade]", "")
    staff.fill("#revise-form input[name=reason]", "异议 YY-2026-001 核查属实")
    staff.click("#revise")
    expect(_flash(staff)).to_have_text("复核调整已生成新版本名单，公示页面显示最新版本")
    expect(staff.locator("#latest-version")).to_have_text("当前为第 2 版，共 5 个班组。")
    shoot(staff, "publicity-staff", full_page=True)

    public.fill("input[name=number]", "YY-2026-001")
    public.fill("input[name=code]", code)
    public.click("#status-submit")
    expect(public.locator("#status-value")).to_have_text("已答复")
    expect(public.locator("#decision")).to_have_text(
        "经核查异议属实，已按规则扣分并调整该班组奖项。"
    )

    # Not yet: publication refused while the 公示 runs; certificates held.
    staff.click("#publish")
    expect(_flash(staff)).to_contain_text("暂不能发布：公示期至")
    public.goto(server.url + "/verify")
    public.fill("input[name=no]", number)
    public.click("button[type=submit]")
    expect(public.locator("#verdict")).to_have_text("评选结果尚未正式发布")

    # The 公示 ends: staff mark a day inside it as a workday; a spare mark is undone.
    staff.fill("#calendar-form input[name=day]", "2030-01-02")
    staff.fill("#calendar-form input[name=note]", "试填")
    staff.click("#set-override")
    expect(_flash(staff)).to_have_text("已调整工作日历")
    staff.click(".remove-override")
    expect(_flash(staff)).to_have_text("已撤销该日期调整")
    staff.fill("#calendar-form input[name=day]", off.isoformat())
    staff.select_option("#calendar-form select[name=workday]", "1")
    staff.fill("#calendar-form input[name=note]", "协会通知当日正常上班")
    staff.click("#set-override")
    expect(staff.locator("#notice-period")).to_contain_text("公示期已结束。")

    # Publication, the public results page, the JSON, a certificate that verifies.
    staff.click("#publish")
    expect(_flash(staff)).to_have_text("评选结果已正式发布，证书可打印并可在线验证")
    staff.click("#public-results-link")
    expect(staff.locator("h1")).to_have_text("关于命名2026年上海市质量信得过班组结果的通知")
    expect(staff.locator("section.level[data-grade]")).to_have_count(
        3
    )  # the revised team is no longer listed
    _shoot(staff, "publicity-results")
    assert contrast_violations(staff) == []
    staff.click("#print-results")
    staff.click("#json-link")
    assert re.search(r'"version":\s*2', staff.content())
    public.goto(server.url + "/gongshi/2026")
    public.click("#results-link")
    public.click("#status-link")
    public.click("#verify-link")
    public.fill("input[name=no]", number)
    public.click("button[type=submit]")
    expect(public.locator("#verdict")).to_have_text("该证书真实有效")
