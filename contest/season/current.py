"""The season applications are for: the latest, and its deadline in Beijing time."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

import sqlalchemy as sa
from flask_babel import gettext as _

from contest.extensions import db
from contest.models.types import utcnow
from contest.season.models import Season

BEIJING = ZoneInfo("Asia/Shanghai")


def season() -> Season | None:
    """The newest season (by year), or None before staff create one."""
    return db.session.scalar(sa.select(Season).order_by(Season.year.desc()).limit(1))


def beijing(moment: datetime) -> str:
    """「2026-07-25 22:00」 in Beijing time, as the notice writes its deadlines."""
    return moment.astimezone(BEIJING).strftime("%Y-%m-%d %H:%M")


def state(chosen: Season | None, now: datetime | None = None) -> dict:
    """What the deadline banner shows: open or not, the times, seconds left."""
    now = now or utcnow()
    if chosen is None:
        return {"open": False, "text": _("本年度申报尚未开始"), "seconds_left": None}
    if now < chosen.opens_at:
        text = _("在线申报将于 %(at)s（北京时间）开始", at=beijing(chosen.opens_at))
        return {"open": False, "text": text, "seconds_left": None}
    if now >= chosen.closes_at:
        text = _("在线申报已于 %(at)s（北京时间）截止，现仅可查看", at=beijing(chosen.closes_at))
        return {"open": False, "text": text, "seconds_left": None}
    text = _("在线申报截止时间：%(at)s（北京时间）", at=beijing(chosen.closes_at))
    left = int((chosen.closes_at - now).total_seconds())
    return {"open": True, "text": text, "seconds_left": left}
