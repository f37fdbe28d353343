"""The enterprise's 评分与推荐意见 in Chromium, as every season test needs it before 同意推荐:
from the review page, rate the seven requirements, write the 推荐意见, 提交, upload the
sealed scan, and come back to the review page."""

from __future__ import annotations

import re

from playwright.sync_api import expect

from tests.season.files import blank_pdf
from tests.season.helpers import OPINION_TEXT

REMARK_7 = "本集团发表评审安排在 8 月，材料审核已完成"


def rate(page, ratings: dict[int, str]) -> None:
    """Press one choice per requirement: {1: "meets", 7: "partly"}."""
    for number, code in ratings.items():
        page.check(f"input[name=rating_{number}][value={code}]")


def complete(page, folder, *, scan_name: str = "评分与推荐意见表.pdf", picture=None) -> None:
    """On the enterprise's review page: the opinion submitted and its scan uploaded
    (`picture()` called on the opinion page once both are done)."""
    page.click("#opinion-link")
    page.wait_for_url(re.compile(r"/opinion$"))
    rate(page, {n: "meets" for n in range(1, 7)} | {7: "partly"})
    page.fill("textarea[name=remark_7]", REMARK_7)
    page.fill("input[name=score]", "92.5")
    page.fill("textarea[name=opinion]", OPINION_TEXT)
    page.click("#opinion-submit")
    page.wait_for_url(re.compile(r"/opinion#scan$"))
    expect(page.locator("#opinion-receipt .done")).to_contain_text("已提交第 1 次")
    path = folder / scan_name
    path.write_bytes(blank_pdf(1))
    page.set_input_files("#scan-form input[type=file]", str(path))
    page.click("#scan-upload")
    expect(page.locator("#scan-receipt")).to_contain_text(f"已收到「{scan_name}」：")
    if picture:
        picture()
    page.click("#back-review")
    page.wait_for_url(re.compile(r"/apply/unit/applications/\d+$"))
    expect(page.locator("#opinion-scan-state")).to_have_text(f"盖章扫描件已上传：{scan_name}")
