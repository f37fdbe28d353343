"""Certificates of a season's contests wait for the season's publication.

A contest linked to no season keeps the contest's own rule (contest.results_published_at).
"""

from __future__ import annotations

import sqlalchemy as sa
from flask_babel import gettext as _

from contest.extensions import db
from contest.publicity.models import Notice, SeasonContest


def held(contest_id: int) -> bool:
    """Whether the contest belongs to a season whose results are not yet published."""
    season_id = db.session.scalar(
        sa.select(SeasonContest.season_id).where(SeasonContest.contest_id == contest_id)
    )
    if season_id is None:
        return False
    published = db.session.scalar(
        sa.select(Notice.published_at).where(Notice.season_id == season_id)
    )
    return published is None


def refusal(contest_id: int) -> str | None:
    """The message staff see when printing is refused, or None when they may print."""
    if not held(contest_id):
        return None
    return _(
        "本比赛属于年度评选，评选结果须经公示并正式发布后方可打印证书；"
        "请在“公示与发布”中完成公示、异议处理和结果发布后再打印"
    )


def linked(contest_id: int) -> bool:
    return (
        db.session.scalar(sa.select(SeasonContest.id).where(SeasonContest.contest_id == contest_id))
        is not None
    )


def number_held(number: str) -> bool:
    """Whether a certificate number exists and waits for its season's publication."""
    from contest.models import Team, TeamAward

    contest_id = db.session.scalar(
        sa.select(Team.contest_id)
        .join(TeamAward, TeamAward.team_id == Team.id)
        .where(TeamAward.certificate_no == number)
    )
    return contest_id is not None and held(contest_id)
