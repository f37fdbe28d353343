"""Shared steps of the team set-up tests: a new team's fields, add and edit through the forms."""

from __future__ import annotations

from tests.setup.people import post

NEW_TEAM = {
    "unit": "  上海市化工行业协会 ",
    "company_name": "\u3000上海华谊（集团）公司  吴泾化工厂 ",
    "team_name": "合成氨车间（一）班(A)",
    "member_count": "12",
    "mode": "online",
}


def add_team(client, demo, **fields):
    data = {**NEW_TEAM, "venue_id": str(demo.venues[0].id), **fields}
    return post(client, f"/admin/contests/{demo.id}/setup/teams", **data)


def edit_team(client, team, **fields):
    data = {
        "company_name": team.company_name,
        "team_name": team.team_name,
        "member_count": str(team.member_count or ""),
        "mode": team.mode.value,
        "unit": team.unit.name if team.unit else "",
        "venue_id": str(team.venue_id),
        "reason": "",
        **fields,
    }
    return post(client, f"/admin/teams/{team.id}/edit", **data)
