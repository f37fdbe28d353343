"""导入成绩定分: imported totals finalised per venue or per team, without the stage."""

from __future__ import annotations

import html
import io
import re
from decimal import Decimal

import pytest
import sqlalchemy as sa

from contest import standings
from contest.exports import ranking, summary
from contest.extensions import db
from contest.models import AuditEntry, Judge, StageState, Team, TeamStatus
from contest.snapshot import venue_snapshot
from tests.conftest import sign_in
from tests.exports import header, rows, workbook
from tests.imports.files import write_xlsx
from tests.setup import paper

pytestmark = pytest.mark.usefixtures("staff")


@pytest.fixture
def contest(app, staff):
    return paper.build()


def _teams(contest) -> list[Team]:
    return list(
        db.session.scalars(
            sa.select(Team).where(Team.contest_id == contest.id).order_by(Team.serial)
        )
    )


def _csrf(client, url: str) -> str:
    page = client.get(url).get_data(as_text=True)
    return re.search(r'name="csrf_token" value="([^"]+)"', page).group(1)


def _upload(client, contest, data: bytes, name: str):
    """Upload on the import page, then press 确认导入 on its preview."""
    url = f"/admin/contests/{contest.id}/import/scores"
    form = {"csrf_token": _csrf(client, url), "file": (io.BytesIO(data), name)}
    preview = client.post(url, data=form, content_type="multipart/form-data")
    token = re.search(r'name="token" value="([^"]+)"', preview.get_data(as_text=True)).group(1)
    return client.post(url + "/confirm", data={"csrf_token": _csrf(client, url), "token": token})


def _import(client, contest, tmp_path):
    return _upload(
        client, contest, paper.workbook(tmp_path / "纸质评分.xlsx").read_bytes(), "纸质评分.xlsx"
    )


def _audit(action: str) -> list[AuditEntry]:
    return list(
        db.session.scalars(
            sa.select(AuditEntry).where(AuditEntry.action == action).order_by(AuditEntry.id)
        )
    )


def _finalise_venue(client, contest):
    venue = contest.venues[0]
    url = f"/admin/venues/{venue.id}/finalise"
    return client.post(url, data={"csrf_token": _csrf(client, url), "confirm": "1"})


def _finalise_team(client, contest, team: Team, **form):
    token = _csrf(client, f"/admin/contests/{contest.id}/finalise")
    return client.post(f"/admin/teams/{team.id}/finalise", data={"csrf_token": token, **form})


def _flashes(page: str) -> list[str]:
    return [html.unescape(m) for m in re.findall(r'<p class="flash flash-\w+">(.*?)</p>', page)]


def test_imported_venue_finalised_gives_hand_computed_standings_and_workbook(
    client, contest, tmp_path
):
    sign_in(client, "admin")
    imported = _import(client, contest, tmp_path)
    assert imported.status_code == 302
    assert imported.headers["Location"] == f"/admin/contests/{contest.id}/finalise"
    assert standings.compute(contest) == []  # imported, not yet final

    done = _finalise_venue(client, contest)

    assert done.status_code == 302
    page = client.get(done.headers["Location"]).get_data(as_text=True)
    assert _flashes(page) == ["第一分会场 已定分 5 个班组"]
    teams = _teams(contest)
    results = standings.compute(contest)
    assert [
        (
            r.team.serial,
            r.score.published,
            r.standing.rank,
            [r.judges[m.judge].number for m in r.score.dropped_low],
            [r.judges[m.judge].number for m in r.score.dropped_high],
        )
        for r in results
    ] == [(t, final, rank, [low], [high]) for t, final, rank, low, high in paper.EXPECTED]
    assert all(t.status is TeamStatus.SCORED and t.revealed_at for t in teams)

    book = workbook(ranking.build(contest))
    overall = book["总排名"]
    assert rows(overall, 5) == [
        [1, "第一分会场", 3, None, *paper.TEAMS[2], 94.5, 60, 93.2, None, None],
        [2, "第一分会场", 1, None, *paper.TEAMS[0], 99, 86, 92.2, None, None],
        [3, "第一分会场", 2, None, *paper.TEAMS[1], 95, 85, 90.13, None, None],
        [4, "第一分会场", 4, None, *paper.TEAMS[3], 91, 88, 89, None, None],
        [4, "第一分会场", 5, None, *paper.TEAMS[4], 95, 80, 89, None, None],
    ]
    assert [overall.cell(r, 9).number_format for r in range(5, 10)] == ["0.00"] * 5
    ws = book["第一分会场"]
    assert [h.split()[0] for h in header(ws, 4)[5:12]] == [f"评委{n}" for n in range(1, 8)]
    assert paper.venue_sheet(ws) == (paper.VENUE_MARKS, paper.STRUCK)

    entries = _audit("venue.finalised")
    assert len(entries) == 1
    assert entries[0].actor == f"staff:{client_staff_id()}"
    assert entries[0].data["teams"] == [
        {
            "team": t.id,
            "scores": 6 if t.serial == 2 else 7,
            "expected": 6 if t.serial == 2 else 7,
            "final": final,
        }
        for t, final in zip(teams, ["92.20", "90.13", "93.20", "89.00", "89.00"], strict=True)
    ]
    assert entries[0].data["skipped"] == []


