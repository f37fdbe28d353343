"""Certificate numbers: `{prefix}-{year}-{seq:03d}` (e.g. SQA-2026-001), given once, kept.

A number, once assigned, never changes: not when the prefix setting changes, not when
more teams are awarded (they continue the sequence). Numbers are unique across every
contest in the database (the column is unique), so the sequence continues from the
highest number already issued with the same prefix and year, whichever contest holds it.
"""

from __future__ import annotations

import copy
import math

import sqlalchemy as sa
import sqlalchemy.orm as so

from contest import audit
from contest.certificates import template
from contest.extensions import db
from contest.models import AwardGrade, Contest, Team, TeamAward
from contest.ranking import standings
from contest.settings import merged


def awarded(contest: Contest) -> list[TeamAward]:
    """Every awarded team, in certificate order: grade, then rank, then running order."""
    rows = db.session.scalars(
        sa.select(TeamAward)
        .join(Team, Team.id == TeamAward.team_id)
        .join(AwardGrade, AwardGrade.id == TeamAward.grade_id)
        .where(Team.contest_id == contest.id)
        .options(so.joinedload(TeamAward.team), so.joinedload(TeamAward.grade))
    ).all()
    ranks = {result.team.id: result.standing.rank for result in standings.compute(contest)}

    def order(award: TeamAward) -> tuple[float, float, float, int]:
        team = award.team
        return (
            award.grade.position,
            ranks.get(team.id, math.inf),
            team.order_position if team.order_position is not None else math.inf,
            team.id,
        )

    return sorted(rows, key=order)


def stem(prefix: str, year: int) -> str:
    return f"{prefix}-{year}-" if prefix else f"{year}-"


def format_number(prefix: str, year: int, sequence: int) -> str:
    return f"{stem(prefix, year)}{sequence:03d}"


def last_sequence(prefix: str, year: int) -> int:
    """The highest sequence already issued under this prefix and year, in any contest."""
    start = stem(prefix, year)
    issued = db.session.scalars(
        sa.select(TeamAward.certificate_no).where(
            TeamAward.certificate_no.startswith(start, autoescape=True)
        )
    )
    tails = [number[len(start) :] for number in issued if number]
    return max((int(tail) for tail in tails if tail.isdigit()), default=0)


def assign_numbers(contest: Contest, *, actor: str) -> list[TeamAward]:
    """Number every awarded team that has no number yet; the caller commits.

    Each number is audited as `certificate.numbered`. A blank date setting is fixed at the
    contest's month (today's, when it has no date) the first time, so the printed date and
    the verification page agree.
    """
    if not _any_unnumbered(contest):  # the usual case: no need to rank the contest
        return []
    values = template.settings_of(contest)
    missing = [award for award in awarded(contest) if not award.certificate_no]
    if not missing:
        return []
    prefix = values["number_prefix"]
    sequence = last_sequence(prefix, contest.year)
    for award in missing:
        sequence += 1
        award.certificate_no = format_number(prefix, contest.year, sequence)
        audit.record(
            "certificate.numbered",
            actor=actor,
            subject=f"team:{award.team_id}",
            data={"certificate_no": award.certificate_no, "grade": award.grade.name},
            contest_id=contest.id,
        )
    if not values["date"].strip():
        _fix_date(contest, template.effective_date(values), actor=actor)
    db.session.flush()  # a clash with a concurrent writer shows here; atomic() retries
    return missing


def _any_unnumbered(contest: Contest) -> bool:
    """Whether an awarded team of the contest has no number yet (one query, no ranking)."""
    return bool(
        db.session.scalar(
            sa.select(
                sa.exists().where(
                    TeamAward.team_id == Team.id,
                    Team.contest_id == contest.id,
                    sa.or_(TeamAward.certificate_no.is_(None), TeamAward.certificate_no == ""),
                )
            )
        )
    )


def _fix_date(contest: Contest, text: str, *, actor: str) -> None:
    settings = copy.deepcopy(merged(contest.settings))
    section = dict(settings.get(template.SECTION) or {})
    section["date"] = text
    settings[template.SECTION] = section
    contest.settings = settings
    audit.record(
        "contest.settings_changed",
        actor=actor,
        subject=f"contest:{contest.id}",
        data={"certificate.date": text},
        contest_id=contest.id,
    )
