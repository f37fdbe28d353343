"""What the 评委组长 countersigns, whether it is signed, and what waits for it."""

from __future__ import annotations

import enum
from dataclasses import dataclass
from typing import Any

import sqlalchemy as sa
from flask_babel import gettext as _

from contest.extensions import db
from contest.models import Judge, Team, Venue
from contest.settings import merged
from contest.signatures import store
from contest.signatures.digest import digest
from contest.signatures.models import Signature

PURPOSE = "countersign"
WHEN = ("before_reveal", "venue_end")


class CountersignRefused(Exception):
    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


def setting(contest) -> dict:
    section = merged(contest.settings).get("countersign") or {}
    when = section.get("when") if section.get("when") in WHEN else "before_reveal"
    return {"enabled": bool(section.get("enabled")), "when": when}


def chair_of(venue: Venue) -> Judge | None:
    return db.session.scalar(
        sa.select(Judge).where(
            Judge.venue_id == venue.id, Judge.is_chair.is_(True), Judge.active.is_(True)
        )
    )


def _result_row(result) -> dict[str, Any]:
    from contest.day.deductions import notes

    judges = result.judges
    dropped_low = {m.judge for m in result.score.dropped_low}
    dropped_high = {m.judge for m in result.score.dropped_high}
    marks = sorted(
        result.score.dropped_low + result.score.kept + result.score.dropped_high,
        key=lambda m: judges[m.judge].number,
    )
    return {
        "team": {
            "id": result.team.id,
            "order": result.team.order_position,
            "company_name": result.team.company_name,
            "team_name": result.team.team_name,
        },
        "marks": [
            {
                "judge": judges[m.judge].label,
                "name": judges[m.judge].name,
                "total": format(m.total, "f"),  # as the hall display shows it
                "dropped": "low"
                if m.judge in dropped_low
                else "high"
                if m.judge in dropped_high
                else "",
            }
            for m in marks
        ],
        "deductions": format(result.score.deductions, "f"),
        "deduction_notes": notes(result.team.id),
        "published": format(result.score.published, "f"),
    }


def team_payload(team: Team) -> dict[str, Any] | None:
    """The team's result as the chair sees and signs it (None before scoring closes)."""
    from contest.ranking import standings

    results = standings.compute(team.contest, venue_id=team.venue_id)
    found = next((r for r in results if r.team.id == team.id), None)
    if found is None:
        return None
    return {"contest": team.contest.name, "venue": team.venue.name, **_result_row(found)}


def venue_payload(venue: Venue) -> dict[str, Any]:
    """Every revealed result of the venue, in rank order, for a countersign at its end."""
    from contest.ranking import standings

    results = standings.compute(venue.contest, venue_id=venue.id, only_revealed=True)
    return {
        "contest": venue.contest.name,
        "venue": venue.name,
        "results": [{"rank": r.standing.rank, **_result_row(r)} for r in results],
    }


class State(enum.StrEnum):
    NOT_DUE = "not_due"
    PENDING = "pending"
    SIGNED = "signed"


@dataclass(frozen=True)
class Status:
    state: State
    subject: str
    payload: dict[str, Any] | None
    payload_hash: str
    signature: Signature | None


def _status(contest_id: int, subject: str, payload: dict[str, Any] | None) -> Status:
    if payload is None:
        return Status(State.NOT_DUE, subject, None, "", None)
    payload_hash = digest(payload)
    signed = [
        s for s in store.current(contest_id, PURPOSE, subject) if s.subject_hash == payload_hash
    ]
    signature = signed[-1] if signed else None
    return Status(
        State.SIGNED if signature else State.PENDING, subject, payload, payload_hash, signature
    )


def team_status(team: Team) -> Status:
    payload = team_payload(team) if team.scoring_closed_at is not None else None
    return _status(team.contest_id, f"team:{team.id}", payload)


def venue_status(venue: Venue) -> Status:
    from contest.signing.service import venue_ended

    payload = venue_payload(venue) if venue_ended(venue) else None
    return _status(venue.contest_id, f"venue:{venue.id}", payload)


