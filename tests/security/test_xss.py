"""Names that are markup, template syntax or formulas: imported, shown, printed, exported exactly.

tests/exports/test_safety.py covers formula-like names written straight into the database;
here the names go through the real upload, then to the certificate, the workbooks, the
audit CSV (staff's team edit) and, in Chromium, to every screen that shows them.
"""

from __future__ import annotations

import csv
import io
import json
import re
import zipfile
from io import BytesIO

import pytest
import sqlalchemy as sa

from contest.extensions import db
from contest.models import AwardGrade, Judge, Team, TeamAward
from tests.browser.actors import Host
from tests.certificates import joined, need_pdf_tools, pdf_text, write
from tests.conftest import sign_in
from tests.exports import workbook
from tests.factories import close_scoring, judges_of, marks_totalling, submit, team_at
from tests.security.identities import CSRF_FIELD
from tests.security.nasty import FORMULA, JUDGES, SVG, TEAMS, judges_file, teams_file

# The name travels percent-encoded: nothing of it can end the header or its quoted part.
DISPOSITION = re.compile(r"attachment; filename=\"certificate\.pdf\"; filename\*=UTF-8''[\w%.~-]+")


def _upload(client, demo, kind: str, data: bytes) -> None:
    """Upload, see the preview, press 确认导入."""
    token = CSRF_FIELD.search(client.get("/j").get_data(as_text=True)).group(1)
    url = f"/admin/contests/{demo.id}/import/{kind}"
    preview = client.post(
        url,
        data={"csrf_token": token, "file": (BytesIO(data), f"{kind}.xlsx")},
        content_type="multipart/form-data",
    )
    page = preview.get_data(as_text=True)
    assert preview.status_code == 200, page
    kept = re.search(r'name="token" value="([^"]+)"', page).group(1)
    response = client.post(f"{url}/confirm", data={"csrf_token": token, "token": kept})
    assert response.status_code == 302, response.get_data(as_text=True)


def _imported() -> list[Team]:
    companies = [company for company, _team in TEAMS]
    found = db.session.scalars(
        sa.select(Team).where(Team.company_name.in_(companies)).order_by(Team.serial)
    )
    return list(found)


def _string_cells(data: bytes) -> dict[str, str]:
    """Every text cell of every sheet: value -> openpyxl data type."""
    with zipfile.ZipFile(BytesIO(data)) as archive:
        sheets = [n for n in archive.namelist() if n.startswith("xl/worksheets/")]
        assert not [n for n in sheets if b"<f>" in archive.read(n)]  # no formula anywhere
    book = workbook(data)
    return {
        cell.value: cell.data_type
        for ws in book.worksheets
        for row in ws.iter_rows()
        for cell in row
        if isinstance(cell.value, str)
    }


def test_names_stay_exact_from_upload_to_certificate_exports_and_audit(
    app, client, staff, demo, tmp_path
):
    need_pdf_tools()
    sign_in(client, "admin")
    _upload(client, demo, "teams", teams_file())
    _upload(client, demo, "judges", judges_file())
    teams = _imported()
    assert [(t.company_name, t.team_name) for t in teams] == TEAMS
    names = db.session.scalars(sa.select(Judge.name).where(Judge.number > 9).order_by(Judge.number))
    assert list(names) == JUDGES
    panel = judges_of(demo)
    grade = AwardGrade(contest_id=demo.id, name="一等奖", position=0, count=3)
    db.session.add(grade)
    for team in teams:
        for judge in panel:
            submit(team, judge, marks_totalling("90"))
        close_scoring(team, reveal=True)
        db.session.add(TeamAward(team=team, grade=grade))
    db.session.commit()

    for team in teams:
        response = client.get(f"/admin/contests/{demo.id}/certificates/teams/{team.id}.pdf")
        assert response.status_code == 200
        assert DISPOSITION.fullmatch(response.headers["Content-Disposition"])
        text = joined(pdf_text(write(tmp_path, response.data, f"{team.id}.pdf"), layout=False))
        assert f"{team.company_name}{team.team_name}：" in text

    ranking = _string_cells(client.get(f"/admin/contests/{demo.id}/exports/ranking").data)
    summary = _string_cells(client.get(f"/admin/contests/{demo.id}/exports/summary").data)
    for company, team in TEAMS:
        assert (ranking[company], ranking[team]) == ("s", "s")
        assert summary[f"{company}\n{team}"] == "s"
    [panel_cell] = [value for value in summary if value.endswith("、".join(JUDGES))]
    assert panel_cell == "、".join(j.name for j in panel)

    edited = team_at(demo, 1)
    token = CSRF_FIELD.search(client.get("/j").get_data(as_text=True)).group(1)
    form = {"company_name": FORMULA, "team_name": SVG, "member_count": "8", "mode": "in_hall"}
    response = client.post(
        f"/admin/teams/{edited.id}/edit", data={"csrf_token": token, "reason": SVG, **form}
    )
    assert response.status_code == 302
    audit = client.get(f"/admin/contests/{demo.id}/exports/audit").data.decode("utf-8-sig")
    [row] = [r for r in csv.DictReader(io.StringIO(audit)) if r["操作代码"] == "team.edited"]
    data = json.loads(row["原始数据"])
    assert data["changes"]["company_name"][1] == FORMULA
    assert data["changes"]["team_name"][1] == SVG
    assert data["reason"] == SVG