def client_staff_id() -> int:
    from contest.models import StaffUser

    return db.session.scalar(sa.select(StaffUser.id).where(StaffUser.username == "admin"))


def _imported(client, contest, tmp_path) -> list[Team]:
    sign_in(client, "admin")
    assert _import(client, contest, tmp_path).status_code == 302
    return _teams(contest)


def test_finalise_one_team_audits_its_count_and_final_score(client, contest, tmp_path):
    teams = _imported(client, contest, tmp_path)

    done = _finalise_team(client, contest, teams[1])

    assert done.status_code == 302
    assert done.headers["Location"] == (
        f"/admin/contests/{contest.id}/finalise#venue-{contest.venues[0].id}"
    )
    page = client.get(done.headers["Location"]).get_data(as_text=True)
    assert _flashes(page) == [
        "上海外高桥造船有限公司 涂装事业部分段涂装三班 已按 6 份评分定分，最后得分 90.13"
    ]
    [entry] = _audit("team.finalised")
    assert (entry.subject, entry.data) == (
        f"team:{teams[1].id}",
        {"scores": 6, "expected": 6, "final": "90.13", "reason": ""},
    )
    results = standings.compute(contest)
    assert [(r.team.id, r.score.published, r.standing.rank) for r in results] == [
        (teams[1].id, Decimal("90.13"), 1)
    ]


def test_finalise_team_twice_changes_nothing_and_says_so(client, contest, tmp_path):
    teams = _imported(client, contest, tmp_path)
    _finalise_team(client, contest, teams[0])
    db.session.refresh(teams[0])
    stamps = (teams[0].scoring_closed_at, teams[0].revealed_at)
    audit_rows = db.session.scalar(sa.select(sa.func.count()).select_from(AuditEntry))

    again = _finalise_team(client, contest, teams[0])

    page = client.get(again.headers["Location"]).get_data(as_text=True)
    assert _flashes(page) == [
        "上海电气电站设备有限公司上海汽轮机厂 叶片车间精加工一班 已定分（最后得分 92.20），"
        "无需重复定分"
    ]
    db.session.refresh(teams[0])
    assert (teams[0].scoring_closed_at, teams[0].revealed_at) == stamps
    assert db.session.scalar(sa.select(sa.func.count()).select_from(AuditEntry)) == audit_rows


def test_finalise_team_refused_while_it_is_on_stage(client, contest, tmp_path):
    teams = _imported(client, contest, tmp_path)
    stage = db.session.get(StageState, contest.venues[0].id)
    stage.team_id = teams[2].id
    db.session.commit()

    refused = _finalise_team(client, contest, teams[2])

    assert refused.status_code == 409
    assert _flashes(refused.get_data(as_text=True)) == [
        "该班组正在台上，请由主持人在主持人控制台结束评分并揭晓成绩"
    ]
    db.session.refresh(teams[2])
    assert (teams[2].scoring_closed_at, teams[2].status) == (None, TeamStatus.WAITING)
    assert _audit("team.finalised") == []


def test_finalise_team_refused_without_scores_or_when_withdrawn(client, contest, app):
    sign_in(client, "admin")
    teams = _teams(contest)
    teams[4].status = TeamStatus.WITHDRAWN
    db.session.commit()

    no_scores = _finalise_team(client, contest, teams[0])
    withdrawn = _finalise_team(client, contest, teams[4])

    assert (no_scores.status_code, withdrawn.status_code) == (409, 409)
    assert _flashes(no_scores.get_data(as_text=True)) == [
        "该班组还没有任何评分，请先在 导入评分 中导入其评分"
    ]
    assert _flashes(withdrawn.get_data(as_text=True)) == [
        "该班组已标记为缺席、退赛或取消资格，不参加排名，不能定分"
    ]
    assert _audit("team.finalised") == []


