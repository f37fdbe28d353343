"""The 监督 in Chromium: every staff page opens, shows what it holds, and offers no change.

Each staff GET route of the app (from its url_map, with the ids tests/security/routes.py
gives it) is opened by a signed-in 监督, on a database where every change control has
something to act on: an import to undo, a manual recusal to withdraw, awards to print, a
contest scored on paper with teams to finalise and scores to correct, a removed contest.

What "offers no change" means on a page:
- no visible, enabled button or form field at all, except the sign-out button in the top
  bar and the controls of forms that only read (method="get", the audit log's search);
  修改密码 (their own account, not the contest's) is left out;
- no visible link to a page the 监督 is turned away from (403), nor to a page that exists
  only to make a change (CHANGE_ONLY: a form to fill in, holding nothing the 监督 cannot
  read on the page that links there).
Downloads (PDF, xlsx, JSON) are files, not pages: they are not opened.
"""

from __future__ import annotations

import re
import time
from pathlib import Path
from urllib.parse import urlsplit

import pytest
import sqlalchemy as sa
from werkzeug.exceptions import HTTPException
from werkzeug.routing import RequestRedirect

from contest import create_app, demo_data
from contest.extensions import db
from contest.models import AwardGrade, Contest, StaffRole, StaffUser, Team, TeamAward
from tests.browser.watch import watched_page
from tests.factories import judges_of, team_at
from tests.imports.files import write_xlsx
from tests.security.identities import applicant_world, second_venue
from tests.security.routes import APPLICANTS, JUDGE_ONLY, PUBLIC, Call, calls, refusal
from tests.setup import paper

pytestmark = pytest.mark.browser

LAPTOP = {"width": 1440, "height": 900}
PASSWORD = "watcher-pass-1"
# Pages that exist only to make a change: no page shows the 监督 a link to one.
CHANGE_ONLY = frozenset(
    {
        "admin.contest_new",
        "admin.contest_delete",
        "admin.team_edit",
        "admin.judge_edit",
        "admin.judge_reissue",
        "admin.paper_ballot",
        "admin.correct_score",
        "admin.finalise_venue",
    }
)
# The 监督's own account, not the contest's: they may change their own password.
OWN_ACCOUNT = frozenset({"auth.password"})
# Placeholder ids in routes.calls() that name nothing here: the real ones are opened instead.
PLACEHOLDERS = frozenset(
    {
        "admin.contest_removed",
        "admin.certificate_job",
        "admin.certificate_job_pdf",
        "admin.backup_download",
        # 推荐国家级 and the archive: a task and an archive the world here does not make
        # (their pages are opened in tests/national/ and tests/browser/test_national.py).
        "national_staff.task",
        "national_staff.file",
        "archive.read",
        "archive.entry",
        "archive.download",
        # Form 2-4 of 材料文审 needs a round with results, which this world has none of (its
        # downloads are opened in tests/browser/test_review_results.py).
        "review_staff.form24_xlsx",
        "review_staff.form24_pdf",
        # An objection to the 公示: none is filed here (tests/browser/test_publicity.py).
        "publicity_staff.objection_page",
        "publicity_staff.objection_attachment",
        # A witnessed draw's 抽签记录: none is drawn here (tests/browser/test_fairdraw.py).
        "fairdraw.record_pdf",
        # A judge's signed 评分表: none is signed here (tests/browser/test_signing.py).
        "signing.sheet_pdf",
    }
)
# What the 监督 still reads where the admin's page has a form: page → (selector, text).
SHOWN = {
    "/admin/contests/1/setup/recusals": ("#manual-recusals", "该评委曾在该企业任职"),
    "/admin/contests/1/import/teams": ("#import-history", "推荐表.xlsx"),
    "/admin/contests/1/setup/sheet": ("#sheet-view", "现场管理"),
    "/admin/contests/1/setup/teams": ("#venue-1", "丙烯酸装置运行三班"),
    "/admin/contests/1/certificates": ("#awards", "一等奖"),
}
# Values shown in (disabled) fields: page → (field, value).
VALUES = {
    "/admin/contests/1/setup/rules": ("#trim_each_end", "1"),
    "/admin/contests/1/setup/venues": ("#venues input[name=name]", "第一分会场"),
    "/admin/contests/1/setup/basic": ("input[name=issuer]", "上海市质量协会"),
    "/admin/teams/3/edit": ("input[name=team_name]", demo_data.TEAMS[2][2]),
}
# Pages worth a look as the 监督 sees them (written to the test's tmp_path).
SCREENSHOTS = {
    "/admin/": "index",
    "/admin/contests/1/setup/rules": "rules",
    "/admin/contests/1/setup/venues": "venues",
    "/admin/contests/1/setup/basic": "basic",
    "/admin/contests/1/certificates": "certificates",
    "/admin/contests/1/import/teams": "import",
}
TEAMS = [
    ["推荐单位", "企业名称", "班组名称", "班组人数"],
    ["上海市化工行业协会", "上海华谊新材料有限公司", "丙烯酸装置运行三班", 9],
]
# Every visible, enabled button or field a person could press or fill in to send a change.
CONTROLS = """() => [...document.querySelectorAll('button, select, textarea, input')]
  .filter(el => el.type !== 'hidden')
  .filter(el => el.getClientRects().length && getComputedStyle(el).visibility !== 'hidden')
  .filter(el => !el.matches(':disabled'))
  .filter(el => !(el.form && (el.form.getAttribute('method') || 'get').toLowerCase() === 'get'))
  .filter(el => !(el.form && el.form.matches('header form.signout')))
  .map(el => el.outerHTML.slice(0, 160))"""
