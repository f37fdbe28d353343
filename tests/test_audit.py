"""The audit log is a hash chain: any edit to a past entry is detected."""

from __future__ import annotations

import sqlalchemy as sa

from contest import audit
from contest.extensions import db
from contest.models import AuditEntry


def test_chain_links_each_entry_to_the_last(app):
    first = audit.record("contest.created", actor="system", subject="contest:1", data={"a": 1})
    second = audit.record("team.renamed", actor="staff:1", subject="team:2", data={"to": "一班"})
    db.session.commit()
    assert first.prev_hash == audit.GENESIS
    assert second.prev_hash == first.hash
    assert audit.verify_chain().ok


def test_tampering_is_detected(app, runner):
    for n in range(3):
        audit.record("score.submitted", actor=f"judge:{n}", subject="team:1", data={"total": "90"})
    db.session.commit()
    db.session.execute(sa.update(AuditEntry).where(AuditEntry.id == 2).values(data={"total": "99"}))
    db.session.commit()

    report = audit.verify_chain()
    result = runner.invoke(args=["verify-audit"])

    assert (report.ok, report.first_bad_id) == (False, 2)
    assert result.exit_code == 1
    assert "第 2 条记录" in result.output


def test_verify_audit_command_reports_an_intact_chain(app, runner, demo):
    result = runner.invoke(args=["verify-audit"])
    assert result.exit_code == 0
    assert "审计日志完整：共 2 条" in result.output
