"""Deleting a whole contest: a backup first, then every row of it; the audit chain intact."""

from __future__ import annotations

import hashlib
import json
import re
from decimal import Decimal
from pathlib import Path

import sqlalchemy as sa

from contest.audit import verify_chain
from contest.extensions import db
from contest.models import (
    AuditEntry,
    AwardGrade,
    Contest,
    Deduction,
    Draw,
    ImportBatch,
    Judge,
    ManualTieBreak,
    NationalSelection,
    Recusal,
    RecusalKind,
    StaffRole,
    StaffUser,
    StageState,
    Team,
    TeamAward,
)
from tests.conftest import sign_in
from tests.factories import audited, close_scoring, judges_of, marks_totalling, submit, team_at
from tests.security.identities import staff_sign_in
from tests.setup.forms import audit_count, entries, post

KEPT = {"audit_entries", "staff_users"}


def _totals() -> dict[str, int]:
    totals = {}
    for table in db.metadata.sorted_tables:
        if table.name not in KEPT:
            count = sa.select(sa.func.count()).select_from(table)
            totals[table.name] = db.session.scalar(count)
    return totals


def _fill(demo, staff) -> None:
    """Rows of every kind a contest day leaves behind."""
    first, second = team_at(demo, 1), team_at(demo, 2)
    judges = judges_of(demo)
    for judge in judges[:3]:
        submit(first, judge, marks_totalling("88"))
    close_scoring(first, reveal=True)
    venue = demo.venues[0]
    db.session.get(StageState, venue.id).team_id = first.id
    db.session.add_all(
        [
            Draw(venue=venue, seed="42", algorithm="sha256-fy-v1", entrants=[], order=[]),
            Deduction(team=first, kind="overtime", amount=Decimal(1), reason="超时 1 分钟"),
            ManualTieBreak(team_id=second.id, position=1, reason="组长裁定"),
            NationalSelection(team_id=first.id, selected=True),
            Recusal(judge=judges[1], team=second, kind=RecusalKind.MANUAL, reason="曾任顾问"),
            ImportBatch(contest_id=demo.id, kind="teams", filename="form-2-3.xlsx"),
        ]
    )
    grade = AwardGrade(contest_id=demo.id, name="一等奖", position=0, count=1)
    db.session.add(grade)
    db.session.flush()
    db.session.add(TeamAward(team_id=first.id, grade_id=grade.id))
    db.session.commit()


def _other_contest(client, demo) -> Contest:
    """A second contest copied from the demo, with a team, a judge and a score of its own."""
    page = "/admin/contests/new"
    form = {
        "source": str(demo.id),
        "name": "2027年发表赛",
        "year": "2027",
        "issuer": "上海市质量协会",
    }
    assert post(client, page, form, page=page).status_code == 302
    other = db.session.scalar(sa.select(Contest).where(Contest.name == "2027年发表赛"))
    venue = other.venues[0]
    team = Team(contest=other, venue=venue, company_name="上海某公司", team_name="一班")
    judge = Judge(
        contest=other,
        venue=venue,
        number=1,
        name="王评委",
        access_key="k" * 43,
        fallback_code="ABCDEFGH",
    )
    db.session.add_all([team, judge, ImportBatch(contest_id=other.id, kind="judges")])
    db.session.flush()
    audited(submit(team, judge, marks_totalling("90")))
    host = db.session.scalar(sa.select(StaffUser).where(StaffUser.username == "host1"))
    host.venues.append(venue)
    db.session.commit()
    return other


def _delete(client, contest_id: int, typed: str):
    page = f"/admin/contests/{contest_id}/setup/delete"
    return post(client, page, {"confirm_name": typed}, page=page)


def test_deleting_the_demo_removes_every_row_and_leaves_the_other_contest(
    app, client, runner, staff, demo
):
    _fill(demo, staff)
    sign_in(client, "admin")
    other = _other_contest(client, demo)
    other_id, demo_id, name = other.id, demo.id, demo.name
    before = _totals()
    response = _delete(client, demo_id, f" {name} ")
    [entry] = entries("contest.deleted")
    assert response.status_code == 302
    assert response.headers["Location"] == f"/admin/removals/{entry.id}"
    removed = {
        "contests": 1,
        "venues": 1,
        "stage_states": 1,
        "host_venues": 1,
        "draws": 1,
        "recommending_units": 12,
        "score_items": 6,
        "import_batches": 1,
        "teams": 20,
        "judges": 9,
        "recusals": 2,
        "score_submissions": 3,
        "score_marks": 18,
        "deductions": 1,
        "manual_tie_breaks": 1,
        "award_grades": 1,
        "team_awards": 1,
        "national_selections": 1,
    }
    assert entry.data["rows"] == removed
    assert (entry.actor, entry.subject, entry.contest_id) == (
        f"staff:{staff['admin'].id}",
        f"contest:{demo_id}",
        demo_id,
    )
    assert (entry.data["name"], entry.data["is_demo"]) == (name, True)
    assert _totals() == {table: before[table] - removed.get(table, 0) for table in before}
    assert _totals() == {
        **{table: 0 for table in before},
        "contests": 1,
        "venues": 1,
        "stage_states": 1,
        "host_venues": 1,
        "score_items": 6,
        "import_batches": 1,
        "teams": 1,
        "judges": 1,
        "score_submissions": 1,
        "score_marks": 6,
    }
    assert db.session.get(Contest, other_id).name == "2027年发表赛"
    assert client.get(f"/admin/contests/{other_id}").status_code == 200
    assert client.get(f"/admin/contests/{demo_id}").status_code == 404
    usernames = db.session.scalars(sa.select(StaffUser.username).order_by(StaffUser.username))
    assert list(usernames) == ["admin", "host1"]  # accounts are global: left alone
    # The audit log keeps every entry about the demo, and its chain still verifies.
    kept = sa.select(AuditEntry.action).where(AuditEntry.contest_id == demo_id)
    assert list(db.session.scalars(kept.order_by(AuditEntry.id))) == [
        "recusal.added",
        "contest.demo_loaded",
        "contest.deleted",
    ]
    assert verify_chain().ok
    result = runner.invoke(args=["verify-audit"])
    assert (result.exit_code, result.output.startswith("审计日志完整")) == (0, True)


