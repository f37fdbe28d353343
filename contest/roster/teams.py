"""Editing a team's details; after the names are locked (定稿) every change needs a reason."""

from __future__ import annotations

import sqlalchemy as sa
from flask_babel import gettext as _

from contest import audit
from contest.extensions import db
from contest.live import feed
from contest.models import Contest, PresentationMode, RecommendingUnit, StaffUser, Team, utcnow

WHITESPACE = " \t\r\n\u3000\u00a0"  # trimmed at the ends only; never touched inside
NAME_LIMIT = 200  # characters, as the columns of 企业名称, 班组名称 and 推荐单位


class EditRefused(Exception):
    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


def clean_name(value: str) -> str:
    return value.strip(WHITESPACE)


def checked_names(team: Team | None, contest_id: int, company_name: str, team_name: str):
    """The names trimmed, or EditRefused: empty, too long, or already used in the contest."""
    company, name = clean_name(company_name), clean_name(team_name)
    if not company or not name:
        raise EditRefused(_("企业名称和班组名称不能为空"))
    if len(company) > NAME_LIMIT or len(name) > NAME_LIMIT:
        raise EditRefused(_("企业名称和班组名称各不能超过 %(n)s 个字", n=NAME_LIMIT))
    same = sa.select(Team.id).where(
        Team.contest_id == contest_id, Team.company_name == company, Team.team_name == name
    )
    if team is not None:
        same = same.where(Team.id != team.id)
    if db.session.scalar(same) is not None:
        raise EditRefused(
            _(
                "本比赛已有「%(company)s %(team)s」，同一企业的班组名称不能重复；"
                "如确为另一班组，请核对班组全称",
                company=company,
                team=name,
            )
        )
    return company, name


def unit_named(contest: Contest, name: str) -> tuple[RecommendingUnit | None, bool]:
    """The contest's 推荐单位 of this name (None when blank), and whether it was created now."""
    name = clean_name(name)
    if not name:
        return None, False
    if len(name) > NAME_LIMIT:
        raise EditRefused(_("推荐单位名称不能超过 %(n)s 个字", n=NAME_LIMIT))
    unit = db.session.scalar(
        sa.select(RecommendingUnit).where(
            RecommendingUnit.contest_id == contest.id, RecommendingUnit.name == name
        )
    )
    if unit is not None:
        return unit, False
    unit = RecommendingUnit(contest=contest, name=name)
    db.session.add(unit)
    return unit, True


def edit_team(
    team: Team,
    *,
    company_name: str,
    team_name: str,
    member_count: int | None,
    mode: str,
    reason: str,
    staff: StaffUser,
    unit_name: str | None = None,
) -> dict[str, list]:
    """Apply the changes; return {field: [before, after]} for what changed.

    `unit_name` None leaves the 推荐单位 as it is; "" clears it.
    """
    company, name = checked_names(team, team.contest_id, company_name, team_name)
    if member_count is not None and member_count < 1:
        raise EditRefused(_("班组人数须为正整数"))
    try:
        new_mode = PresentationMode(mode)
    except ValueError:
        raise EditRefused(_("未知的发表形式")) from None
    old_unit = team.unit.name if team.unit else ""
    new_unit = old_unit if unit_name is None else clean_name(unit_name)
    changes = {
        field: [before, after]
        for field, before, after in (
            ("company_name", team.company_name, company),
            ("team_name", team.team_name, name),
            ("member_count", team.member_count, member_count),
            ("mode", team.mode.value, new_mode.value),
            ("unit", old_unit, new_unit),
        )
        if before != after
    }
    if not changes:
        return {}
    locked = team.contest.names_locked_at is not None
    names_changed = bool({"company_name", "team_name"} & changes.keys())
    if locked and names_changed and not reason.strip():
        raise EditRefused(_("名称已定稿，修改必须填写原因"))
    data = {"changes": changes, "reason": reason.strip(), "names_locked": locked}
    if "unit" in changes:
        team.unit, created = unit_named(team.contest, new_unit)
        if created:
            data["unit_created"] = True
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
        data=data,
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