def test_finalise_team_with_a_missing_judge_needs_a_reason(client, contest, tmp_path):
    teams = _imported(client, contest, tmp_path)
    judge = db.session.scalar(
        sa.select(Judge).where(Judge.contest_id == contest.id, Judge.number == 1)
    )
    # An eighth judge joins the panel after the import: 7 scores of 8 expected.
    db.session.add(
        Judge(
            contest=contest,
            venue=judge.venue,
            number=8,
            name="郑伟",
            access_key="k" * 32,
            fallback_code="ABCD2345",
        )
    )
    db.session.commit()

    refused = _finalise_team(client, contest, teams[0])
    done = _finalise_team(client, contest, teams[0], reason="评委8 郑伟 缺席")

    assert refused.status_code == 409
    assert _flashes(refused.get_data(as_text=True)) == [
        "还有评委未评分：上海电气电站设备有限公司上海汽轮机厂 叶片车间精加工一班（7 / 8）。"
        "按已有评分定分须填写原因（例如评委缺席）"
    ]
    assert done.status_code == 302
    [entry] = _audit("team.finalised")
    assert entry.data == {"scores": 7, "expected": 8, "final": "92.20", "reason": "评委8 郑伟 缺席"}


def test_finalise_venue_skips_teams_without_scores_and_lists_them(client, contest, tmp_path):
    teams = _teams(contest)
    sign_in(client, "admin")
    table = [["评委", "企业名称", "班组名称", "总分"]]
    table += [[f"评委{n}", *paper.TEAMS[0], "90"] for n in range(1, 8)]
    _upload(client, contest, write_xlsx(tmp_path / "a.xlsx", table).read_bytes(), "a.xlsx")
    venue = contest.venues[0]
    confirm = client.get(f"/admin/venues/{venue.id}/finalise").get_data(as_text=True)
    skipped_table = confirm.split('id="finalise-skipped"', 1)[1].split("</table>", 1)[0]
    assert skipped_table.count("该班组还没有任何评分") == 4

    done = _finalise_venue(client, contest)

    page = client.get(done.headers["Location"]).get_data(as_text=True)
    assert _flashes(page) == ["第一分会场 已定分 1 个班组；未定分 4 个（没有评分、缺席或退赛）"]
    [entry] = _audit("venue.finalised")
    assert [t["team"] for t in entry.data["teams"]] == [teams[0].id]
    assert [s["team"] for s in entry.data["skipped"]] == [t.id for t in teams[1:]]
    again = _finalise_venue(client, contest)
    page = client.get(again.headers["Location"]).get_data(as_text=True)
    assert _flashes(page) == ["第一分会场 没有需要定分的班组"]
    assert len(_audit("venue.finalised")) == 1


def test_finalise_venue_refused_while_a_team_is_on_stage_writes_nothing(client, contest, tmp_path):
    teams = _imported(client, contest, tmp_path)
    stage = db.session.get(StageState, contest.venues[0].id)
    stage.team_id = teams[3].id
    db.session.commit()

    refused = _finalise_venue(client, contest)

    assert refused.status_code == 409
    assert _flashes(refused.get_data(as_text=True)) == [
        "上海城投水务（集团）有限公司制水分公司 杨树浦水厂运行班 正在台上，"
        "请主持人先在主持人控制台结束评分并揭晓，或逐个为其他班组定分"
    ]
    assert standings.compute(contest) == []
    assert _audit("venue.finalised") == []


def test_finalised_venue_updates_the_hall_standings_without_a_reveal(client, contest, tmp_path):
    _imported(client, contest, tmp_path)
    venue = contest.venues[0]
    before = venue_snapshot(venue)

    _finalise_venue(client, contest)

    db.session.expire_all()
    after = venue_snapshot(venue)
    assert (before["reveal"], before["standings"]) == (None, [])
    assert after["reveal"] is None
    assert after["stage"]["scene"] == "welcome"
    assert after["version"] == before["version"] + 1
    assert [(s["rank"], s["published"], s["team"]["team_name"]) for s in after["standings"]] == [
        (1, "93.20", "进港理货二组"),
        (2, "92.20", "叶片车间精加工一班"),
        (3, "90.13", "涂装事业部分段涂装三班"),
        (4, "89.00", "杨树浦水厂运行班"),
        (4, "89.00", "灌装车间甲班"),
    ]


