"""典型经验 sharing (the notice's 在线分享): the 简介及活动成果 of published teams whose team and
unit both consented on form 1-2, browsable by year, industry and district."""

from __future__ import annotations

from dataclasses import dataclass

import sqlalchemy as sa

from contest.extensions import db
from contest.season import form12
from contest.season.models import Application, Enterprise, Recommender, Season, UnitKind

CONSENTS = ("share_team", "share_unit")


def published(season: Season) -> bool:
    """Whether the season's results are published (contest/publicity: after the 公示 and every
    objection closed)."""
    from contest.publicity.notice import of

    notice = of(season.id)
    return notice is not None and notice.published_at is not None


@dataclass(frozen=True)
class Experience:
    year: int
    number: str
    company: str
    team: str
    recommender: str
    kind: UnitKind
    parts: list[tuple[str, str]]  # (the part's heading, its text)


def consented(form: dict) -> bool:
    """Both the team's and the unit's consent ticked on the submitted form."""
    return all(form.get(key) == "1" for key in CONSENTS)


def experiences(
    *, year: int | None = None, industry: str | None = None, district: str | None = None
) -> list[Experience]:
    """Published, consented experiences, newest season first, by 申报编号."""
    query = (
        sa.select(Application, Recommender, Season)
        .join(Enterprise, Enterprise.id == Application.enterprise_id)
        .join(Recommender, Recommender.id == Enterprise.recommender_id)
        .join(Season, Season.id == Application.season_id)
        .where(Application.contest_team_id.is_not(None))
        .order_by(Season.year.desc(), Application.number)
    )
    if year is not None:
        query = query.where(Season.year == year)
    if industry:
        query = query.where(Recommender.kind == UnitKind.INDUSTRY, Recommender.name == industry)
    if district:
        query = query.where(Recommender.kind == UnitKind.DISTRICT, Recommender.name == district)
    found = []
    for application, recommender, season in db.session.execute(query):
        if not application.submissions or not published(season):
            continue
        submission = application.submissions[-1]
        if not consented(submission.form):
            continue
        parts = [
            (str(part), submission.form.get(f"summary_{n}", ""))
            for n, part in enumerate(form12.SUMMARY_PARTS, 1)
        ]
        found.append(
            Experience(
                season.year,
                application.number,
                submission.company_name,
                submission.form.get("team_name", ""),
                recommender.name,
                recommender.kind,
                parts,
            )
        )
    return found


def choices() -> dict[str, list]:
    """The filters' options: published years, industry and district 推荐单位 names."""
    seasons = [s for s in db.session.scalars(sa.select(Season).order_by(Season.year.desc()))]
    shown = [s for s in seasons if published(s)]
    ids = [s.id for s in shown] or [0]
    units = db.session.scalars(
        sa.select(Recommender).where(Recommender.season_id.in_(ids)).order_by(Recommender.name)
    ).all()
    return {
        "years": [s.year for s in shown],
        "industries": sorted({u.name for u in units if u.kind is UnitKind.INDUSTRY}),
        "districts": sorted({u.name for u in units if u.kind is UnitKind.DISTRICT}),
    }
