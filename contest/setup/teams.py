"""Teams from the staff pages: add, edit, withdraw and restore, delete, move to another venue.

The running order stays consistent: a team added to or moved into a venue goes to the end of
its order; a team leaving a venue closes the gap behind it. A public draw (抽签) is a record,
so a move after it needs a reason and says so in the audit log.
"""

from __future__ import annotations

import sqlalchemy as sa
from flask_babel import gettext as _

from contest import audit
from contest.day.running_order import MOVABLE
from contest.extensions import db
from contest.live import feed
from contest.models import (
    Contest,
    Deduction,
    Draw,
    ManualTieBreak,
    NationalSelection,
    PresentationMode,
    ScoreSubmission,
    StaffUser,
    StageState,
    Team,
    TeamAward,
    TeamStatus,
    Venue,
)
from contest.roster.teams import EditRefused, checked_names, edit_team, unit_named
from contest.setup.recusals import actor, delete_automatic, required_reason, resync


def venue_of(contest: Contest, venue_id: int | None) -> Venue:
    """The contest's venue with this id, or EditRefused."""
    venue = db.session.get(Venue, venue_id) if venue_id else None
    if venue is None or venue.contest_id != contest.id:
        if not contest.venues:
            raise EditRefused(_("本比赛还没有分会场，请先在「比赛设置 → 分会场」中添加"))
        raise EditRefused(_("请选择分会场"))
    return venue


def _count(value: str | int | None) -> int | None:
    if value is None or value == "":
        return None
    text = str(value).strip()
    if not text.isdigit() or int(text) < 1 or int(text) > 999:
        raise EditRefused(_("班组人数须为 1 至 999 的整数，不清楚可留空"))
    return int(text)


def _next_position(venue_id: int) -> int | None:
    """The place after the venue's last, or None while its order is not set (no places yet)."""
    unplaced = sa.select(Team.id).where(Team.venue_id == venue_id, Team.order_position.is_(None))
    if db.session.scalar(unplaced.limit(1)) is not None:
        return None  # ordered by id until a draw sets the order: a new team comes last
    found = sa.select(sa.func.max(Team.order_position)).where(Team.venue_id == venue_id)
    return (db.session.scalar(found) or 0) + 1


def _close_gap(venue_id: int) -> None:
    """Number a venue's running order 1, 2, 3 … again, keeping its order."""
    teams = db.session.scalars(
        sa.select(Team)
        .where(Team.venue_id == venue_id, Team.order_position.is_not(None))
        .order_by(Team.order_position, Team.id)
    ).all()
    for position, team in enumerate(teams, 1):
        team.order_position = position


def create_team(
    *,
    contest: Contest,
    company_name: str,
    team_name: str,
    member_count: str | int | None,
    mode: str,
    venue_id: int | None,
    unit_name: str,
    staff: StaffUser,
) -> Team:
    """Add a team at the end of its venue's running order; audited as team.created."""
    company, name = checked_names(None, contest.id, company_name, team_name)
    members = _count(member_count)
    try:
        presentation = PresentationMode(mode)
    except ValueError:
        raise EditRefused(_("请选择发表形式（现场或线上）")) from None
    venue = venue_of(contest, venue_id)
    unit, unit_created = unit_named(contest, unit_name)
    team = Team(
        contest=contest,
        venue=venue,
        unit=unit,
        company_name=company,
        team_name=name,
        member_count=members,
        mode=presentation,
        order_position=_next_position(venue.id),
    )
    db.session.add(team)
    db.session.flush()
    audit.record(
        "team.created",
        actor=actor(staff),
        subject=f"team:{team.id}",
        data={
            "company_name": company,
            "team_name": name,
            "member_count": members,
            "mode": presentation.value,
            "venue_id": venue.id,
            "unit": unit.name if unit else "",
            "unit_created": unit_created,
            "order_position": team.order_position,
        },
        contest_id=contest.id,
    )
    resync(contest, actor=actor(staff))
    feed.bump(venue.id)
    return team


def teams_of_company(team: Team) -> int:
    """How many teams of this team's enterprise the contest has (the notice allows two)."""
    found = sa.select(sa.func.count(Team.id)).where(
        Team.contest_id == team.contest_id, Team.company_name == team.company_name
    )
    return db.session.scalar(found) or 0


def update_team(
    *,
    team: Team,
    company_name: str,
    team_name: str,
    member_count: str | int | None,
    mode: str,
    unit_name: str | None,
    venue_id: int | None,
    reason: str,
    staff: StaffUser,
) -> dict[str, list]:
    """Edit a team (names-lock rule kept) and move it when the venue changed; {field: [a, b]}."""
    changes = edit_team(
        team,
        company_name=company_name,
        team_name=team_name,
        member_count=_count(member_count),
        mode=mode,
        reason=reason,
        staff=staff,
        unit_name=unit_name,
    )
    if venue_id is not None and venue_id != team.venue_id:
        before = team.venue_id
        move_team(team=team, venue_id=venue_id, reason=reason, staff=staff)
        changes["venue_id"] = [before, team.venue_id]
    elif {"company_name", "unit"} & changes.keys():
        resync(team.contest, actor=actor(staff))
    return changes


def _on_stage(team: Team) -> bool:
    found = sa.select(StageState.venue_id).where(StageState.team_id == team.id)
    return db.session.scalar(found) is not None


def _scored(team: Team) -> bool:
    found = sa.select(ScoreSubmission.id).where(ScoreSubmission.team_id == team.id).limit(1)
    return (
        team.scoring_closed_at is not None
        or team.status not in MOVABLE
        or db.session.scalar(found) is not None
    )


