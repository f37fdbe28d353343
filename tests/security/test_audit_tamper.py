"""Tampering the audit log or the score tables behind the app's back is caught by
`flask verify-audit`: scores are recomputed from their entries, a printed head catches a
truncated or rewritten log."""

from __future__ import annotations

import io

import sqlalchemy as sa
from openpyxl import load_workbook

from contest import audit
from contest.extensions import db
from contest.models import AuditEntry, ScoreMark, ScoreSubmission
from tests.judge_helpers import judge_client, open_team, post_json


def _score(app, demo, number: int, mark: str = "10"):
    """Judge `number` scores the first team, called on stage and opened the first time."""
    from contest.models import StageState

    stage = db.session.get(StageState, demo.venues[0].id)
    team = stage.team if stage is not None and stage.scoring_open else open_team(demo, 1)
    items = list(demo.items)
    body = {
        "team_id": team.id,
        "marks": {str(i.id): mark for i in items},
        "total": str(int(mark) * len(items)),
        "idempotency_key": f"{number:032d}",
    }
    assert post_json(judge_client(app, number), "/api/judge/scores", body).status_code == 201
    return team


def _rechain() -> None:
    """Recompute every hash in order, as someone rewriting the log would."""
    prev = audit.GENESIS
    for entry in db.session.scalars(sa.select(AuditEntry).order_by(AuditEntry.id)):
        entry.prev_hash = prev
        entry.hash = audit._digest(entry)
        prev = entry.hash


def test_an_untouched_contest_verifies_with_its_head(app, runner, demo):
    _score(app, demo, 1)
    result = runner.invoke(args=["verify-audit"])
    count, last = audit.head()
    assert result.exit_code == 0, result.output
    assert result.output == (
        f"审计日志完整：共 {count} 条，末条校验码 {last[:16]}；全部评分与审计日志一致\n"
    )


def test_a_total_changed_in_the_score_table_is_caught(app, runner, demo):
    team = _score(app, demo, 2)
    db.session.execute(sa.update(ScoreSubmission).values(total="99"))
    db.session.commit()
    result = runner.invoke(args=["verify-audit"])
    assert result.exit_code == 1
    assert (
        f"评分与审计日志不符：「{team.company_name} {team.team_name}」评委2 第1次提交："
        "表中总分 99，审计日志记录为 60"
    ) in result.output


def test_a_mark_changed_with_its_total_is_caught(app, runner, demo):
    team = _score(app, demo, 3)
    first = next(iter(demo.items))
    db.session.execute(sa.update(ScoreMark).where(ScoreMark.item_id == first.id).values(value="11"))
    db.session.execute(sa.update(ScoreSubmission).values(total="61"))
    db.session.commit()
    result = runner.invoke(args=["verify-audit"])
    assert result.exit_code == 1
    assert "表中总分 61，审计日志记录为 60" in result.output
    # Only the marks changed (the total left alone): still caught.
    db.session.execute(sa.update(ScoreSubmission).values(total="60"))
    db.session.commit()
    result = runner.invoke(args=["verify-audit"])
    assert result.exit_code == 1
    assert (
        f"「{team.company_name} {team.team_name}」评委3 第1次提交：表中各项得分与审计日志记录不一致"
    ) in result.output


def test_a_score_row_with_no_entry_is_caught(app, runner, demo):
    _score(app, demo, 4)
    db.session.execute(sa.delete(AuditEntry).where(AuditEntry.action == "score.submitted"))
    # Rebuild the chain so it verifies: only the scores check can tell.
    _rechain()
    db.session.commit()
    result = runner.invoke(args=["verify-audit"])
    assert result.exit_code == 1
    assert "审计日志中没有这次提交的记录" in result.output


def test_a_truncated_log_fails_against_the_head_printed_on_a_paper(app, runner, demo):
    for number in (1, 2, 3):
        _score(app, demo, number)
    printed_count, printed = audit.head()
    db.session.execute(sa.delete(AuditEntry).where(AuditEntry.id > printed_count - 2))
    db.session.execute(sa.delete(ScoreMark))
    db.session.execute(sa.delete(ScoreSubmission))
    db.session.commit()
    assert audit.verify_chain().ok  # what was left still chains
    result = runner.invoke(args=["verify-audit", "--head", f"{printed_count}:{printed[:16]}"])
    assert result.exit_code == 1
    assert f"审计日志与纸面记录不符：纸面记录的第 {printed_count} 条" in result.output


