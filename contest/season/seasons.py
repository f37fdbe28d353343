"""Opening a season: its year, name, and the deadline staff set in Beijing time."""

from __future__ import annotations

from datetime import datetime

import sqlalchemy as sa
from flask_babel import gettext as _

from contest import audit
from contest.extensions import db
from contest.season.accounts import SeasonRefused
from contest.season.current import BEIJING, beijing
from contest.season.models import Season


def parse_beijing(text: str, *, what: str) -> datetime:
    """「2026-07-25T22:00」 (as a datetime-local field sends it) in Beijing time."""
    try:
        moment = datetime.fromisoformat(text.strip())
    except ValueError:
        raise SeasonRefused(_("请填写%(what)s（年-月-日 时:分）", what=what)) from None
    if moment.tzinfo is not None:
        raise SeasonRefused(_("请填写%(what)s（年-月-日 时:分）", what=what))
    return moment.replace(tzinfo=BEIJING)


def save_season(
    *, season: Season | None, year: str, name: str, opens: str, closes: str, actor: str
) -> Season:
    """Create the season, or change its name and times; audited with the times in words."""
    if not year.strip().isdigit() or not 2000 <= int(year) <= 2100:
        raise SeasonRefused(_("请填写年度，例如 2026"))
    clean = name.strip()
    if not clean or len(clean) > 200:
        raise SeasonRefused(_("请填写申报活动名称（不超过 200 个字）"))
    opens_at = parse_beijing(opens, what=_("开始时间"))
    closes_at = parse_beijing(closes, what=_("截止时间"))
    if closes_at <= opens_at:
        raise SeasonRefused(_("截止时间应晚于开始时间；请核对"))
    if season is None:
        taken = db.session.scalar(sa.select(Season.id).where(Season.year == int(year)))
        if taken is not None:
            raise SeasonRefused(_("%(year)s 年度的申报已经建立", year=year))
        season = Season(year=int(year))
        db.session.add(season)
    season.name, season.opens_at, season.closes_at = clean, opens_at, closes_at
    db.session.flush()
    audit.record(
        "season.saved",
        actor=actor,
        subject=f"season:{season.id}",
        data={
            "year": season.year,
            "name": clean,
            "opens": beijing(opens_at),
            "closes": beijing(closes_at),
        },
    )
    return season