def _in_draw(team: Team) -> bool:
    """Whether a stored draw placed this team (in any venue: it may have moved since)."""
    orders = db.session.scalars(
        sa.select(Draw.order).join(Venue).where(Venue.contest_id == team.contest_id)
    )
    return any(team.id in order for order in orders)


def _venue_drawn(venue_id: int) -> bool:
    found = sa.select(Draw.id).where(Draw.venue_id == venue_id).limit(1)
    return db.session.scalar(found) is not None


def move_blocker(team: Team) -> str | None:
    """Why this team cannot move to another venue now, or None."""
    if _on_stage(team):
        return _("该班组正在台上，不能调整分会场")
    if _scored(team):
        return _("该班组已发表或已有评分，不能调整分会场")
    return None


def move_team(*, team: Team, venue_id: int, reason: str, staff: StaffUser) -> None:
    """Move a team not yet scored to the end of another venue's order; audited as team.moved."""
    target = venue_of(team.contest, venue_id)
    if target.id == team.venue_id:
        raise EditRefused(_("该班组已在%(venue)s", venue=target.name))
    blocker = move_blocker(team)
    if blocker:
        raise EditRefused(blocker)
    after_draw = _in_draw(team) or _venue_drawn(target.id)
    if after_draw and not reason.strip():
        raise EditRefused(
            _("已公开抽签，调整分会场必须填写原因；该班组将排在新分会场出场顺序的最后")
        )
    source = team.venue_id
    before = team.order_position
    position = _next_position(target.id)  # before the move: the query flushes it
    team.venue, team.order_position = target, position
    db.session.flush()
    if source is not None:
        _close_gap(source)
    audit.record(
        "team.moved",
        actor=actor(staff),
        subject=f"team:{team.id}",
        data={
            "from_venue": source,
            "to_venue": target.id,
            "order_position": [before, team.order_position],
            "after_draw": after_draw,
            "reason": reason.strip(),
        },
        contest_id=team.contest_id,
    )
    resync(team.contest, actor=actor(staff))
    feed.bump(source)
    feed.bump(target.id)


def withdraw_team(*, team: Team, reason: str, staff: StaffUser) -> None:
    """Mark a team that has not presented as withdrawn (退赛), with the reason."""
    reason = required_reason(reason, what=_("退赛"))
    if team.status is TeamStatus.WITHDRAWN:
        raise EditRefused(_("该班组已退赛"))
    if _on_stage(team) or _scored(team):
        raise EditRefused(_("该班组已上台发表或已有评分，不能退赛"))
    previous = team.status
    team.status = TeamStatus.WITHDRAWN
    audit.record(
        "team.withdrawn",
        actor=actor(staff),
        subject=f"team:{team.id}",
        data={"reason": reason, "was": previous.value},
        contest_id=team.contest_id,
    )
    feed.bump(team.venue_id)


def restore_team(*, team: Team, staff: StaffUser) -> None:
    """Bring a withdrawn team back to waiting (待发表)."""
    if team.status is not TeamStatus.WITHDRAWN:
        raise EditRefused(_("该班组未退赛，无需恢复"))
    team.status = TeamStatus.WAITING
    audit.record(
        "team.restored",
        actor=actor(staff),
        subject=f"team:{team.id}",
        contest_id=team.contest_id,
    )
    feed.bump(team.venue_id)


def delete_blocker(team: Team) -> str | None:
    """Why this team cannot be deleted (withdraw it instead), or None."""
    if _on_stage(team) or _scored(team):
        return _("该班组已上台发表或已有评分，不能删除")
    for model in (Deduction, TeamAward, NationalSelection, ManualTieBreak):
        if db.session.scalar(sa.select(model.team_id).where(model.team_id == team.id).limit(1)):
            return _("该班组已有扣分、获奖或推荐记录，不能删除")
    if _in_draw(team):
        return _("该班组已参加公开抽签，抽签记录中有它，不能删除")
    return None


def delete_team(*, team: Team, reason: str, staff: StaffUser) -> None:
    """Delete a team entered by mistake, before it has any score, draw or manual recusal."""
    reason = required_reason(reason, what=_("删除"))
    blocker = delete_blocker(team)
    if blocker:
        raise EditRefused(blocker + _("；如该班组不再参赛，请改为「退赛」"))
    delete_automatic(team_id=team.id, actor=actor(staff))
    venue_id, contest_id = team.venue_id, team.contest_id
    audit.record(
        "team.deleted",
        actor=actor(staff),
        subject=f"team:{team.id}",
        data={
            "company_name": team.company_name,
            "team_name": team.team_name,
            "unit": team.unit.name if team.unit else "",
            "venue_id": venue_id,
            "member_count": team.member_count,
            "mode": team.mode.value,
            "reason": reason,
        },
        contest_id=contest_id,
    )
    db.session.delete(team)
    db.session.flush()
    if venue_id is not None:
        _close_gap(venue_id)
        feed.bump(venue_id)


def withdrawal_reasons(contest_id: int) -> dict[int, str]:
    """The reason given at each withdrawn team's latest withdrawal, from the audit log."""
    from contest.models import AuditEntry

    rows = db.session.scalars(
        sa.select(AuditEntry)
        .where(AuditEntry.contest_id == contest_id, AuditEntry.action == "team.withdrawn")
        .order_by(AuditEntry.id)
    )
    return {int(e.subject.split(":")[1]): str(e.data.get("reason", "")) for e in rows}