LINKS = """() => [...document.querySelectorAll('a[href]')]
  .filter(el => el.getClientRects().length && getComputedStyle(el).visibility !== 'hidden')
  .map(el => [el.href, el.textContent.trim()])"""


def _app(server, instance: Path):
    return create_app(
        {
            "TESTING": True,
            "SECRET_KEY": "x",
            "SQLALCHEMY_DATABASE_URI": server.database_url,
            "CONTEST_ASYNC_MODE": "threading",
            "CONTEST_INSTANCE_PATH": str(instance),
        }
    )


def _seed(app, instance: Path) -> list[str]:
    """Something for every change control to act on; the staff GET paths to open."""
    from contest.imports import run_import
    from contest.ranking.finalise import finalise_team
    from contest.setup.contests import BasicInfo, create_contest
    from contest.setup.recusals import add_manual
    from contest.setup.removal import remove_contest
    from contest.setup.teams import withdraw_team

    with app.app_context():
        demo = db.session.scalar(sa.select(Contest).where(Contest.is_demo))
        admin = db.session.scalar(sa.select(StaffUser).where(StaffUser.username == "admin"))
        admin_id, actor = admin.id, f"staff:{admin.id}"
        clerk = StaffUser(username="clerk-a", display_name="录入员甲", role=StaffRole.CLERK)
        clerk.set_password("clerk-a-pass-1")
        db.session.add(clerk)
        teams = write_xlsx(instance / "推荐表.xlsx", TEAMS)
        run_import(
            "teams",
            contest_id=demo.id,
            data=teams.read_bytes(),
            filename=teams.name,
            actor=actor,
            staff_id=admin.id,
            confirm=True,
        )
        add_manual(
            judge=judges_of(demo)[0],
            team=team_at(demo, 2),
            reason="该评委曾在该企业任职",
            staff=admin,
        )
        withdrawn = team_at(demo, 3).id
        withdraw_team(team=db.session.get(Team, withdrawn), reason="企业通知不再参赛", staff=admin)
        grade = AwardGrade(contest=demo, name="一等奖", position=0)
        db.session.add_all([grade, TeamAward(team=team_at(demo, 1), grade=grade)])
        db.session.commit()
        second_venue(demo)
        applicant_world()  # the season: its 在线申报 page and 延期记录 are staff pages too

        info = BasicInfo("2025年发表赛（试建）", 2025, None, None, "上海市质量协会", "")
        removed = create_contest(info=info, source=None, actor=actor)
        db.session.commit()
        entry = remove_contest(
            contest_id=removed.id, typed_name=info.name, folder=instance / "backups", actor=actor
        )

        scored = paper.build()  # scored on paper: one team finalised, four to finalise
        totals = paper.workbook(instance / "纸质评分.xlsx")
        run_import(
            "scores",
            contest_id=scored.id,
            data=totals.read_bytes(),
            filename=totals.name,
            actor=actor,
            staff_id=admin_id,
        )
        finalise_team(team_id=team_at(scored, 1).id, staff_id=admin_id)

        paths = [
            call.path
            for contest in db.session.scalars(sa.select(Contest).order_by(Contest.id))
            for call in calls(app, contest)
            if call.method == "GET"
            and call.endpoint not in PUBLIC | JUDGE_ONLY | PLACEHOLDERS | OWN_ACCOUNT | APPLICANTS
            and not call.endpoint.startswith("api.")
        ]
        paths += [f"/admin/teams/{withdrawn}/edit", f"/admin/removals/{entry}"]
        db.engine.dispose()
    return list(dict.fromkeys(paths))


