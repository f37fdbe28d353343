"""Steps of the season's review-to-publication browser test (test_season_review_to_publication):
the HTTP clients that stand in for reviewers' pages, the host's console and the judges'
phones, the downloads read back, and 获奖与推荐 on the contest's pages."""

from __future__ import annotations

import hashlib
import io
import json
import re
import subprocess
import sys
import zipfile
from decimal import Decimal

import requests
from playwright.sync_api import expect

from tests.browser.actors import Host, JudgePhone
from tests.browser.console import judge_links, rows, shoot
from tests.browser.season_review_seed import HOST
from tests.browser.server import ROOT

OPINION = {
    "conformity": "材料基本符合质量信得过班组建设标准的要求。",
    "features": "以数据说话，改进成果明显。",
    "shortcomings": "班组培训记录不够完整。",
}
# The contest day: each team's five judges give T − 2 … T + 2, trimmed to T.
DAY_SCORES = {
    "2026-0001": 95, "2026-0005": 93, "2026-0011": 91, "2026-0003": 90,
    "2026-0008": 89, "2026-0012": 87, "2026-0006": 85, "2026-0009": 83,
}  # fmt: skip


def split(total: Decimal, maxima: list[Decimal]) -> list[Decimal]:
    """Marks adding up to `total`, filled from the last item back (each within its maximum)."""
    marks, left = [Decimal(0)] * len(maxima), total
    for index in reversed(range(len(maxima))):
        marks[index] = min(maxima[index], left)
        left -= marks[index]
    assert left == 0
    return marks


def plain(value: Decimal) -> str:
    return format(value.normalize(), "f")


def download(page, selector: str) -> tuple[str, bytes]:
    with page.expect_download(timeout=180_000) as fetched:
        page.click(selector, no_wait_after=True)
    with open(fetched.value.path(), "rb") as file:
        return fetched.value.suggested_filename, file.read()


def flash(page, text: str) -> None:
    expect(page.locator(".flash-success, .flash-info").first).to_have_text(text)


def people(page, number: str) -> list[str]:
    return page.locator(f'tr[data-number="{number}"] .who .person').all_inner_texts()


def http_submit(server, key: str, assignment: int, marks: dict[str, str]) -> None:
    """Submit a review as review.js does: the page's CSRF token, then the JSON sheet."""
    http = requests.Session()
    page = http.get(f"{server.url}/review/{key}/{assignment}").text
    csrf = re.search(r'name="csrf-token" content="([^"]+)"', page).group(1)
    answer = http.post(
        f"{server.url}/review/{key}/{assignment}/submit",
        json={"version": 0, "marks": marks, "item_comments": {}, **OPINION},
        headers={"X-CSRFToken": csrf},
    )
    assert answer.status_code == 200, answer.text
    assert answer.json()["state"] == "submitted"


def verified(data: bytes) -> dict:
    """The ZIP's manifest, after checking every file's size and SHA-256 against it."""
    book = zipfile.ZipFile(io.BytesIO(data))
    manifest = json.loads(book.read("manifest.json"))
    for entry in manifest["files"]:
        content = book.read(entry["path"])
        assert (len(content), hashlib.sha256(content).hexdigest()) == (
            entry["size"],
            entry["sha256"],
        )
    assert {f["path"] for f in manifest["files"]} == set(book.namelist()) - {"manifest.json"}
    return manifest


def seed(server, step: str) -> None:
    subprocess.run(
        [sys.executable, "-m", "tests.browser.season_review_seed", step],
        env=server.env,
        cwd=ROOT,
        check=True,
    )


def contest_day(server) -> None:
    """The draw, then each team called, scored by the five phones, closed and revealed."""
    host = Host(server.url, *HOST)
    host.act("draw", seed="2026-09-18 主会场 20260918", witnesses="公证员 王芳")
    phones = [JudgePhone(url) for _, url in judge_links(server, "评委")]
    assert len(phones) == 5
    order = rows(
        server,
        "SELECT t.id, a.number FROM teams t JOIN applications a ON a.contest_team_id = t.id"
        " ORDER BY t.order_position",
    )
    for team_id, number in order:
        host.act("call", team_id=team_id)
        host.act("open")
        for phone, delta in zip(phones, (-2, -1, 0, 1, 2), strict=True):
            assert phone.state()["team"]["id"] == team_id
            answer = phone.score(str(DAY_SCORES[number] + delta))
            assert answer.status_code == 201, answer.text
        host.act("close")
        host.act("reveal")


def awards(page, server) -> None:
    """获奖与推荐 on the contest's pages: the national rules and proposal, the grades, then
    certificate numbers."""
    (contest_id,) = rows(server, "SELECT id FROM contests")[0]
    base = f"{server.url}/admin/contests/{contest_id}"
    page.goto(base + "/results")
    page.fill("input[name=quota]", "3")
    page.fill("input[name=per_enterprise]", "1")
    page.click("button:has-text('保存规则')")
    flash(page, "已保存推荐规则")
    page.click("button:has-text('按系统建议确认')")
    flash(page, "已按建议确认推荐国家级名单")
    page.fill("textarea[name=grades]", "一等奖 2\n二等奖 3\n三等奖 >=60")
    page.click("button:has-text('保存奖项设置')")
    flash(page, "已保存奖项设置")
    page.click("button:has-text('按系统建议确认奖项')")
    flash(page, "已按建议确认奖项")
    national = page.locator("#results-table tbody tr td.national")
    expect(national).to_have_text([re.compile("^是")] * 3 + [re.compile("^否")] * 5)
    shoot(page, "season-contest-awards", full_page=True)
    page.goto(base + "/certificates")
    page.click("button:has-text('只分配证书编号')")
    expect(page.locator(".flash").first).to_contain_text("个班组分配证书编号，从 SQA-2026-001 起")