def pending_for(judge: Judge) -> Status | None:
    """What the chair should countersign now, if this judge is the venue's chair."""
    if not judge.is_chair or judge.venue is None:
        return None
    rules = setting(judge.contest)
    if not rules["enabled"]:
        return None
    if rules["when"] == "venue_end":
        now = venue_status(judge.venue)
        return now if now.state is State.PENDING else None
    # A closed result waiting for its reveal, or a revealed one corrected since the chair
    # signed it (its signature superseded): both wait for the chair.
    signed_before = set(
        db.session.scalars(
            sa.select(Signature.subject).where(
                Signature.contest_id == judge.contest_id, Signature.purpose == PURPOSE
            )
        )
    )
    teams = db.session.scalars(
        sa.select(Team)
        .where(Team.venue_id == judge.venue_id, Team.scoring_closed_at.is_not(None))
        .order_by(Team.order_position, Team.id)
    )
    for team in teams:
        if team.revealed_at is not None and f"team:{team.id}" not in signed_before:
            continue
        now = team_status(team)
        if now.state is State.PENDING:
            return now
    return None


def sign(judge: Judge, *, subject: str, payload_hash: str, data_url: str | None) -> Signature:
    """The chair signs what they were shown; refused if it changed or is not theirs to sign."""
    now = pending_for(judge)
    if now is None or now.subject != subject:
        raise CountersignRefused(_("没有待您签名确认的成绩"))
    if now.payload_hash != payload_hash:
        raise CountersignRefused(_("成绩已更新，请核对后重新签名"))
    from contest.live import feed

    feed.bump(judge.venue_id)  # the host console sees the signature at once
    return store.record(
        contest_id=judge.contest_id,
        signer_kind="judge",
        signer_id=judge.id,
        signer_name=judge.name,
        purpose=PURPOSE,
        subject=subject,
        payload=now.payload,
        data_url=data_url,
        actor=f"judge:{judge.id}",
    )


def for_host(venue: Venue, team_id: int | None) -> dict[str, Any] | None:
    """The host console's line: is the result on stage (`scope` team; `corrected` when it was
    revealed and a correction asks for the signature again) or, with signing at the venue's
    end, the venue's results (`scope` venue) waiting for the chair's signature?"""
    rules = setting(venue.contest)
    if not rules["enabled"]:
        return None
    if rules["when"] == "venue_end":
        now, scope = venue_status(venue), "venue"
    else:
        team = db.session.get(Team, team_id) if team_id is not None else None
        if team is None or team.scoring_closed_at is None:
            return None
        now, scope = team_status(team), "team"
        if team.revealed_at is not None:  # said only when a correction reopened it
            if now.state is State.SIGNED:
                return None
            scope = "corrected"
    if now.state is State.NOT_DUE:
        return None
    chair = chair_of(venue)
    return {
        "scope": scope,
        "chair": f"{chair.label} {chair.name}" if chair else "",
        "signed": now.state is State.SIGNED,
    }


def check_reveal(venue: Venue, team: Team) -> str | None:
    """Why the reveal must wait for the chair (a message), or None."""
    rules = setting(venue.contest)
    if not rules["enabled"] or rules["when"] != "before_reveal":
        return None
    chair = chair_of(venue)
    if chair is None:
        return _("本分会场未指定评委组长，无法签名确认；请管理员在「评委」中指定评委组长")
    if team_status(team).state is not State.SIGNED:
        return _(
            "等待评委组长（%(chair)s）在手机上签名确认本班组成绩，确认后才能揭晓",
            chair=f"{chair.label} {chair.name}",
        )
    return None


def after_change(team: Team, *, actor: str, reason: str) -> None:
    """A correction changed a countersigned result: the signature no longer holds."""
    subjects = {
        f"team:{team.id}": lambda: team_payload(team),
        f"venue:{team.venue_id}": lambda: venue_payload(team.venue),
    }
    for subject, payload in subjects.items():
        signed = store.current(team.contest_id, PURPOSE, subject)
        if signed and any(s.subject_hash != digest(payload()) for s in signed):
            store.supersede(
                team.contest_id,
                PURPOSE,
                subject,
                reason=_("成绩更正后须重新签名确认：%(reason)s", reason=reason)[:200],
                actor=actor,
            )
