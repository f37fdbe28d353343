"""Undo an import as a whole, until what it created has been used on the day."""

from __future__ import annotations

import pytest
import sqlalchemy as sa

from contest.extensions import db
from contest.imports import run_import
from contest.imports.undo import UndoRefused, undo_batch
from contest.models import (
    AuditEntry,
    ImportBatch,
    RecommendingUnit,
    Recusal,
    ScoreSubmission,
    Team,
    utcnow,
)
from tests.imports.files import counts, judges_in, new_contest, teams_of, write_xlsx

TEAMS = [
    ["推荐单位", "企业名称", "班组名称", "班组人数"],
    ["化工协会", "甲公司", "一班", 5],
    ["化工协会", "乙公司", "二班", 6],
]
JUDGES = [
    ["姓名", "工作单位", "TGQ 评委证书号", "回避单位"],
    ["陈建国", "甲公司", "T1", ""],
    ["李敏", "协会", "T2", "乙公司"],
]
SCORES = [["评委", "企业名称", "班组名称", "总分"], ["评委2", "甲公司", "一班", "88"]]


@pytest.fixture
def contest(app):
    return new_contest("第一分会场")


def _import(contest, kind, rows, tmp_path):
    path = write_xlsx(tmp_path / f"{kind}.xlsx", rows)
    return run_import(
        kind, contest_id=contest.id, data=path.read_bytes(), filename=path.name, actor="test"
    )


def _undo(contest, outcome):
    return undo_batch(
        contest_id=contest.id, batch_id=outcome.batch_id, actor="staff:1", staff_id=None
    )


def _refused(contest, outcome) -> str:
    before = counts()
    with pytest.raises(UndoRefused) as refused:
        _undo(contest, outcome)
    assert counts() == before
    return refused.value.message


def test_undo_teams_deletes_them_and_the_units_they_brought(contest, tmp_path):
    kept = RecommendingUnit(contest=contest, name="浦东新区")
    db.session.add(Team(contest=contest, company_name="丙公司", team_name="三班", unit=kept))
    db.session.commit()
    outcome = _import(contest, "teams", TEAMS, tmp_path)
    assert _undo(contest, outcome) == "已撤销导入：删除 2 个班组"
    assert [t.team_name for t in teams_of(contest)] == ["三班"]
    assert [u.name for u in db.session.scalars(sa.select(RecommendingUnit))] == ["浦东新区"]
    batch = db.session.get(ImportBatch, outcome.batch_id)
    assert batch.undone_at is not None
    entry = db.session.scalar(sa.select(AuditEntry).where(AuditEntry.action == "import.undone"))
    assert (entry.actor, entry.data) == (
        "staff:1",
        {"batch": batch.id, "kind": "teams", "file": "teams.xlsx", "teams": 2, "units": 1},
    )
    assert _refused(contest, outcome) == "不能撤销这次导入：这次导入已经撤销"


def test_undo_teams_refused_once_a_team_is_scored(contest, tmp_path):
    outcome = _import(contest, "teams", TEAMS, tmp_path)
    _import(contest, "judges", JUDGES, tmp_path)
    _import(contest, "scores", SCORES, tmp_path)
    assert _refused(contest, outcome) == "不能撤销这次导入：班组「甲公司 一班」已有评分"


def test_undo_teams_refused_once_a_team_is_revealed(contest, tmp_path):
    outcome = _import(contest, "teams", TEAMS, tmp_path)
    teams_of(contest)[1].revealed_at = utcnow()
    db.session.commit()
    assert _refused(contest, outcome) == "不能撤销这次导入：班组「乙公司 二班」已结束评分或揭晓"


def test_undo_judges_deletes_them_and_their_recusals(contest, tmp_path):
    _import(contest, "teams", TEAMS, tmp_path)
    outcome = _import(contest, "judges", JUDGES, tmp_path)
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Recusal)) == 2
    assert _undo(contest, outcome) == "已撤销导入：删除 2 位评委"
    assert judges_in(contest) == []
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Recusal)) == 0
    assert len(teams_of(contest)) == 2