def test_a_rewritten_log_fails_against_the_printed_head(app, runner, demo):
    _score(app, demo, 5)
    printed_count, printed = audit.head()
    entry = db.session.scalar(sa.select(AuditEntry).order_by(AuditEntry.id).limit(1))
    entry.actor = "system"  # rewrite history, then every hash after it
    _rechain()
    db.session.commit()
    assert audit.verify_chain().ok
    intact = runner.invoke(args=["verify-audit"])
    assert intact.exit_code == 0
    result = runner.invoke(args=["verify-audit", "--head", f"{printed_count}:{printed[:16]}"])
    assert result.exit_code == 1


def test_the_ranking_workbook_prints_the_head_under_the_signatures(app, demo):
    from contest.exports.ranking import build

    _score(app, demo, 6)
    count, last = audit.head()
    sheet = load_workbook(io.BytesIO(build(demo)))["总排名"]
    lines = [c.value for c in sheet["A"] if isinstance(c.value, str)]
    assert lines[-1] == (
        f"审计日志：截至导出共 {count} 条记录，末条校验码 {last[:16]}"
        f"（日后核对：flask --app contest verify-audit --head {count}:{last[:16]}）"
    )
    assert lines[-2].startswith("评委组长签字：")


def _keyed(app, runner, path) -> None:
    """Make a key with the command, and use it as the server would from its start."""
    from contest.audit.seal import load_key

    made = runner.invoke(args=["make-audit-key", str(path)])
    assert made.exit_code == 0, made.output
    assert oct(path.stat().st_mode & 0o777) == "0o600"
    app.config["CONTEST_AUDIT_KEY"] = load_key(str(path))


def test_with_a_key_a_rewritten_log_fails_at_its_first_sealed_entry(app, runner, demo, tmp_path):
    before = audit.head()[0]  # the demo's entries, written before the key was set
    _keyed(app, runner, tmp_path / "audit.key")
    _score(app, demo, 5)
    count, last = audit.head()
    intact = runner.invoke(args=["verify-audit"])
    assert intact.exit_code == 0, intact.output
    assert intact.output == (
        f"审计日志完整：共 {count} 条（其中 {count - before} 条有密钥封印，均相符），"
        f"末条校验码 {last[:16]}；全部评分与审计日志一致\n"
    )
    first_sealed = db.session.scalar(
        sa.select(AuditEntry.id).where(AuditEntry.seal.is_not(None)).order_by(AuditEntry.id)
    )
    entry = db.session.scalar(sa.select(AuditEntry).order_by(AuditEntry.id).limit(1))
    entry.actor = "system"  # rewrite history, then every hash after it: the chain holds
    _rechain()
    db.session.commit()
    result = runner.invoke(args=["verify-audit"])
    assert result.exit_code == 1
    assert result.output.startswith(
        f"审计日志校验失败：第 {first_sealed} 条记录的密钥封印不符或缺失，日志在本系统之外被改写过"
    )


def test_with_a_key_a_stripped_seal_or_another_key_fails(app, runner, demo, tmp_path):
    _keyed(app, runner, tmp_path / "audit.key")
    _score(app, demo, 6)
    last = db.session.scalar(sa.select(AuditEntry).order_by(AuditEntry.id.desc()).limit(1))
    last_id, kept = last.id, last.seal
    last.seal = None
    db.session.commit()
    result = runner.invoke(args=["verify-audit"])
    assert result.exit_code == 1
    assert f"第 {last_id} 条记录的密钥封印不符或缺失" in result.output

    db.session.execute(sa.update(AuditEntry).where(AuditEntry.id == last_id).values(seal=kept))
    db.session.commit()
    assert runner.invoke(args=["verify-audit"]).exit_code == 0
    _keyed(app, runner, tmp_path / "another.key")  # not the key the log was sealed with
    result = runner.invoke(args=["verify-audit"])
    assert result.exit_code == 1
    assert "或 CONTEST_AUDIT_KEY_FILE 不是写入时所用的密钥" in result.output


def test_the_key_command_never_replaces_a_key_and_a_missing_key_stops_the_start(
    app, runner, tmp_path
):
    import pytest

    from contest import create_app
    from contest.audit.seal import KeyUnavailable

    path = tmp_path / "audit.key"
    assert runner.invoke(args=["make-audit-key", str(path)]).exit_code == 0
    key = path.read_text()
    again = runner.invoke(args=["make-audit-key", str(path)])
    assert again.exit_code == 1
    assert f"{path} 已存在，未改动" in again.output
    assert path.read_text() == key
    config = {**app.config, "CONTEST_AUDIT_KEY_FILE": str(tmp_path / "missing.key")}
    with pytest.raises(KeyUnavailable) as stopped:
        create_app(config)
    assert f"无法读取审计日志密钥文件 {tmp_path / 'missing.key'}" in str(stopped.value)
