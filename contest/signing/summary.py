"""A venue's 评分汇总表: every revealed result with each judge's total, signed by the
评委组长 (their countersign) and the 监督, with the audit log's head and a QR code that
anyone can scan to check the printed figures against the system's."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import sqlalchemy as sa
from flask_babel import gettext as _

from contest.countersign import service as countersign
from contest.extensions import db
from contest.models import StaffUser, Venue
from contest.signatures import store
from contest.signatures.digest import digest
from contest.signatures.models import Signature

PURPOSE = "summary"


class SummaryRefused(Exception):
    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


def subject(venue: Venue) -> str:
    return f"venue:{venue.id}"


def payload(venue: Venue) -> dict[str, Any]:
    return countersign.venue_payload(venue)


@dataclass(frozen=True)
class Summary:
    payload: dict[str, Any]
    payload_hash: str
    judges: list[str]  # column heads: 评委1 …
    chair: Signature | None  # the chair's countersign over this very summary, if any
    chair_teams: int  # results the chair countersigned one by one (before each reveal)
    supervisor: Signature | None  # the 监督's signature over this very summary
    supervisor_stale: bool = False  # the 监督 signed an earlier version (changed since)


def summary(venue: Venue) -> Summary:
    now = payload(venue)
    now_hash = digest(now)
    labels = sorted(
        {m["judge"] for row in now["results"] for m in row["marks"]},
        key=lambda label: int(label.removeprefix("评委") or 0),
    )

    def signed(purpose: str, kind: str) -> Signature | None:
        found = [
            s
            for s in store.current(venue.contest_id, purpose, subject(venue))
            if s.signer_kind == kind and s.subject_hash == now_hash
        ]
        return found[-1] if found else None

    chair_teams = 0
    for row in now["results"]:
        team_now = countersign._status(
            venue.contest_id, f"team:{row['team']['id']}", _team_payload(venue, row)
        )
        chair_teams += team_now.state is countersign.State.SIGNED
    return Summary(
        now,
        now_hash,
        labels,
        signed(countersign.PURPOSE, "judge"),
        chair_teams,
        signed(PURPOSE, "supervisor"),
        _signed_before(venue, now_hash),
    )


def _signed_before(venue: Venue, now_hash: str) -> bool:
    """Whether the 监督 signed a version of this summary other than the current one."""
    earlier = sa.select(Signature.id).where(
        Signature.contest_id == venue.contest_id,
        Signature.purpose == PURPOSE,
        Signature.subject == subject(venue),
        Signature.signer_kind == "supervisor",
        Signature.subject_hash != now_hash,
    )
    return db.session.scalar(earlier.limit(1)) is not None


def _team_payload(venue: Venue, row: dict[str, Any]) -> dict[str, Any]:
    # The team payload the chair signed before its reveal (the rank is not part of it).
    return {
        "contest": venue.contest.name,
        "venue": venue.name,
        **{k: v for k, v in row.items() if k != "rank"},
    }


def supervisor_sign(venue: Venue, *, supervisor: StaffUser, sheet_hash: str, data_url) -> Signature:
    from contest.signing.service import venue_ended

    if not venue_ended(venue):
        raise SummaryRefused(_("本分会场尚未全部揭晓，评分汇总表还不能签名"))
    now = summary(venue)
    if now.supervisor is not None:
        raise SummaryRefused(_("您已签名，无需重复签名"))
    if sheet_hash != now.payload_hash:
        raise SummaryRefused(_("评分汇总表已更新，请核对后重新签名"))
    return store.record(
        contest_id=venue.contest_id,
        signer_kind="supervisor",
        signer_id=supervisor.id,
        signer_name=supervisor.display_name or supervisor.username,
        purpose=PURPOSE,
        subject=subject(venue),
        payload=now.payload,
        data_url=data_url,
        actor=f"staff:{supervisor.id}",
    )
