"""Load the demo contest: one venue, 20 teams, 9 judges, the default score sheet."""

from __future__ import annotations

import json
import secrets
from pathlib import Path

import sqlalchemy as sa

from contest import audit, demo_data
from contest.extensions import db
from contest.models import (
    Contest,
    Judge,
    PresentationMode,
    RecommendingUnit,
    StaffRole,
    StaffUser,
    StageState,
    Team,
    Venue,
)
from contest.roster.keys import new_access_key, new_fallback_code
from contest.roster.recusals import sync_automatic
from contest.settings import DEFAULT_SCORE_SHEET, DEFAULT_SETTINGS

ACTOR = "system:demo"


def is_empty() -> bool:
    """No contest, and none ever deleted: a deleted demo stays deleted on the next `make run`."""
    from contest.models import AuditEntry

    contests = db.session.scalar(sa.select(sa.func.count()).select_from(Contest))
    deleted = db.session.scalar(
        sa.select(sa.func.count())
        .select_from(AuditEntry)
        .where(AuditEntry.action == "contest.deleted")
    )
    return contests == 0 and deleted == 0


def load_demo(credentials_file: Path | None = None) -> Contest:
    """Create the demo contest and its staff accounts; commit; return the contest."""
    from contest.setup.contests import add_score_items, new_contest_id

    contest = Contest(
        id=new_contest_id(),
        name=demo_data.CONTEST_NAME,
        year=2026,
        settings=DEFAULT_SETTINGS,
        is_demo=True,
    )
    venue = Venue(contest=contest, name=demo_data.VENUE_NAME, position=1)
    db.session.add_all([contest, venue, StageState(venue=venue)])
    add_score_items(contest, DEFAULT_SCORE_SHEET)
    units: dict[str, RecommendingUnit] = {}
    for position, (unit, company, team, members, mode) in enumerate(demo_data.TEAMS, 1):
        if unit not in units:
            units[unit] = RecommendingUnit(contest=contest, name=unit)
            db.session.add(units[unit])
        db.session.add(
            Team(
                contest=contest,
                venue=venue,
                unit=units[unit],
                company_name=company,
                team_name=team,
                member_count=members,
                serial=position,
                order_position=position,
                mode=PresentationMode(mode),
            )
        )
    for number, (name, employer, cert, phone, chair) in enumerate(demo_data.JUDGES, 1):
        db.session.add(
            Judge(
                contest=contest,
                venue=venue,
                number=number,
                name=name,
                employer=employer,
                certificate_no=cert,
                phone=phone,
                is_chair=chair,
                access_key=new_access_key(),
                fallback_code=new_fallback_code(),
            )
        )
    db.session.flush()
    passwords = _create_staff(venue)
    sync_automatic(contest, actor=ACTOR)
    audit.record(
        "contest.demo_loaded",
        actor=ACTOR,
        subject=f"contest:{contest.id}",
        data={"teams": len(demo_data.TEAMS), "judges": len(demo_data.JUDGES)},
        contest_id=contest.id,
    )
    db.session.commit()
    if credentials_file is not None:
        _write_credentials(credentials_file, passwords)
    return contest


def _create_staff(venue: Venue) -> dict[str, str]:
    passwords = {}
    for username, display, role in (
        ("admin", "秘书处管理员", StaffRole.ADMIN),
        ("host1", "第一分会场主持人", StaffRole.HOST),
    ):
        if db.session.scalar(sa.select(StaffUser).where(StaffUser.username == username)):
            continue
        user = StaffUser(username=username, display_name=display, role=role)
        passwords[username] = secrets.token_urlsafe(9)
        user.set_password(passwords[username])
        if role is StaffRole.HOST:
            user.venues.append(venue)
        db.session.add(user)
    return passwords


def _write_credentials(path: Path, passwords: dict[str, str]) -> None:
    # Demo passwords are random; keep them beside the database so `flask links` can show them.
    path.parent.mkdir(parents=True, exist_ok=True)
    existing = json.loads(path.read_text()) if path.exists() else {}
    existing.update(passwords)
    path.write_text(json.dumps(existing, ensure_ascii=False, indent=2))
    path.chmod(0o600)
