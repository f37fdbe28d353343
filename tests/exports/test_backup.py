"""Full JSON backup and restore into an empty database, on SQLite and PostgreSQL."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import sqlalchemy as sa

from contest import audit, create_app
from contest.audit import verify_chain
from contest.exports.backup import FORMAT_VERSION, backup, schema_revision
from contest.extensions import db
from contest.models import AuditEntry, Team
from tests.conftest import _config
from tests.exports import score_demo
from tests.services import POSTGRES_URL

SCHEMA = "exports_restore"


@pytest.fixture
def empty_app(backend, tmp_path: Path):
    """A second app on a fresh, empty database (PostgreSQL: its own schema)."""
    options = {}
    if backend == "sqlite":
        url = f"sqlite:///{tmp_path / 'restored.sqlite3'}"
    else:
        url = POSTGRES_URL
        options = {"connect_args": {"options": f"-csearch_path={SCHEMA}"}}
        _reset_schema(create=True)
    other = create_app(
        _config(url, instance=str(tmp_path / "restored"), SQLALCHEMY_ENGINE_OPTIONS=options)
    )
    with other.app_context():
        db.create_all()
    yield other
    with other.app_context():
        db.engine.dispose()
    if backend == "postgresql":
        _reset_schema(create=False)


def _reset_schema(*, create: bool) -> None:
    engine = sa.create_engine(POSTGRES_URL)
    with engine.begin() as conn:
        conn.execute(sa.text(f"DROP SCHEMA IF EXISTS {SCHEMA} CASCADE"))
        if create:
            conn.execute(sa.text(f"CREATE SCHEMA {SCHEMA}"))
    engine.dispose()


def _all_rows() -> dict[str, list[tuple]]:
    with db.engine.connect() as conn:
        return {
            t.name: [tuple(r) for r in conn.execute(sa.select(t).order_by(*t.primary_key.columns))]
            for t in db.metadata.sorted_tables
        }


def _scored(demo) -> None:
    score_demo(demo)
    audit.record(
        "score.corrected",
        actor="staff:1 admin",
        subject="team:4",
        data={"reason": "纸质评分录入有误", "total": "91.5", "items": [1, 2]},
        contest_id=demo.id,
    )
    db.session.commit()


def test_round_trip_restores_every_row_and_the_audit_chain(app, runner, demo, empty_app, tmp_path):
    _scored(demo)
    before = _all_rows()
    contest_id = demo.id  # read now: the test's session would query the other app's database
    path = tmp_path / "备份.json"

    result = runner.invoke(args=["backup", str(path)])
    assert result.exit_code == 0, result.output

    with empty_app.app_context():
        restored = empty_app.test_cli_runner().invoke(args=["restore", str(path)])
        assert restored.exit_code == 0, restored.output
        assert f"共 {sum(len(r) for r in before.values())} 行" in restored.output
        assert _all_rows() == before
        report = verify_chain()
        assert report.ok and report.entries == len(before["audit_entries"])
        # New rows get fresh ids: PostgreSQL's sequences were moved past the restored ids.
        entry = audit.record("backup.checked", actor="test", subject="", data={})
        team = Team(contest_id=contest_id, company_name="新企业", team_name="新班组")
        db.session.add(team)
        db.session.commit()
        assert entry.id == max(r[0] for r in before["audit_entries"]) + 1
        assert team.id == max(r[0] for r in before["teams"]) + 1
        assert verify_chain().ok


def test_backup_holds_exact_values_a_format_version_and_the_revision(app, demo):
    _scored(demo)

    document = json.loads(backup())

    assert document["format"] == "contest-backup"
    assert document["format_version"] == FORMAT_VERSION == 1
    with db.engine.connect() as conn:
        assert document["alembic_revision"] == schema_revision(conn) is not None
    tables = document["tables"]
    assert list(tables) == [t.name for t in db.metadata.sorted_tables]
    assert {s["total"] for s in tables["score_submissions"]} >= {"91.5", "86.5", "95"}
    assert all(isinstance(s["total"], str) for s in tables["score_submissions"])
    assert tables["deductions"][0]["amount"] == "1"
    assert all(e["at"].endswith("+00:00") for e in tables["audit_entries"])
    assert tables["audit_entries"][-1]["data"]["reason"] == "纸质评分录入有误"
    assert tables["teams"][3]["status"] == "waiting"
    assert tables["teams"][0]["company_name"] == "上海电气电站设备有限公司上海汽轮机厂"


def test_restore_refuses_a_database_that_is_not_empty(app, runner, demo, tmp_path):
    path = tmp_path / "backup.json"
    path.write_bytes(backup())
    count = db.session.scalar(sa.select(sa.func.count()).select_from(AuditEntry))

    result = runner.invoke(args=["restore", str(path)])

    assert result.exit_code == 1
    assert "数据库不是空的" in result.output
    assert db.session.scalar(sa.select(sa.func.count()).select_from(AuditEntry)) == count


def test_restore_refuses_an_unknown_format_version(app, demo, empty_app, tmp_path):
    document = json.loads(backup())
    document["format_version"] = 99
    path = tmp_path / "backup.json"
    path.write_text(json.dumps(document, ensure_ascii=False), encoding="utf-8")

    with empty_app.app_context():
        result = empty_app.test_cli_runner().invoke(args=["restore", str(path)])
        assert result.exit_code == 1
        assert "无法识别的备份格式版本：99" in result.output
        assert _all_rows()["contests"] == []


def test_restore_refuses_a_file_that_is_not_a_backup(app, empty_app, tmp_path):
    broken, other = tmp_path / "broken.json", tmp_path / "other.json"
    broken.write_text("{not json", encoding="utf-8")
    other.write_text('{"tables": {}}', encoding="utf-8")

    with empty_app.app_context():
        runner = empty_app.test_cli_runner()
        first, second = (runner.invoke(args=["restore", str(p)]) for p in (broken, other))
        assert (first.exit_code, second.exit_code) == (1, 1)
        assert "不是有效的 JSON 文件" in first.output
        assert "这不是本系统的备份文件" in second.output


def test_a_failed_restore_leaves_the_database_empty(app, demo, empty_app, tmp_path):
    document = json.loads(backup())
    # A broken reference in the last table: the whole restore must roll back.
    document["tables"]["national_selections"] = [
        {"team_id": 99999, "selected": True, "overridden": False, "reason": "",
         "decided_by_id": None, "decided_at": "2026-09-15T06:00:00+00:00"}
    ]  # fmt: skip
    path = tmp_path / "backup.json"
    path.write_text(json.dumps(document, ensure_ascii=False), encoding="utf-8")

    with empty_app.app_context():
        result = empty_app.test_cli_runner().invoke(args=["restore", str(path)])
        assert result.exit_code != 0
        assert all(rows == [] for rows in _all_rows().values())


def test_restore_refuses_another_schema_revision_or_a_database_without_tables(
    app, demo, empty_app, tmp_path
):
    document = json.loads(backup())
    document["alembic_revision"] = "0000_older"
    older = tmp_path / "older.json"
    older.write_text(json.dumps(document, ensure_ascii=False), encoding="utf-8")
    current = tmp_path / "current.json"
    current.write_bytes(backup())

    with empty_app.app_context():
        runner = empty_app.test_cli_runner()
        result = runner.invoke(args=["restore", str(older)])
        assert result.exit_code == 1
        assert "备份的数据库版本（0000_older）与当前数据库版本" in result.output
        db.drop_all()
        result = runner.invoke(args=["restore", str(current)])
        assert result.exit_code == 1
        assert "数据库尚未建表" in result.output


def test_the_seasons_attachments_go_beside_the_backup_and_come_back(
    app, runner, staff, empty_app, tmp_path
):
    """A backup of a season holds its rows; its files go to `<backup>.files/` and come back
    into the restored server's store, each checked against its SHA-256."""
    import hashlib

    from contest.season import uploads
    from tests.security.identities import applicant_world

    applicant_world()  # one application with a stored scan, and its enterprise's sealed scan
    scan = b"%PDF-1.4 a stand-in scan"
    digest = hashlib.sha256(scan).hexdigest()
    opinion_scan = b"%PDF-1.4 a stand-in opinion scan"
    opinion_digest = hashlib.sha256(opinion_scan).hexdigest()
    path = tmp_path / "备份.json"
    result = runner.invoke(args=["backup", str(path)])
    assert result.exit_code == 0, result.output
    beside = tmp_path / "备份.json.files"
    assert f"申报附件 2 个已复制到 {beside}" in result.output
    assert (beside / digest[:2] / digest[2:4] / digest).read_bytes() == scan
    stored = beside / opinion_digest[:2] / opinion_digest[2:4] / opinion_digest
    assert stored.read_bytes() == opinion_scan

    with empty_app.app_context():
        restored = empty_app.test_cli_runner().invoke(args=["restore", str(path)])
        assert restored.exit_code == 0, restored.output
        assert "申报附件 2 个已恢复" in restored.output
        assert uploads.storage().path(digest).read_bytes() == scan
        assert uploads.storage().path(digest).is_relative_to(empty_app.instance_path)
        assert uploads.storage().path(opinion_digest).read_bytes() == opinion_scan
