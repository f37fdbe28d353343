"""Open a venue's signing, sign a judge's sheet, lock the phone, supersede on a change."""

from __future__ import annotations

import sqlalchemy as sa
from flask_babel import gettext as _

from contest import audit
from contest.extensions import db
from contest.models import Judge, Team, TeamStatus, Venue
from contest.settings import merged
from contest.signatures import store
from contest.signatures.models import Signature
from contest.signing.models import SigningWindow
from contest.signing.sheet import PURPOSE, State, status, subject

WHEN = ("venue_end", "manual")
# A team that will not present any more counts as done for the venue's end.
_GONE = (TeamStatus.ABSENT, TeamStatus.WITHDRAWN, TeamStatus.DISQUALIFIED)


class SigningRefused(Exception):
    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


def setting(contest) -> dict:
    section = merged(contest.settings).get("signing") or {}
    when = section.get("when") if section.get("when") in WHEN else "venue_end"
    return {"enabled": bool(section.get("enabled")), "when": when}


def venue_ended(venue: Venue) -> bool:
    """Every team of the venue revealed, or out of the running order; at least one revealed."""
    teams = db.session.scalars(sa.select(Team).where(Team.venue_id == venue.id)).all()
    revealed = [t for t in teams if t.revealed_at is not None]
    return bool(revealed) and all(t.revealed_at is not None or t.status in _GONE for t in teams)


def window(venue: Venue) -> SigningWindow | None:
    return db.session.scalar(sa.select(SigningWindow).where(SigningWindow.venue_id == venue.id))


def is_open(venue: Venue) -> bool:
    """Whether the venue's judges are asked to sign now."""
    rules = setting(venue.contest)
    if not rules["enabled"]:
        return False
    if window(venue) is not None:
        return True
    return rules["when"] == "venue_end" and venue_ended(venue)


def open_window(venue: Venue, *, actor: str) -> SigningWindow:
    """Staff ask the venue's judges to sign now (「请评委签名」)."""
    if not setting(venue.contest)["enabled"]:
        raise SigningRefused(_("本场比赛未启用评委签名，请先在「比赛设置 → 评委签名」中启用"))
    from contest.models import StageState

    stage = db.session.get(StageState, venue.id)
    if stage is not None and stage.scoring_open:
        raise SigningRefused(_("%(venue)s正在评分，请在评分结束后再请评委签名", venue=venue.name))
    existing = window(venue)
    if existing is not None:
        return existing
    row = SigningWindow(contest_id=venue.contest_id, venue_id=venue.id, opened_by=actor[:40])
    db.session.add(row)
    db.session.flush()
    from contest.live import feed

    feed.bump(venue.id)  # the judges' phones see a new version, refresh and turn to signing
    audit.record(
        "signing.opened",
        actor=actor,
        subject=f"venue:{venue.id}",
        contest_id=venue.contest_id,
        data={"venue": venue.name},
    )
    return row


def due(judge: Judge) -> bool:
    """Whether the judge's phone shows the signing page instead of the score sheet."""
    return judge.venue is not None and is_open(judge.venue)


def sign(judge: Judge, *, sheet_hash: str, data_url: str | None) -> Signature:
    """The judge signs the sheet they were shown (its hash); refused if it changed since."""
    if judge.venue is None or not is_open(judge.venue):
        raise SigningRefused(_("现在还不需要签名，请等待会务组通知"))
    now = status(judge)
    if now.state is State.SIGNED:
        raise SigningRefused(_("您已签名，无需重复签名"))
    if sheet_hash != now.sheet_hash:
        raise SigningRefused(_("评分表内容已更新，请核对后重新签名"))
    if not now.sheet["teams"]:
        raise SigningRefused(_("您今天还没有评分记录，无需签名"))
    return store.record(
        contest_id=judge.contest_id,
        signer_kind="judge",
        signer_id=judge.id,
        signer_name=judge.name,
        purpose=PURPOSE,
        subject=subject(judge),
        payload=now.sheet,
        data_url=data_url,
        actor=f"judge:{judge.id}",
    )


def locked(judge: Judge) -> bool:
    """A judge who signed their sheet scores no more on the phone in that venue."""
    return bool(store.current(judge.contest_id, PURPOSE, subject(judge), "judge", judge.id))


def after_change(judge: Judge, *, actor: str, reason: str) -> None:
    """A staff change to a signed sheet: the signature is superseded and a new one needed."""
    signed = store.current(judge.contest_id, PURPOSE, subject(judge), "judge", judge.id)
    if signed and status(judge).state is State.CHANGED:
        store.supersede(
            judge.contest_id,
            PURPOSE,
            subject(judge),
            reason=_("评分更正后须重新签名：%(reason)s", reason=reason)[:200],
            actor=actor,
        )
