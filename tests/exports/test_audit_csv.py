"""The audit log CSV: UTF-8 with BOM, Shanghai times, JSON data, formula-safe fields."""

from __future__ import annotations

import csv
import io
import json
from datetime import datetime, timedelta

import sqlalchemy as sa

from contest import audit
from contest.exports import audit_csv
from contest.exports.safety import unguard_csv
from contest.extensions import db
from contest.models import AuditEntry, Contest, Team
from tests.exports import score_demo


def _parse(data: bytes) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(data.decode("utf-8-sig"), newline="")))


def test_audit_csv_parses_back_with_every_entry_and_field(app, demo):
    score_demo(demo)
    audit.record(
        "score.corrected",
        actor="staff:1 admin",
        subject="team:4",
        data={"reason": "纸质评分录入错误，已更正", "total": "91.5"},
        contest_id=demo.id,
    )
    db.session.commit()

    data = audit_csv.build(demo)

    assert data.startswith(b"\xef\xbb\xbf")
    assert data.split(b"\r\n")[0].decode("utf-8-sig") == (
        "序号,时间,操作人,操作,对象,内容,操作人代码,操作代码,对象代码,原始数据,精确时间,前一条哈希,本条哈希"
    )
    parsed = _parse(data)
    entries = db.session.scalars(sa.select(AuditEntry).order_by(AuditEntry.id)).all()
    assert [int(r["序号"]) for r in parsed] == [e.id for e in entries]
    for row, entry in zip(parsed, entries, strict=True):
        assert (row["操作人代码"], row["操作代码"], row["对象代码"]) == (
            entry.actor,
            entry.action,
            entry.subject,
        )
        assert json.loads(row["原始数据"]) == entry.data
        assert (row["前一条哈希"], row["本条哈希"]) == (entry.prev_hash, entry.hash)
        at = datetime.fromisoformat(row["精确时间"])
        assert at == entry.at
        assert at.utcoffset() == timedelta(hours=8)
    assert '"reason": "纸质评分录入错误，已更正"' in parsed[-1]["原始数据"]


def test_audit_csv_guards_fields_that_would_run_as_formulas(app, demo):
    actor = "=cmd|' /C calc'!A0"
    audit.record("note.added", actor=actor, subject="+1", data={}, contest_id=demo.id)
    audit.record("note.added", actor="@SUM(1)", subject="-2", data={}, contest_id=demo.id)
    db.session.commit()

    *_, first, second = _parse(audit_csv.build(demo))

    assert (first["操作人代码"], first["对象代码"]) == ("'" + actor, "'+1")
    assert (second["操作人代码"], second["对象代码"]) == ("'@SUM(1)", "'-2")
    assert (unguard_csv(first["操作人代码"]), unguard_csv(second["对象代码"])) == (actor, "-2")


def test_audit_csv_leaves_out_other_contests(app, demo):
    other = Contest(name="另一场比赛", year=2026, settings={})
    db.session.add(other)
    db.session.flush()
    audit.record("contest.created", actor="cli", subject=f"contest:{other.id}", contest_id=other.id)
    db.session.commit()

    subjects = [r["对象代码"] for r in _parse(audit_csv.build(demo))]

    assert f"contest:{other.id}" not in subjects
    assert f"contest:{demo.id}" in subjects


def test_export_audit_command(app, runner, demo, tmp_path):
    path = tmp_path / "审计日志.csv"

    result = runner.invoke(args=["export-audit", str(path)])

    assert result.exit_code == 0, result.output
    assert _parse(path.read_bytes())[-1]["操作代码"] == "contest.demo_loaded"


def test_audit_csv_reads_in_chinese_with_names(app, demo):
    from contest.models import StaffUser

    admin = db.session.scalar(sa.select(StaffUser).where(StaffUser.username == "admin"))
    first = sa.select(Team).where(Team.contest_id == demo.id, Team.order_position == 1)
    team = db.session.scalar(first)
    audit.record(
        "certificate.printed",
        actor=f"staff:{admin.id}",
        subject=f"contest:{demo.id}",
        data={"certificates": ["SQA-2026-001"], "team": team.id, "reason": None},
        contest_id=demo.id,
    )
    db.session.commit()

    last = _parse(audit_csv.build(demo))[-1]

    assert last["操作人"] == "秘书处管理员（admin）"
    assert last["操作"] == "打印荣誉证书"
    assert last["对象"] == demo.name
    assert last["内容"] == f"证书：SQA-2026-001；班组：{team.company_name} {team.team_name}"
    assert len(last["时间"]) == len("2026-09-18 14:03:05")