def test_exports_say_where_to_finalise_imported_scores(client, contest, tmp_path):
    _imported(client, contest, tmp_path)
    hint = "有 7 份评分，尚未定分（管理后台 → 导入成绩定分）"

    ranked = workbook(ranking.build(contest))
    form = workbook(summary.build(contest))

    assert [r[0] for r in rows(ranked["总排名"], 5)] == [
        hint,
        "有 6 份评分，尚未定分（管理后台 → 导入成绩定分）",
        hint,
        hint,
        hint,
    ]
    sheet = form[form.sheetnames[0]]
    assert [sheet.cell(r, 4).value for r in range(5, 10)] == [
        hint,
        "有 6 份评分，尚未定分（管理后台 → 导入成绩定分）",
        hint,
        hint,
        hint,
    ]


def test_contest_page_points_to_finalise_when_scores_wait(client, contest, tmp_path):
    _imported(client, contest, tmp_path)

    page = client.get(f"/admin/contests/{contest.id}").get_data(as_text=True)

    notice = page.split('id="pending-finalise">', 1)[1].split("</p>", 1)[0]
    assert "有 5 个班组已有评分、尚未定分，不计入排名。" in notice
    assert f'href="/admin/contests/{contest.id}/finalise"' in notice


def test_finalise_page_lists_counts_and_buttons(client, contest, tmp_path):
    _imported(client, contest, tmp_path)
    _finalise_team(client, contest, _teams(contest)[0])

    page = client.get(f"/admin/contests/{contest.id}/finalise").get_data(as_text=True)

    cells = re.findall(r'<td class="num">(\d+ / \d+)</td>', page)
    assert cells == ["7 / 7", "6 / 6", "7 / 7", "7 / 7", "7 / 7"]
    assert page.count(">按导入成绩定分</button>") == 4
    assert "<b>已定分</b> 92.20 · 第1名" in page
    assert "共 5 个班组：已定分 1 个，可定分 4 个，暂不能定分 0 个" in page


def test_supervisor_sees_the_page_without_buttons_and_cannot_finalise(
    app, client, contest, tmp_path
):
    from contest.models import StaffRole, StaffUser

    _imported(client, contest, tmp_path)
    watcher = StaffUser(username="jiandu", display_name="监督", role=StaffRole.SUPERVISOR)
    watcher.set_password("supervisor-pass-1")
    db.session.add(watcher)
    db.session.commit()
    client = app.test_client()
    form = client.get("/staff/login").get_data(as_text=True)
    token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', form).group(1)
    login = {"username": "jiandu", "password": "supervisor-pass-1", "csrf_token": token}
    assert client.post("/staff/login", data=login).status_code == 302
    venue = contest.venues[0]

    page = client.get(f"/admin/contests/{contest.id}/finalise")
    confirm = client.get(f"/admin/venues/{venue.id}/finalise")
    token = _csrf(client, f"/admin/contests/{contest.id}/finalise")
    team = client.post(f"/admin/teams/{_teams(contest)[0].id}/finalise", data={"csrf_token": token})
    whole = client.post(
        f"/admin/venues/{venue.id}/finalise", data={"csrf_token": token, "confirm": "1"}
    )

    assert (page.status_code, confirm.status_code) == (200, 200)
    assert "按导入成绩定分</button>" not in page.get_data(as_text=True)
    assert "全部定分</a>" not in page.get_data(as_text=True)
    assert "确认全部定分" not in confirm.get_data(as_text=True)
    assert (team.status_code, whole.status_code) == (403, 403)
    assert standings.compute(contest) == []


def test_finalised_teams_get_awards_and_the_summary_form(client, contest, tmp_path, staff):
    from contest import results

    teams = _imported(client, contest, tmp_path)
    _finalise_venue(client, contest)
    db.session.expire_all()

    results.set_grades(contest, [("一等奖", 1, None), ("二等奖", 2, None)], staff["admin"])
    proposal = results.confirm_grades(contest, staff["admin"])
    db.session.commit()
    form = workbook(summary.build(contest))

    assert proposal.grades == {teams[2].id: "一等奖", teams[0].id: "二等奖", teams[1].id: "二等奖"}
    sheet = form[form.sheetnames[0]]
    assert [sheet.cell(r, 4).value for r in range(5, 10)] == [
        "93.20 / 第1名",
        "92.20 / 第2名",
        "90.13 / 第3名",
        "89.00 / 第4名（并列）",
        "89.00 / 第4名（并列）",
    ]