def test_undo_judges_refused_once_a_judge_has_scored(contest, tmp_path):
    _import(contest, "teams", TEAMS, tmp_path)
    outcome = _import(contest, "judges", JUDGES, tmp_path)
    _import(contest, "scores", SCORES, tmp_path)
    assert _refused(contest, outcome) == "不能撤销这次导入：评委「评委2 李敏」已经评分"


def test_undo_scores_deletes_exactly_the_imported_versions(contest, tmp_path):
    _import(contest, "teams", TEAMS, tmp_path)
    _import(contest, "judges", JUDGES, tmp_path)
    first = _import(contest, "scores", SCORES, tmp_path)
    path = write_xlsx(tmp_path / "again.xlsx", [SCORES[0], ["评委2", "甲公司", "一班", "90"]])
    second = run_import(
        "scores", contest_id=contest.id, data=path.read_bytes(), filename="again.xlsx",
        actor="test", confirm=True,
    )  # fmt: skip
    assert _refused(contest, first) == (
        "不能撤销这次导入：评委2 李敏对班组「甲公司 一班」的评分在导入后又有新版本"
    )
    assert _undo(contest, second) == "已撤销导入：删除 1 条评分"
    assert [(s.version, str(s.total)) for s in db.session.scalars(sa.select(ScoreSubmission))] == [
        (1, "88")
    ]
    assert _undo(contest, first) == "已撤销导入：删除 1 条评分"
    assert db.session.scalar(sa.select(sa.func.count()).select_from(ScoreSubmission)) == 0


def test_undo_scores_refused_once_the_team_is_revealed(contest, tmp_path):
    _import(contest, "teams", TEAMS, tmp_path)
    _import(contest, "judges", JUDGES, tmp_path)
    outcome = _import(contest, "scores", SCORES, tmp_path)
    teams_of(contest)[0].revealed_at = utcnow()
    db.session.commit()
    assert _refused(contest, outcome) == "不能撤销这次导入：班组「甲公司 一班」的成绩已经揭晓"


def test_undo_of_another_contests_batch_is_refused(contest, tmp_path):
    outcome = _import(contest, "teams", TEAMS, tmp_path)
    other = new_contest("会场")
    with pytest.raises(UndoRefused) as refused:
        undo_batch(contest_id=other.id, batch_id=outcome.batch_id, actor="t", staff_id=None)
    assert refused.value.message == "本比赛没有这次导入"
    assert len(teams_of(contest)) == 2


def test_undo_button_on_the_import_page(client, staff, contest, tmp_path):
    import re

    from tests.conftest import sign_in

    outcome = _import(contest, "teams", TEAMS, tmp_path)
    sign_in(client, "admin")
    url = f"/admin/contests/{contest.id}/import/teams"
    page = client.get(url).get_data(as_text=True)
    assert "撤销本次导入" in page
    csrf = re.search(r'name="csrf_token" value="([^"]+)"', page).group(1)
    done = client.post(
        f"/admin/contests/{contest.id}/imports/{outcome.batch_id}/undo",
        data={"csrf_token": csrf, "kind": "teams"},
    )
    assert (done.status_code, done.headers["Location"]) == (302, url)
    assert teams_of(contest) == []
    again = client.post(
        f"/admin/contests/{contest.id}/imports/{outcome.batch_id}/undo",
        data={"csrf_token": csrf, "kind": "teams"},
    )
    assert again.status_code == 409
    assert "不能撤销这次导入：这次导入已经撤销" in again.get_data(as_text=True)


def test_undo_teams_refused_once_they_were_drawn(contest, tmp_path):
    from contest.models import Draw

    outcome = _import(contest, "teams", TEAMS, tmp_path)
    ids = [t.id for t in teams_of(contest)]
    db.session.add(
        Draw(venue=contest.venues[0], seed="2026", algorithm="sha256-v1", entrants=ids,
             order=ids[::-1])
    )  # fmt: skip
    db.session.commit()
    assert _refused(contest, outcome) == (
        "不能撤销这次导入：班组「甲公司 一班」已参加抽签（抽签记录须保持可重演）"
    )
