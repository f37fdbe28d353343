"""The appeal window, the team's link, filing and ruling. Callers commit."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

import sqlalchemy as sa
from flask import current_app
from flask_babel import gettext as _
from itsdangerous import BadSignature, URLSafeSerializer

from contest import audit
from contest.appeals.models import Appeal
from contest.extensions import db
from contest.models import StaffUser, Team, utcnow
from contest.settings import merged

OUTCOMES = {"upheld": "维持原结果", "changed": "已更正成绩"}
GROUNDS_LENGTH = 1000
RULING_LENGTH = 1000


class AppealRefused(Exception):
    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


def setting(contest) -> dict:
    section = merged(contest.settings).get("appeals") or {}
    minutes = section.get("window_minutes")
    minutes = minutes if isinstance(minutes, int) and 1 <= minutes <= 7 * 24 * 60 else 30
    after = section.get("after") if section.get("after") in ("reveal", "publication") else "reveal"
    return {"enabled": bool(section.get("enabled")), "window_minutes": minutes, "after": after}


def _serializer() -> URLSafeSerializer:
    return URLSafeSerializer(current_app.config["SECRET_KEY"], salt="appeal-link")


def token(team: Team) -> str:
    """The team's appeal link token: signed, so no one can make another team's."""
    return _serializer().dumps(team.id)


def team_of(token_text: str) -> Team | None:
    try:
        team_id = _serializer().loads(token_text)
    except BadSignature:
        return None
    return db.session.get(Team, team_id) if isinstance(team_id, int) else None


@dataclass(frozen=True)
class Window:
    opens: datetime | None
    closes: datetime | None

    def open_at(self, moment: datetime) -> bool:
        return self.opens is not None and self.opens <= moment < self.closes


def window(team: Team) -> Window:
    rules = setting(team.contest)
    if not rules["enabled"]:
        return Window(None, None)
    start = team.revealed_at if rules["after"] == "reveal" else team.contest.results_published_at
    if start is None:
        return Window(None, None)
    return Window(start, start + timedelta(minutes=rules["window_minutes"]))


def of_team(team: Team) -> Appeal | None:
    return db.session.scalar(sa.select(Appeal).where(Appeal.team_id == team.id))


def file(team: Team, *, name: str, phone: str, grounds: str, via: str, actor: str) -> Appeal:
    name, phone, grounds = name.strip(), phone.strip(), grounds.strip()
    if not window(team).open_at(utcnow()):
        raise AppealRefused(_("不在申诉时间内：申诉须在成绩揭晓（或公布）后规定时间内提出"))
    if of_team(team) is not None:
        raise AppealRefused(_("本班组已提出过申诉，每个班组只能申诉一次"))
    if not name or len(name) > 50:
        raise AppealRefused(_("请填写申诉人姓名（活动推进者）"))
    digits = "".join(ch for ch in phone if ch.isdigit())
    if not 7 <= len(digits) <= 15 or len(phone) > 30:
        raise AppealRefused(_("请填写能联系到您的电话号码"))
    if not grounds:
        raise AppealRefused(_("请写明申诉理由"))
    if len(grounds) > GROUNDS_LENGTH:
        raise AppealRefused(_("申诉理由不超过 %(n)s 字", n=GROUNDS_LENGTH))
    row = Appeal(
        contest_id=team.contest_id,
        team_id=team.id,
        filer_name=name,
        filer_phone=phone,
        grounds=grounds,
        via=via,
    )
    db.session.add(row)
    db.session.flush()
    audit.record(
        "appeal.filed",
        actor=actor,
        subject=f"team:{team.id}",
        contest_id=team.contest_id,
        data={"appeal": row.id, "name": name, "via": via},
    )
    return row


def rule(
    row: Appeal,
    *,
    outcome: str,
    ruling: str,
    staff: StaffUser,
    staff_ink: str | None,
    chair_ink: str | None,
) -> Appeal:
    """Staff and the 评委组长 rule with a reason; both sign over the ruling and the result."""
    from contest.countersign.service import chair_of, team_payload
    from contest.signatures import store

    if row.ruled_at is not None:
        raise AppealRefused(_("该申诉已复核完毕"))
    if outcome not in OUTCOMES:
        raise AppealRefused(_("请选择复核结论：维持原结果，或已更正成绩"))
    ruling = ruling.strip()
    if not ruling:
        raise AppealRefused(_("请写明复核理由"))
    if len(ruling) > RULING_LENGTH:
        raise AppealRefused(_("复核理由不超过 %(n)s 字", n=RULING_LENGTH))
    team = db.session.get(Team, row.team_id)
    chair = chair_of(team.venue)
    if chair is None:
        raise AppealRefused(_("本分会场未指定评委组长，请先在「评委」中指定"))
    if outcome == "changed" and not _corrected_since(team, row.filed_at):
        raise AppealRefused(
            _("选择“已更正成绩”前，请先在班组页面更正分数（填写原因），再作复核结论")
        )
    payload = {
        "appeal": row.id,
        "team": {"company_name": team.company_name, "team_name": team.team_name},
        "grounds": row.grounds,
        "outcome": OUTCOMES[outcome],
        "ruling": ruling,
        "result": team_payload(team),
    }
    common = {
        "contest_id": row.contest_id,
        "purpose": "appeal_ruling",
        "subject": f"appeal:{row.id}",
    }
    staff_signature = store.record(
        **common,
        signer_kind="staff",
        signer_id=staff.id,
        signer_name=staff.display_name or staff.username,
        payload=payload,
        data_url=staff_ink,
        actor=f"staff:{staff.id}",
    )
    chair_signature = store.record(
        **common,
        signer_kind="judge",
        signer_id=chair.id,
        signer_name=chair.name,
        payload=payload,
        data_url=chair_ink,
        actor=f"staff:{staff.id}",
    )
    row.outcome, row.ruling = outcome, ruling
    row.ruled_by, row.ruled_at = f"staff:{staff.id}", utcnow()
    row.staff_signature_id, row.chair_signature_id = staff_signature.id, chair_signature.id
    audit.record(
        "appeal.ruled",
        actor=f"staff:{staff.id}",
        subject=f"team:{team.id}",
        contest_id=row.contest_id,
        data={"appeal": row.id, "outcome": outcome, "ruling": ruling},
    )
    from contest.live import feed

    feed.bump(team.venue_id)  # 「已复核」 on the standings
    return row


def _corrected_since(team: Team, moment: datetime) -> bool:
    from contest.models import Channel, ScoreSubmission

    return (
        db.session.scalar(
            sa.select(ScoreSubmission.id)
            .where(
                ScoreSubmission.team_id == team.id,
                ScoreSubmission.channel == Channel.CORRECTION,
                ScoreSubmission.created_at >= moment,
            )
            .limit(1)
        )
        is not None
    )


def reviewed_team_ids(contest_id: int) -> dict[int, str]:
    """Teams whose appeal was ruled: "upheld" (已复核) or "changed" (复核更正)."""
    rows = db.session.execute(
        sa.select(Appeal.team_id, Appeal.outcome).where(
            Appeal.contest_id == contest_id, Appeal.ruled_at.is_not(None)
        )
    )
    return {team_id: outcome for team_id, outcome in rows}


def of_contest(contest_id: int) -> list[Appeal]:
    return list(
        db.session.scalars(
            sa.select(Appeal).where(Appeal.contest_id == contest_id).order_by(Appeal.id)
        )
    )


@dataclass(frozen=True)
class TeamNotice:
    """On the 班组通道's home: a contest team of the person's own, its window and appeal."""

    team: Team
    window: Window
    appeal: Appeal | None
    token: str
    open_now: bool


def notices_for(person) -> list[TeamNotice]:
    """The person's own applications that became contest teams with appeals on and a result
    out (revealed or published): what the team can still do, or what became of its appeal."""
    from contest.season.models import Application

    teams = db.session.scalars(
        sa.select(Team)
        .join(Application, Application.contest_team_id == Team.id)
        .where(Application.owner_id == person.id)
        .order_by(Application.number)
    )
    found, now = [], utcnow()
    for team in teams:
        shown = window(team)
        if shown.opens is not None:
            found.append(TeamNotice(team, shown, of_team(team), token(team), shown.open_at(now)))
    return found
