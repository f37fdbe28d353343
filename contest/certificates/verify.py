"""Public verification of a certificate number: only what the certificate itself prints.

A number answers only once the contest's results are published: numbers are sequential,
so answering earlier would let anyone list the award winners before the public notice.
"""

from __future__ import annotations

from dataclasses import dataclass

import sqlalchemy as sa
import sqlalchemy.orm as so

from contest.certificates import template
from contest.certificates.reprint import version_note
from contest.extensions import db
from contest.links import _external
from contest.models import NationalSelection, Team, TeamAward
from contest.publicity import gate

MAX_LENGTH = 40  # the column's length


@dataclass(frozen=True)
class Verified:
    number: str
    title: str
    contest: str
    company: str
    team: str
    grade: str
    issuer: str
    date: str
    national_line: str  # blank unless the certificate prints it
    version: str = ""  # which printed version is valid, or that it is being reissued


def lookup(number: str) -> Verified | None:
    """The certificate with this exact number, or None (unknown, withdrawn, not yet public)."""
    if not number or len(number) > MAX_LENGTH:
        return None
    award = db.session.scalar(
        sa.select(TeamAward)
        .where(TeamAward.certificate_no == number)
        .options(
            so.joinedload(TeamAward.team).joinedload(Team.contest),
            so.joinedload(TeamAward.grade),
        )
    )
    if award is None:
        return None
    contest = award.team.contest
    if gate.linked(contest.id):  # a season's contest: released by the season's publication
        if gate.held(contest.id):
            return None
    elif contest.results_published_at is None:
        return None
    values = template.settings_of(contest)
    selection = db.session.get(NationalSelection, award.team_id)
    national = values["national_line"].strip() if selection and selection.selected else ""
    return Verified(
        number=award.certificate_no or "",
        title=values["title"],
        contest=contest.name,
        company=award.team.company_name,
        team=award.team.team_name,
        grade=award.grade.name,
        issuer=values["issuer"],
        date=template.effective_date(values),
        national_line=national,
        version=version_note(award=award),
    )


def verify_url(number: str) -> str:
    """The absolute address printed as the certificate's QR code."""
    return _external("public.verify", certificate_no=number)
