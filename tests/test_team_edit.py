"""Names are edited exactly; after 定稿 a name change needs a reason and is audited."""

from __future__ import annotations

import re

import sqlalchemy as sa

from contest.extensions import db
from contest.models import AuditEntry
from tests.conftest import sign_in
from tests.factories import team_at


def _edit(client, team, **fields):
    page = client.get(f"/admin/teams/{team.id}/edit").get_data(as_text=True)
    data = {
        "csrf_token": re.search(r'name="csrf_token" value="([^"]+)"', page).group(1),
        "company_name": team.company_name,
        "team_name": team.team_name,
        "member_count": str(team.member_count),
        "mode": team.mode.value,
        "reason": "",
    }
    data.update(fields)
    return client.post(f"/admin/teams/{team.id}/edit", data=data)


def _lock(client, demo, locked="1"):
    page = client.get(f"/admin/contests/{demo.id}").get_data(as_text=True)
    token = re.search(r'name="csrf_token" value="([^"]+)"', page).group(1)
    client.post(
        f"/admin/contests/{demo.id}/names-lock", data={"csrf_token": token, "locked": locked}
    )


def test_names_are_kept_exactly_and_trimmed_at_the_ends(client, staff, demo):
    team = team_at(demo, 1)
    sign_in(client, "admin")
    response = _edit(client, team, team_name="\u3000叶片车间 精加工（一）班(A)  ")
    assert response.status_code == 302
    db.session.refresh(team)
    assert team.team_name == "叶片车间 精加工（一）班(A)"


def test_after_lock_a_name_change_needs_a_reason(client, staff, demo):
    team = team_at(demo, 2)
    sign_in(client, "admin")
    _lock(client, demo)
    response = _edit(client, team, company_name="上海电气核电设备有限公司（临港）")
    assert response.status_code == 422
    assert "名称已定稿，修改必须填写原因" in response.get_data(as_text=True)
    db.session.refresh(team)
    assert team.company_name == "上海电气核电设备有限公司"
    response = _edit(
        client, team, company_name="上海电气核电设备有限公司（临港）", reason="以公章为准更正"
    )
    assert response.status_code == 302
    entry = db.session.scalar(sa.select(AuditEntry).where(AuditEntry.action == "team.edited"))
    assert entry.data == {
        "changes": {
            "company_name": ["上海电气核电设备有限公司", "上海电气核电设备有限公司（临港）"]
        },
        "reason": "以公章为准更正",
        "names_locked": True,
    }


def test_member_count_can_change_without_a_reason_after_lock(client, staff, demo):
    team = team_at(demo, 3)
    sign_in(client, "admin")
    _lock(client, demo)
    assert _edit(client, team, member_count="19").status_code == 302
    db.session.refresh(team)
    assert team.member_count == 19


def test_empty_names_are_refused(client, staff, demo):
    sign_in(client, "admin")
    response = _edit(client, team_at(demo, 1), team_name="   ")
    assert response.status_code == 422
    assert "企业名称和班组名称不能为空" in response.get_data(as_text=True)
