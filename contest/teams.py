"""Editing a team's details; after the names are locked (定稿) every change needs a reason."""

from __future__ import annotations

from flask_babel import gettext as _

from contest import audit, feed
from contest.models import Contest, PresentationMode, StaffUser, Team, utcnow

WHITESPACE = " \t\r\n\u3000\u00a0"  # trimmed at the ends only; never touched inside


class EditRefused(Exception):
    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


def clean_name(value: str) -> str:
    return value.strip(WHITESPACE)


def edit_team(
    team: Team,
    *,
    company_name: str,
    team_name: str,
    member_count: int | None,
    mode: str,
    reason: str,
    staff: StaffUser,
) -> dict[str, list]:
    """Apply the changes; return {field: [before, after]} for what changed."""
    company, name = clean_name(company_name), clean_name(team_name)
    if not company or not name:
        raise EditRefused(_("企业名称和班组名称不能为空"))
    if member_count is not None and member_count < 1:
        raise EditRefused(_("班组人数须为正整数"))
    try:
        new_mode = PresentationMode(mode)
    except ValueError:
        raise EditRefused(_("未知的发表形式")) from None
    changes = {
        field: [before, after]
        for field, before, after in (
            ("company_name", team.company_name, company),
            ("team_name", team.team_name, name),
            ("member_count", team.member_count, member_count),
            ("mode", team.mode.value, new_mode.value),
        )
        if before != after
    }
    if not changes:
        return {}
    locked = team.contest.names_locked_at is not None
    names_changed = bool({"company_name", "team_name"} & changes.keys())
    if locked and names_changed and not reason.strip():
        raise EditRefused(_("名称已定稿，修改必须填写原因"))
    team.company_name, team.team_name, team.member_count, team.mode = (
        company,
        name,
        member_count,
        new_mode,
    )
    audit.record(
        "team.edited",
        actor=f"staff:{staff.id}",
        subject=f"team:{team.id}",
        data={"changes": changes, "reason": reason.strip(), "names_locked": locked},
        contest_id=team.contest_id,
    )
    feed.bump(team.venue_id)
    return changes


def set_names_locked(contest: Contest, locked: bool, staff: StaffUser) -> None:
    contest.names_locked_at = utcnow() if locked else None
    audit.record(
        "contest.names_locked" if locked else "contest.names_unlocked",
        actor=f"staff:{staff.id}",
        subject=f"contest:{contest.id}",
        contest_id=contest.id,
    )
