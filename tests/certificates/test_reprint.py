"""A name changed after printing flags the certificate 需重印; verify says which version holds."""

from __future__ import annotations

import html
from datetime import datetime
from zoneinfo import ZoneInfo

from contest.extensions import db
from contest.models import TeamAward
from tests.certificates import give_awards, need_pdf_tools, publish, rename
from tests.conftest import sign_in


def _print(client, demo, team) -> None:
    response = client.get(f"/admin/contests/{demo.id}/certificates/teams/{team.id}.pdf")
    assert response.status_code == 200


def _row(client, demo, team) -> str:
    page = html.unescape(
        client.get(f"/admin/contests/{demo.id}/certificates").get_data(as_text=True)
    )
    start = page.index(f"/certificates/teams/{team.id}.pdf") - 1500
    return page[start : page.index(f"/certificates/teams/{team.id}.pdf")]


def test_renamed_after_printing_needs_a_reprint_and_verify_says_so(client, staff, demo):
    need_pdf_tools()
    [team] = give_awards(demo, 1, first=1)
    publish(demo)
    old_name = team.team_name
    sign_in(client, "admin")
    assert "未印制" in _row(client, demo, team)

    _print(client, demo, team)
    db.session.rollback()
    award = db.session.get(TeamAward, team.id)
    assert (award.printed_company, award.printed_team, award.print_version) == (
        team.company_name,
        old_name,
        1,
    )
    assert "已印第1版" in _row(client, demo, team)
    number = award.certificate_no

    rename(team, team.company_name, "检修一班")
    row = _row(client, demo, team)
    assert "需重印" in row
    assert f"印制时：{team.company_name} {old_name}" in row
    page = client.get(f"/verify/{number}").get_data(as_text=True)
    assert "名称已在证书印制后更正：以本页所列信息为准，第1版纸质证书将换发。" in page
    assert '<td class="name">检修一班</td>' in page

    _print(client, demo, team)
    _print(client, demo, team)  # the same names again: still the second version
    db.session.rollback()
    award = db.session.get(TeamAward, team.id)
    assert (award.printed_team, award.print_version) == ("检修一班", 2)
    assert "需重印" not in _row(client, demo, team)
    today = datetime.now(ZoneInfo("Asia/Shanghai"))
    page = client.get(f"/verify/{number}").get_data(as_text=True)
    assert f"当前有效版本：第2版，{today.year}年{today.month}月{today.day}日印制。" in page
