"""Every audit action written anywhere has a Chinese label; the page reads in names and words."""

from __future__ import annotations

import ast
from pathlib import Path

import sqlalchemy as sa

from contest import audit
from contest.audit.labels import ACTIONS
from contest.extensions import db
from contest.models import Judge, StaffRole, Team
from tests.conftest import PASSWORDS, sign_in

SOURCE = Path(__file__).resolve().parent.parent / "contest"


def _literals(node: ast.AST) -> set[str]:
    return {
        n.value for n in ast.walk(node) if isinstance(n, ast.Constant) and isinstance(n.value, str)
    }


def _tuple_named(tree: ast.AST, name: str) -> tuple[str, ...]:
    for node in ast.walk(tree):
        if isinstance(node, ast.Assign) and any(getattr(t, "id", "") == name for t in node.targets):
            return tuple(sorted(_literals(node.value)))
    raise AssertionError(f"{name} not found")


def written_actions() -> set[str]:
    """Every action name the code can write, read from the source (f-strings expanded)."""
    found: set[str] = set()
    stage_tree = ast.parse((SOURCE / "day" / "stage.py").read_text())
    imports_tree = ast.parse((SOURCE / "imports" / "__init__.py").read_text())
    expand = {
        "stage.timer_{}": _tuple_named(stage_tree, "TIMER_ACTIONS"),
        "import.{}": _tuple_named(imports_tree, "KINDS"),
    }
    for path in SOURCE.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text())):
            if not isinstance(node, ast.Call):
                continue
            name = getattr(node.func, "attr", None) or getattr(node.func, "id", "")
            if name in ("record", "_audit", "_record") and node.args:
                action = node.args[1] if name == "_audit" else node.args[0]
                found |= {t for t in _literals(action) if "." in t and " " not in t}
            elif name == "touch" and len(node.args) >= 3:
                verb = node.args[2]
                if isinstance(verb, ast.JoinedStr):  # f"timer_{do}"
                    found |= {"stage.timer_" + d for d in expand["stage.timer_{}"]}
                found |= {f"stage.{t}" for t in _literals(verb) if t != "timer_"}
    found |= {"import." + k for k in expand["import.{}"]}
    return {
        a for a in found if a == a.lower() and all(part.isidentifier() for part in a.split(".", 1))
    }


def test_written_actions_are_found_in_the_source():
    actions = written_actions()
    # The scan itself must see the many ways actions are written, or it proves nothing.
    for expected in (
        "certificate.printed",
        "stage.timer_reset",
        "stage.order_drawn",
        "import.scores",
        "results.published",
        "venue.deleted",
        "score.corrected",
        "contest.names_unlocked",
    ):
        assert expected in actions
    assert len(actions) >= 74


def test_every_written_action_has_a_chinese_label():
    missing = sorted(written_actions() - set(ACTIONS))
    assert missing == []


def test_audit_page_names_people_and_reads_in_chinese_for_a_supervisor(app, client, staff, demo):
    from contest.setup.accounts import create_account

    admin = staff["admin"]
    judge = db.session.scalar(
        sa.select(Judge).where(Judge.contest_id == demo.id, Judge.number == 3)
    )
    team = db.session.scalar(
        sa.select(Team).where(Team.contest_id == demo.id, Team.order_position == 2)
    )
    audit.record(
        "recusal.added",
        actor=f"staff:{admin.id}",
        subject=f"team:{team.id}",
        data={"judge": judge.id, "kind": "manual", "reason": "曾任该企业顾问", "note": None},
        contest_id=demo.id,
    )
    db.session.commit()
    create_account(
        username="jiandu",
        display_name="纪检 李明",
        role=StaffRole.SUPERVISOR,
        password="jiandu-pass-1",
        venues=[],
        actor="cli",
    )
    db.session.commit()
    PASSWORDS["jiandu"] = "jiandu-pass-1"
    try:
        sign_in(client, "jiandu")
    finally:
        del PASSWORDS["jiandu"]

    page = client.get(f"/admin/contests/{demo.id}/audit?q=曾任").get_data(as_text=True)

    assert '<td class="actor" title="staff:' in page
    assert ">秘书处管理员（admin）</td>" in page
    assert ">新增回避</td>" in page
    assert f">{team.company_name} {team.team_name}</td>" in page
    assert f"<span><b>评委</b>：评委3 {judge.name}</span>" in page
    assert "<span><b>类型</b>：手动</span>" in page
    assert "<b>note</b>" not in page  # a detail left empty is not shown
    assert "None" not in page
    assert "{'" not in page
