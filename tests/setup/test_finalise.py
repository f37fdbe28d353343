"""导入成绩定分: imported totals finalised per venue or per team, without the stage."""

from __future__ import annotations

from decimal import Decimal

import pytest
import sqlalchemy as sa

from contest.exports import ranking
from contest.extensions import db
from contest.models import AuditEntry, Judge, StageState, TeamStatus
from contest.ranking import standings
from tests.conftest import sign_in
from tests.exports import header, rows, workbook
from tests.imports.files import write_xlsx
from tests.setup import paper
from tests.setup.finalising import (
    audit_of,
    client_staff_id,
    finalise_team,
    finalise_venue,
    flashes,
    import_paper,
    imported,
    teams_of,
    upload_scores,
)

pytestmark = pytest.mark.usefixtures("staff")


@pytest.fixture
def contest(app, staff):
    return paper.build()


def test_imported_venue_finalised_gives_hand_computed_standings_and_workbook(
    client, contest, tmp_path
):
    sign_in(client, "admin")
    imported = import_paper(client, contest, tmp_path)
    assert imported.status_code == 302
    assert imported.headers["Location"] == f"/admin/contests/{contest.id}/finalise"
    assert standings.compute(contest) == []  # imported, not yet final

    done = finalise_venue(client, contest)

    assert done.status_code == 302
    page = client.get(done.headers["Location"]).get_data(as_text=True)
    assert flashes(page) == ["第一分会场 已定分 5 个班组"]
    teams = teams_of(contest)
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

    entries = audit_of("venue.finalised")
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


def test_finalise_one_team_audits_its_count_and_final_score(client, contest, tmp_path):
    teams = imported(client, contest, tmp_path)

    done = finalise_team(client, contest, teams[1])

    assert done.status_code == 302
    assert done.headers["Location"] == (
        f"/admin/contests/{contest.id}/finalise#venue-{contest.venues[0].id}"
    )
    page = client.get(done.headers["Location"]).get_data(as_text=True)
    assert flashes(page) == [
        "上海外高桥造船有限公司 涂装事业部分段涂装三班 已按 6 份评分定分，最后得分 90.13"
    ]
    [entry] = audit_of("team.finalised")
    assert (entry.subject, entry.data) == (
        f"team:{teams[1].id}",
        {"scores": 6, "expected": 6, "final": "90.13", "reason": ""},
    )
    results = standings.compute(contest)
    assert [(r.team.id, r.score.published, r.standing.rank) for r in results] == [
        (teams[1].id, Decimal("90.13"), 1)
    ]


def test_finalise_team_twice_changes_nothing_and_says_so(client, contest, tmp_path):
    teams = imported(client, contest, tmp_path)
    finalise_team(client, contest, teams[0])
    db.session.refresh(teams[0])
    stamps = (teams[0].scoring_closed_at, teams[0].revealed_at)
    audit_rows = db.session.scalar(sa.select(sa.func.count()).select_from(AuditEntry))

    again = finalise_team(client, contest, teams[0])

    page = client.get(again.headers["Location"]).get_data(as_text=True)
    assert flashes(page) == [
        "上海电气电站设备有限公司上海汽轮机厂 叶片车间精加工一班 已定分（最后得分 92.20），"
        "无需重复定分"
    ]
    db.session.refresh(teams[0])
    assert (teams[0].scoring_closed_at, teams[0].revealed_at) == stamps
    assert db.session.scalar(sa.select(sa.func.count()).select_from(AuditEntry)) == audit_rows


def test_finalise_team_refused_while_it_is_on_stage(client, contest, tmp_path):
    teams = imported(client, contest, tmp_path)
    stage = db.session.get(StageState, contest.venues[0].id)
    stage.team_id = teams[2].id
    db.session.commit()

    refused = finalise_team(client, contest, teams[2])

    assert refused.status_code == 409
    assert flashes(refused.get_data(as_text=True)) == [
        "该班组正在台上，请由主持人在主持人控制台结束评分并揭晓成绩"
    ]
    db.session.refresh(teams[2])
    assert (teams[2].scoring_closed_at, teams[2].status) == (None, TeamStatus.WAITING)
    assert audit_of("team.finalised") == []


