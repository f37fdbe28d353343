"""Whether an application may still change: the season open, or an extension granted for it.

After the close everything is read-only for every channel, unless staff granted that one
application a later deadline, with a reason; each extension is audited and listed in the
fairness log (延期记录), so every exception to the deadline is on the record.
"""

from __future__ import annotations

from datetime import datetime

import sqlalchemy as sa
from flask_babel import gettext as _

from contest import audit
from contest.extensions import db
from contest.models.types import utcnow
from contest.season import current
from contest.season.accounts import SeasonRefused
from contest.season.current import beijing
from contest.season.models import Application, Extension, Season

MAX_REASON = 500


def extended_until(application: Application) -> datetime | None:
    """The latest extension granted to the application, if any."""
    return db.session.scalar(
        sa.select(sa.func.max(Extension.until)).where(Extension.application_id == application.id)
    )


def is_open(application: Application, now: datetime | None = None) -> bool:
    now = now or utcnow()
    season = application.season
    if season.is_open(now):
        return True
    until = extended_until(application)
    return until is not None and season.opens_at <= now < until


def banner(application: Application | None, now: datetime | None = None) -> dict:
    """The deadline banner on an application's pages: the season's, unless the season has
    closed and this application is open by an extension (a late grant or a 形式审查 return
    window); then its own time, with the countdown to it."""
    now = now or utcnow()
    shown = current.state(application.season if application is not None else current.season(), now)
    if application is None or shown["open"] or not is_open(application, now):
        return shown
    until = extended_until(application)
    text = _(
        "在线申报已截止；本申报（%(number)s）的修改期限延至 %(at)s（北京时间）",
        number=application.number,
        at=current.beijing(until),
    )
    return {"open": True, "text": text, "seconds_left": int((until - now).total_seconds())}


def refuse_if_closed(application: Application) -> None:
    if not is_open(application):
        raise SeasonRefused(
            _("在线申报已截止，申报表和附件不能再修改或提交；如确因特殊情况需要延期，请联系秘书处")
        )


def grant(*, season: Season, number: str, until: datetime, reason: str, actor: str) -> Extension:
    """A later deadline for the application with this 申报编号; the reason is required."""
    application = db.session.scalar(
        sa.select(Application).where(
            Application.season_id == season.id, Application.number == number.strip()
        )
    )
    if application is None:
        raise SeasonRefused(_("没有申报编号为 %(n)s 的申报表；请核对编号", n=number.strip()))
    clean = reason.strip()
    if not clean or len(clean) > MAX_REASON:
        raise SeasonRefused(_("请写明延期原因（不超过 %(n)s 字），它将记入延期记录", n=MAX_REASON))
    if until <= max(utcnow(), season.closes_at):
        raise SeasonRefused(
            _("延期截止时间应晚于申报截止时间 %(at)s 和当前时间", at=beijing(season.closes_at))
        )
    extension = Extension(
        season_id=season.id,
        application=application,
        until=until,
        reason=clean,
        granted_by=actor,
        granted_at=utcnow(),
    )
    db.session.add(extension)
    db.session.flush()
    audit.record(
        "season.extension_granted",
        actor=actor,
        subject=f"application:{application.id}",
        data={"number": application.number, "until": beijing(until), "reason": clean},
    )
    return extension


def extensions(season: Season) -> list[Extension]:
    return list(
        db.session.scalars(
            sa.select(Extension).where(Extension.season_id == season.id).order_by(Extension.id)
        )
    )
