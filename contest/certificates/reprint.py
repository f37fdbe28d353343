"""Which certificates were printed with names that have changed since (需重印)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from contest.extensions import db
from contest.models import TeamAward, utcnow

SHANGHAI = ZoneInfo("Asia/Shanghai")


def mark_printed(*, printed: Iterable[tuple[int, str, str]]) -> None:
    """Record the names each certificate was printed with: (team id, company, team)."""
    now = utcnow()
    for team_id, company, team in printed:
        award = db.session.get(TeamAward, team_id)
        if award is None:  # the award was withdrawn while the batch was laid out
            continue
        if (award.printed_company, award.printed_team) != (company, team):
            award.print_version += 1
        award.printed_company, award.printed_team, award.printed_at = company, team, now
    db.session.flush()


def needs_reprint(*, award: TeamAward) -> bool:
    """Printed, and a name on it is no longer the team's name."""
    if award.printed_at is None:
        return False
    printed = (award.printed_company, award.printed_team)
    return printed != (award.team.company_name, award.team.team_name)


@dataclass(frozen=True)
class Printed:
    """What a certificate was last printed with, for the staff page."""

    company: str
    team: str
    version: int
    reprint: bool


def printed_state(*, awards: Iterable[TeamAward]) -> dict[int, Printed]:
    """Team id -> what its certificate was last printed with, for the printed ones."""
    return {
        a.team_id: Printed(
            a.printed_company or "", a.printed_team or "", a.print_version, needs_reprint(award=a)
        )
        for a in awards
        if a.printed_at is not None
    }


def version_note(*, award: TeamAward) -> str:
    """For the public verify page: which printed version is the valid one."""
    from flask_babel import gettext as _

    if award.printed_at is None:
        return ""
    if needs_reprint(award=award):
        return _(
            "名称已在证书印制后更正：以本页所列信息为准，第%(n)s版纸质证书将换发。",
            n=award.print_version,
        )
    day = award.printed_at.astimezone(SHANGHAI)
    return _(
        "当前有效版本：第%(n)s版，%(y)s年%(m)s月%(d)s日印制。",
        n=award.print_version,
        y=day.year,
        m=day.month,
        d=day.day,
    )
