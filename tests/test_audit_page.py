"""Staff find a judge's receipt code in the audit log."""

from __future__ import annotations

from tests.conftest import sign_in
from tests.factories import team_at
from tests.judge_helpers import judge_client, open_team, post_json


def test_receipt_code_is_found_in_the_audit_log(app, client, staff, demo):
    team = open_team(demo, 1)
    phone = judge_client(app, 2)
    body = {
        "team_id": team.id,
        "marks": {str(i.id): "10" for i in demo.items},
        "total": "60",
        "idempotency_key": "z" * 32,
    }
    receipt = post_json(phone, "/api/judge/scores", body).get_json()["submission"]["receipt"]
    sign_in(client, "admin")
    page = client.get(f"/admin/contests/{demo.id}/audit?q={receipt}").get_data(as_text=True)
    assert page.count('data-action="score.submitted"') == 1
    assert f"<span><b>回执码</b>：{receipt}</span>" in page
    assert f'<td class="subject" title="team:{team.id}">{team.display_name}</td>' in page


def test_audit_log_is_for_admins_only(client, staff, demo):
    sign_in(client, "host1")
    assert client.get(f"/admin/contests/{demo.id}/audit").status_code == 403


def test_audit_search_finds_chinese_text_inside_data(client, staff, demo):
    from contest.day import running_order
    from contest.extensions import db

    running_order.draw_lots(demo.venues[0], "种子", witnesses="公证员 王芳", actor="staff:1")
    db.session.commit()
    sign_in(client, "admin")
    page = client.get(f"/admin/contests/{demo.id}/audit?q=王芳").get_data(as_text=True)
    assert page.count('data-action="stage.order_drawn"') == 1


def test_audit_search_finds_a_team_by_its_name(app, client, staff, demo):
    team, other = open_team(demo, 1), team_at(demo, 2)
    phone = judge_client(app, 2)
    body = {
        "team_id": team.id,
        "marks": {str(i.id): "10" for i in demo.items},
        "total": "60",
        "idempotency_key": "y" * 32,
    }
    assert post_json(phone, "/api/judge/scores", body).status_code == 201
    sign_in(client, "admin")
    page = client.get(f"/admin/contests/{demo.id}/audit?q={team.team_name}").get_data(as_text=True)
    assert page.count('data-action="score.submitted"') == 1
    assert f'<td class="subject" title="team:{team.id}">{team.display_name}</td>' in page
    # Another team's name finds none of this team's entries.
    page = client.get(f"/admin/contests/{demo.id}/audit?q={other.team_name}").get_data(as_text=True)
    assert 'data-action="score.submitted"' not in page
