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
from contest.models import AuditEntry, Contest
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
    assert data.split(b"\r\n")[0] == b"\xef\xbb\xbfid,time,actor,action,subject,data,prev_hash,hash"
    parsed = _parse(data)
    entries = db.session.scalars(sa.select(AuditEntry).order_by(AuditEntry.id)).all()
    assert [int(r["id"]) for r in parsed] == [e.id for e in entries]
    for row, entry in zip(parsed, entries, strict=True):
        assert (row["actor"], row["action"], row["subject"]) == (
            entry.actor,
            entry.action,
            entry.subject,
        )
        assert json.loads(row["data"]) == entry.data
        assert (row["prev_hash"], row["hash"]) == (entry.prev_hash, entry.hash)
        at = datetime.fromisoformat(row["time"])
        assert at == entry.at
        assert at.utcoffset() == timedelta(hours=8)
    assert '"reason": "纸质评分录入错误，已更正"' in parsed[-1]["data"]


def test_audit_csv_guards_fields_that_would_run_as_formulas(app, demo):
    actor = "=cmd|' /C calc'!A0"
    audit.record("note.added", actor=actor, subject="+1", data={}, contest_id=demo.id)
    audit.record("note.added", actor="@SUM(1)", subject="-2", data={}, contest_id=demo.id)
    db.session.commit()

    *_, first, second = _parse(audit_csv.build(demo))

    assert (first["actor"], first["subject"]) == ("'" + actor, "'+1")
    assert (second["actor"], second["subject"]) == ("'@SUM(1)", "'-2")
    assert (unguard_csv(first["actor"]), unguard_csv(second["subject"])) == (actor, "-2")


def test_audit_csv_leaves_out_other_contests(app, demo):
    other = Contest(name="另一场比赛", year=2026, settings={})
    db.session.add(other)
    db.session.flush()
    audit.record("contest.created", actor="cli", subject=f"contest:{other.id}", contest_id=other.id)
    db.session.commit()

    subjects = [r["subject"] for r in _parse(audit_csv.build(demo))]

    assert f"contest:{other.id}" not in subjects
    assert f"contest:{demo.id}" in subjects


def test_export_audit_command(app, runner, demo, tmp_path):
    path = tmp_path / "审计日志.csv"

    result = runner.invoke(args=["export-audit", str(path)])

    assert result.exit_code == 0, result.output
    assert _parse(path.read_bytes())[-1]["action"] == "contest.demo_loaded"