def _text_of(page, selector: str) -> list[str]:
    return page.eval_on_selector_all(selector, "nodes => nodes.map(n => n.textContent)")


def _watch(context, path: str, fired: list[str], server):
    page = context.new_page()
    page.on("dialog", lambda dialog: (fired.append(f"{path}: {dialog.message}"), dialog.dismiss()))
    page.goto(server.url + path)
    return page


def _no_injected_elements(page) -> None:
    assert page.locator("img[onerror], svg[onload], script:not([src]):not([type])").count() == 0


def _sign_in(page, server, username: str) -> None:
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", server.credentials[username])
    page.click("button[type=submit]")


@pytest.mark.browser
def test_names_are_text_on_every_screen(browser, fresh_server, tmp_path):
    server = fresh_server
    for kind, data in (("teams", teams_file()), ("judges", judges_file())):
        (tmp_path / f"{kind}.xlsx").write_bytes(data)
        # The demo is the only contest: an import into it must name it (--contest 1).
        server.flask(f"import-{kind}", str(tmp_path / f"{kind}.xlsx"), "--contest", "1")
    engine = sa.create_engine(server.database_url)
    with engine.connect() as conn:
        formula_team = conn.execute(
            sa.text("SELECT id FROM teams WHERE company_name = :c"), {"c": FORMULA}
        ).scalar_one()
    engine.dispose()
    companies, team_names = [c for c, _t in TEAMS], [t for _c, t in TEAMS]
    host = Host(server.url, "host1", server.credentials["host1"])
    host.act("draw", seed="安全测试", witnesses=SVG)
    fired: list[str] = []
    context = browser.new_context(viewport={"width": 1920, "height": 1080})

    display = _watch(context, "/display/venues/1", fired, server)
    display.locator(".scene.draw").wait_for()
    # The draw shows ten teams a page and turns the pages itself: gather what each shows.
    shown_companies: set[str] = set()
    shown_teams: set[str] = set()
    for _ in range(120):
        shown_companies |= set(_text_of(display, ".drawn .company"))
        shown_teams |= set(_text_of(display, ".drawn .team"))
        if set(companies) <= shown_companies and set(team_names) <= shown_teams:
            break
        display.wait_for_timeout(500)
    assert set(companies) <= shown_companies
    assert set(team_names) <= shown_teams
    assert SVG in display.text_content(".scene.draw .seed")
    viewer = _watch(context, "/live/1", fired, server)
    host.act("call", team_id=formula_team)
    display.locator(".scene.on-stage h1.company").wait_for()
    assert _text_of(display, ".scene.on-stage h1.company") == [FORMULA]
    assert _text_of(display, ".scene.on-stage h2.team") == [TEAMS[2][1]]
    viewer.wait_for_function("document.querySelector('#now-body .company') !== null")
    assert _text_of(viewer, "#now-body .company, #now-body .team") == list(TEAMS[2])

    console = _watch(context, "/host/venues/1", fired, server)
    _sign_in(console, server, "host1")
    console.wait_for_url(re.compile(r"/host/venues/1$"))
    console.locator("#stage-team .company").wait_for()
    assert _text_of(console, "#stage-team .company, #stage-team .team") == list(TEAMS[2])
    assert set(companies) <= set(_text_of(console, ".running-order .company"))
    assert set(team_names) <= set(_text_of(console, ".running-order .team"))
    judges = console.eval_on_selector_all(
        "#judges li", "items => items.map(li => li.childNodes[1].textContent)"
    )
    assert [" " + name for name in JUDGES] == judges[-len(JUDGES) :]

    office = browser.new_context(viewport={"width": 1280, "height": 900})  # another person
    staff = _watch(office, "/staff/login", fired, server)
    _sign_in(staff, server, "admin")
    staff.wait_for_url(re.compile(r"/admin/$"))  # the list of contests
    assert _text_of(staff, "#contests td.name a") == ["2026年上海市质量信得过班组建设经验发表赛"]
    staff.goto(server.url + "/admin/contests/1")
    assert set(companies + team_names) <= set(_text_of(staff, "#teams td.name"))
    staff.goto(server.url + "/admin/contests/1/judges")
    assert set(JUDGES) <= set(_text_of(staff, "td.name"))
    staff.goto(server.url + f"/admin/teams/{formula_team}/edit")
    assert staff.input_value("input[name=company_name]") == FORMULA

    links = [line.split("\t") for line in server.flask("judge-links").splitlines()]
    # Each judge has a phone of their own: one browser holds one judge's session.
    phones = []
    judge_pages = []
    for number, (name, url) in enumerate(links, 1):
        if number > 9:
            phone = browser.new_context(viewport={"width": 390, "height": 844}, has_touch=True)
            phones.append(phone)
            page = _watch(phone, url.removeprefix(server.url), fired, server)
            page.wait_for_url(re.compile(r"/judge/$"))
            assert page.text_content(".who .me") == f"评委{number} · {name}"
            judge_pages.append(page)
    assert [name for name, _url in links[9:]] == JUDGES

    for page in (display, viewer, console, staff, *judge_pages):
        _no_injected_elements(page)
    assert fired == []
    for opened in (*phones, office, context):
        opened.close()
