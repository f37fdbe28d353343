"""系统问题报告: an applicant says what went wrong, before the deadline; the server's time is
the evidence staff weigh when asked for an extension."""

from __future__ import annotations

import sqlalchemy as sa
from flask_babel import gettext as _

from contest import audit
from contest.extensions import db
from contest.models.types import utcnow
from contest.season.accounts import SeasonRefused
from contest.season.models import Applicant, ProblemReport, Season

MAX_TEXT = 2000
PER_PERSON = 20  # reports one person may file in a season: a flood is bounded


def file(*, season: Season, person: Applicant, text: str) -> ProblemReport:
    clean = text.strip()
    if not clean:
        raise SeasonRefused(_("请描述遇到的问题：在哪一步、看到什么提示、什么时间"))
    if len(clean) > MAX_TEXT:
        raise SeasonRefused(_("问题描述不能超过 %(n)s 字", n=MAX_TEXT))
    now = utcnow()
    if not season.opens_at <= now < season.closes_at:
        raise SeasonRefused(_("系统问题报告只能在申报开放期间提交；截止后请直接联系秘书处"))
    filed = db.session.scalar(
        sa.select(sa.func.count())
        .select_from(ProblemReport)
        .where(ProblemReport.season_id == season.id, ProblemReport.applicant_id == person.id)
    )
    if filed >= PER_PERSON:
        raise SeasonRefused(
            _("您已提交 %(n)s 份问题报告；如问题仍未解决，请直接联系秘书处", n=filed)
        )
    report = ProblemReport(season_id=season.id, applicant_id=person.id, text=clean, filed_at=now)
    db.session.add(report)
    db.session.flush()
    audit.record(
        "season.problem_reported",
        actor=f"applicant:{person.id}",
        subject=f"problem:{report.id}",
        data={"text": clean},
    )
    return report


def reports(season: Season) -> list[ProblemReport]:
    return list(
        db.session.scalars(
            sa.select(ProblemReport)
            .where(ProblemReport.season_id == season.id)
            .order_by(ProblemReport.id)
        )
    )