def test_backup_is_written_first_and_offered_to_admins_only(app, client, staff, demo):
    sign_in(client, "admin")
    demo_id = demo.id
    assert _delete(client, demo_id, demo.name).status_code == 302
    [entry] = entries("contest.deleted")
    name = entry.data["backup"]
    assert re.fullmatch(rf"contest-{demo_id}-\d{{8}}T\d{{6}}Z\.json", name)
    path = Path(app.instance_path) / "backups" / name
    data = path.read_bytes()
    assert path.stat().st_mode & 0o777 == 0o600
    assert (entry.data["sha256"], entry.data["bytes"]) == (
        hashlib.sha256(data).hexdigest(),
        len(data),
    )
    document = json.loads(data)
    assert len(document["tables"]["teams"]) == 20  # taken before the rows went
    assert [c["name"] for c in document["tables"]["contests"]] == [entry.data["name"]]
    page = client.get(f"/admin/removals/{entry.id}").get_data(as_text=True)
    assert name in page and entry.data["sha256"] in page
    download = client.get(f"/admin/backups/{name}")
    assert (download.status_code, download.data) == (200, data)
    assert download.headers["Cache-Control"] == "no-store"
    assert client.get("/admin/backups/..%2Fcontest.sqlite3").status_code == 404
    assert client.get("/admin/backups/contest-1-20260101T000000Z.json").status_code == 404
    host = app.test_client()
    sign_in(host, "host1")
    assert host.get(f"/admin/backups/{name}").status_code == 403
    watcher = StaffUser(username="watcher", display_name="监督", role=StaffRole.SUPERVISOR)
    watcher.set_password("watch-pass-1")
    db.session.add(watcher)
    db.session.commit()
    supervisor = app.test_client()
    assert staff_sign_in(supervisor, "watcher", "watch-pass-1").status_code == 302
    assert supervisor.get(f"/admin/backups/{name}").status_code == 403
    assert supervisor.get(f"/admin/removals/{entry.id}").status_code == 200


def test_wrong_name_refuses_and_writes_nothing(app, client, staff, demo):
    sign_in(client, "admin")
    before, audited = _totals(), audit_count()
    response = _delete(client, demo.id, "2026年上海市质量信得过班组建设经验发表")
    assert response.status_code == 422
    assert "输入的名称与比赛名称不一致，比赛未删除" in response.get_data(as_text=True)
    assert (_totals(), audit_count()) == (before, audited)
    assert not (Path(app.instance_path) / "backups").exists()


def test_delete_page_lists_what_goes(client, staff, demo):
    sign_in(client, "admin")
    page = client.get(f"/admin/contests/{demo.id}/setup/delete").get_data(as_text=True)
    assert "班组 <b>20</b>" in page
    assert "评委 <b>9</b>" in page
    assert "评分项目 <b>6</b>" in page


def test_removal_page_is_only_for_deletions(client, staff, demo):
    sign_in(client, "admin")
    [loaded] = entries("contest.demo_loaded")
    assert client.get(f"/admin/removals/{loaded.id}").status_code == 404


def test_new_contest_never_reuses_a_deleted_contests_id(client, staff, demo):
    sign_in(client, "admin")
    page = "/admin/contests/new"
    form = {"name": "临时比赛", "year": "2027", "issuer": "上海市质量协会"}
    post(client, page, form, page=page)
    doomed = db.session.scalar(sa.select(Contest).where(Contest.name == "临时比赛"))
    doomed_id = doomed.id
    assert _delete(client, doomed_id, "临时比赛").status_code == 302
    post(client, page, {**form, "name": "正式比赛"}, page=page)
    fresh = db.session.scalar(sa.select(Contest).where(Contest.name == "正式比赛"))
    assert fresh.id == doomed_id + 1
    log = client.get(f"/admin/contests/{fresh.id}/audit").get_data(as_text=True)
    assert "临时比赛" not in log


def test_demo_stays_deleted_on_the_next_make_run(app, demo, runner, tmp_path):
    from contest.models import Contest
    from contest.setup.removal import remove_contest

    old_id = demo.id
    remove_contest(
        contest_id=demo.id, typed_name=demo.name, folder=tmp_path / "backups", actor="cli"
    )
    result = runner.invoke(args=["demo", "--if-empty"])
    assert "未载入演示数据" in result.output
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Contest)) == 0
    result = runner.invoke(args=["demo"])  # asked for by name: loads, under a new id
    assert result.exit_code == 0, result.output
    again = db.session.scalar(sa.select(Contest))
    assert again.is_demo and again.id > old_id