def test_finalise_team_refused_without_scores_or_when_withdrawn(client, contest, app):
    sign_in(client, "admin")
    teams = teams_of(contest)
    teams[4].status = TeamStatus.WITHDRAWN
    db.session.commit()

    no_scores = finalise_team(client, contest, teams[0])
    withdrawn = finalise_team(client, contest, teams[4])

    assert (no_scores.status_code, withdrawn.status_code) == (409, 409)
    assert flashes(no_scores.get_data(as_text=True)) == [
        "该班组还没有任何评分，请先在 导入评分 中导入其评分"
    ]
    assert flashes(withdrawn.get_data(as_text=True)) == [
        "该班组已标记为缺席、退赛或取消资格，不参加排名，不能定分"
    ]
    assert audit_of("team.finalised") == []


def test_finalise_team_with_a_missing_judge_needs_a_reason(client, contest, tmp_path):
    teams = imported(client, contest, tmp_path)
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

    refused = finalise_team(client, contest, teams[0])
    done = finalise_team(client, contest, teams[0], reason="评委8 郑伟 缺席")

    assert refused.status_code == 409
    assert flashes(refused.get_data(as_text=True)) == [
        "还有评委未评分：上海电气电站设备有限公司上海汽轮机厂 叶片车间精加工一班（7 / 8）。"
        "按已有评分定分须填写原因（例如评委缺席）"
    ]
    assert done.status_code == 302
    [entry] = audit_of("team.finalised")
    assert entry.data == {"scores": 7, "expected": 8, "final": "92.20", "reason": "评委8 郑伟 缺席"}


def test_finalise_venue_skips_teams_without_scores_and_lists_them(client, contest, tmp_path):
    teams = teams_of(contest)
    sign_in(client, "admin")
    table = [["评委", "企业名称", "班组名称", "总分"]]
    table += [[f"评委{n}", *paper.TEAMS[0], "90"] for n in range(1, 8)]
    upload_scores(client, contest, write_xlsx(tmp_path / "a.xlsx", table).read_bytes(), "a.xlsx")
    venue = contest.venues[0]
    confirm = client.get(f"/admin/venues/{venue.id}/finalise").get_data(as_text=True)
    skipped_table = confirm.split('id="finalise-skipped"', 1)[1].split("</table>", 1)[0]
    assert skipped_table.count("该班组还没有任何评分") == 4

    done = finalise_venue(client, contest)

    page = client.get(done.headers["Location"]).get_data(as_text=True)
    assert flashes(page) == ["第一分会场 已定分 1 个班组；未定分 4 个（没有评分、缺席或退赛）"]
    [entry] = audit_of("venue.finalised")
    assert [t["team"] for t in entry.data["teams"]] == [teams[0].id]
    assert [s["team"] for s in entry.data["skipped"]] == [t.id for t in teams[1:]]
    again = finalise_venue(client, contest)
    page = client.get(again.headers["Location"]).get_data(as_text=True)
    assert flashes(page) == ["第一分会场 没有需要定分的班组"]
    assert len(audit_of("venue.finalised")) == 1


def test_finalise_venue_refused_while_a_team_is_on_stage_writes_nothing(client, contest, tmp_path):
    teams = imported(client, contest, tmp_path)
    stage = db.session.get(StageState, contest.venues[0].id)
    stage.team_id = teams[3].id
    db.session.commit()

    refused = finalise_venue(client, contest)

    assert refused.status_code == 409
    assert flashes(refused.get_data(as_text=True)) == [
        "上海城投水务（集团）有限公司制水分公司 杨树浦水厂运行班 正在台上，"
        "请主持人先在主持人控制台结束评分并揭晓，或逐个为其他班组定分"
    ]
    assert standings.compute(contest) == []
    assert audit_of("venue.finalised") == []