def _endpoint(adapter, url: str, server_url: str) -> tuple[str, str] | None:
    """The endpoint and path a link of this server leads to (None: elsewhere, or no route)."""
    if not url.startswith(server_url + "/"):
        return None
    path = urlsplit(url).path
    try:
        endpoint, _args = adapter.match(path, method="GET")
    except (HTTPException, RequestRedirect):
        return None
    return endpoint, path


def _offers(page, adapter, server_url: str) -> list[str]:
    """What the page offers the 监督 that would change something (see the module's rule)."""
    found = [f"control {html}" for html in page.evaluate(CONTROLS)]
    for url, text in page.evaluate(LINKS):
        target = _endpoint(adapter, url, server_url)
        if target is None:
            continue
        endpoint, path = target
        if endpoint in CHANGE_ONLY or refusal(Call(endpoint, "GET", path), "supervisor"):
            found.append(f"link {text!r} → {path}")
    return found


def _settled_offers(page, adapter, server_url: str) -> list[str]:
    """_offers, once the page's scripts had a moment to disable what the 监督 cannot use."""
    deadline = time.monotonic() + 2
    while (found := _offers(page, adapter, server_url)) and time.monotonic() < deadline:
        page.wait_for_timeout(200)
    return found


def _lost(page, path: str) -> str | None:
    """What the page no longer shows the 监督 of SHOWN and VALUES, if anything."""
    if path in SHOWN:
        selector, text = SHOWN[path]
        where = page.locator(selector)
        if not where.count() or text not in where.first.inner_text():
            return f"{selector} without {text!r}"
    if path in VALUES:
        selector, value = VALUES[path]
        if page.locator(selector).first.input_value() != value:
            return f"{selector} is not {value!r}"
    return None


def _is_page(page, url: str) -> bool:
    """Whether `url` is an HTML page the 监督 may open (not a download, not refused)."""
    response = page.request.get(url)
    if response.status == 403:
        return False
    if response.status == 409 and url.endswith((".pdf", ".docx")):
        # A paper of a form nobody has submitted yet: refused in words, as for anyone.
        assert "尚未提交" in response.text(), f"{url}: {response.text()[:200]}"
        return False
    assert response.status == 200, f"{url}: {response.status}"
    return response.headers.get("content-type", "").startswith("text/html")


def test_the_supervisor_opens_every_staff_page_and_is_offered_no_change(
    fresh_server, browser, tmp_path
):
    server = fresh_server
    instance = Path(server.env["CONTEST_INSTANCE_PATH"])
    server.flask("create-staff", "watcher", "--role", "supervisor", "--password", PASSWORD)
    app = _app(server, instance)
    paths = _seed(app, instance)
    adapter = app.url_map.bind(urlsplit(server.url).netloc)
    offered: dict[str, list[str]] = {}
    missing: dict[str, str] = {}
    opened = []
    with watched_page(browser, viewport=LAPTOP) as page:
        page.goto(server.url + "/staff/login")
        page.fill("input[name=username]", "watcher")
        page.fill("input[name=password]", PASSWORD)
        page.click("button[type=submit]")
        page.wait_for_url(re.compile(r"/admin/$"))
        for path in paths:
            if not _is_page(page, server.url + path):
                continue
            page.goto(server.url + path)
            opened.append(path)
            if found := _settled_offers(page, adapter, server.url):
                offered[path] = found
            if lost := _lost(page, path):
                missing[path] = lost
            if shot := SCREENSHOTS.get(path):
                page.screenshot(path=str(tmp_path / f"supervisor-{shot}.png"), full_page=True)
    assert offered == {}, "\n".join(f"{p}: {found}" for p, found in offered.items())
    assert missing == {}
    assert len(opened) >= 40, opened  # every page of both contests, not a handful
