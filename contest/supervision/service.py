"""Co-signature requests: made by staff (a correction) or the host (a forced reveal),
signed or refused by the 监督. Callers commit."""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa
from flask_babel import gettext as _

from contest import audit
from contest.extensions import db
from contest.models import Judge, StaffRole, StaffUser, Team, utcnow
from contest.settings import merged
from contest.signatures import store
from contest.supervision.models import CosignKind, CosignRequest, CosignState

PURPOSE = "cosign"
NOTE_LENGTH = 200


class CosignRefused(Exception):
    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


def required(contest) -> bool:
    return bool((merged(contest.settings).get("supervision") or {}).get("cosign"))


def supervisors() -> list[StaffUser]:
    return list(
        db.session.scalars(
            sa.select(StaffUser).where(
                StaffUser.role == StaffRole.SUPERVISOR, StaffUser.active.is_(True)
            )
        )
    )


def _pending_for(team_id: int, kind: CosignKind) -> CosignRequest | None:
    return db.session.scalar(
        sa.select(CosignRequest).where(
            CosignRequest.team_id == team_id,
            CosignRequest.kind == kind,
            CosignRequest.state == CosignState.PENDING,
        )
    )


def request_correction(
    *, judge: Judge, team: Team, marks: dict[str, str], total: str, reason: str, actor: str
) -> CosignRequest:
    """A staff correction, checked now, applied when the 监督 signs."""
    from contest.day.submissions import ScoreRejected, check_marks

    if not reason.strip():
        raise ScoreRejected("reason_required", _("更正分数必须填写原因"))
    from contest.numbers import parse_decimal, plain
    from contest.scoring import judge_total

    values = check_marks(list(team.contest.items), marks)
    computed = judge_total({str(k): v for k, v in values.items()})
    if parse_decimal(total) != computed:
        raise ScoreRejected(
            "total_mismatch", _("总分与各项之和不符（各项合计 %(sum)s）", sum=plain(computed))
        )
    if team.scoring_closed_at is None:
        raise ScoreRejected("not_closed", _("评分尚未结束，请使用纸质评分录入"))
    if _pending_for(team.id, CosignKind.CORRECTION) is not None:
        raise CosignRefused(_("该班组已有一项更正在等待监督签名确认，请待其处理后再提交"))
    row = CosignRequest(
        contest_id=team.contest_id,
        venue_id=team.venue_id,
        team_id=team.id,
        judge_id=judge.id,
        kind=CosignKind.CORRECTION,
        details={
            "marks": {str(k): format(v, "f") for k, v in values.items()},
            "total": total,
            "reason": reason.strip(),
            "judge": judge.label,
        },
        requested_by=actor[:40],
    )
    db.session.add(row)
    db.session.flush()
    _audit("cosign.requested", row, actor)
    return row


def request_forced_reveal(*, team: Team, reason: str, actor: str) -> CosignRequest:
    """The host asked to reveal with judges missing: the 监督 is asked first."""
    existing = _pending_for(team.id, CosignKind.FORCED_REVEAL)
    if existing is not None:
        return existing
    row = CosignRequest(
        contest_id=team.contest_id,
        venue_id=team.venue_id,
        team_id=team.id,
        kind=CosignKind.FORCED_REVEAL,
        details={"reason": reason.strip()},
        requested_by=actor[:40],
    )
    db.session.add(row)
    db.session.flush()
    _audit("cosign.requested", row, actor)
    return row


def forced_reveal_waiting(team: Team) -> str | None:
    """Why a forced reveal must wait for the 监督 (a message), or None; uses an approval."""
    if not required(team.contest):
        return None
    approved = db.session.scalar(
        sa.select(CosignRequest).where(
            CosignRequest.team_id == team.id,
            CosignRequest.kind == CosignKind.FORCED_REVEAL,
            CosignRequest.state == CosignState.APPROVED,
        )
    )
    if approved is not None:
        approved.state = CosignState.USED
        return None
    return _("强制揭晓须经监督签名确认：已通知监督，监督在手机上签名同意后，请再次按「揭晓」")


def actor_name(actor: str) -> str:
    """「秘书处管理员」 for "staff:1": who asked or decided, as people read it."""
    kind, _sep, number = actor.partition(":")
    if kind == "staff" and number.isdigit():
        user = db.session.get(StaffUser, int(number))
        if user is not None:
            return user.display_name or user.username
    return actor


def describe(row: CosignRequest) -> dict[str, Any]:
    """What the 监督 reads and signs: the team, the change, who asked, when."""
    team = db.session.get(Team, row.team_id)
    described: dict[str, Any] = {
        "request": row.id,
        "kind": row.kind.value,
        "team": {"company_name": team.company_name, "team_name": team.team_name},
        "requested_by": row.requested_by,
        "requested_at": row.requested_at.isoformat(),
        **row.details,
    }
    if row.kind is CosignKind.CORRECTION:
        from contest.day.submissions import current_submission

        judge = db.session.get(Judge, row.judge_id)
        now = current_submission(team.id, judge.id)
        described["judge_name"] = judge.name
        described["before"] = format(now.total, "f") if now else ""
    return described


def approve(row: CosignRequest, *, supervisor: StaffUser, data_url: str | None) -> None:
    """The 监督 signs: a correction is applied now (refused if it no longer applies)."""
    _check_open(row, supervisor)
    signature = store.record(
        contest_id=row.contest_id,
        signer_kind="supervisor",
        signer_id=supervisor.id,
        signer_name=supervisor.display_name or supervisor.username,
        purpose=PURPOSE,
        subject=f"cosign:{row.id}",
        payload=describe(row),
        data_url=data_url,
        actor=f"staff:{supervisor.id}",
    )
    row.signature_id = signature.id
    row.decided_by = f"staff:{supervisor.id}"
    row.decided_at = utcnow()
    row.state = CosignState.APPROVED
    if row.kind is CosignKind.CORRECTION:
        _apply_correction(row)
    _audit("cosign.approved", row, f"staff:{supervisor.id}")


def _apply_correction(row: CosignRequest) -> None:
    import secrets

    from contest.day.submissions import submit_score

    staff_id = (
        int(row.requested_by.split(":")[1]) if row.requested_by.startswith("staff:") else None
    )
    submit_score(
        judge=db.session.get(Judge, row.judge_id),
        team_id=row.team_id,
        marks=row.details["marks"],
        total=row.details["total"],
        idempotency_key=secrets.token_hex(16),
        channel=_correction_channel(),
        entered_by=db.session.get(StaffUser, staff_id) if staff_id else None,
        actor=row.requested_by,
        reason=_("%(reason)s（经监督签名确认）", reason=row.details["reason"]),
    )
    row.state = CosignState.USED


def _correction_channel():
    from contest.models import Channel

    return Channel.CORRECTION


def refuse(row: CosignRequest, *, supervisor: StaffUser, note: str) -> None:
    _check_open(row, supervisor)
    note = note.strip()
    if not note:
        raise CosignRefused(_("不同意时请填写理由"))
    if len(note) > NOTE_LENGTH:
        raise CosignRefused(_("理由不超过 %(n)s 个字", n=NOTE_LENGTH))
    row.state = CosignState.REFUSED
    row.note = note
    row.decided_by = f"staff:{supervisor.id}"
    row.decided_at = utcnow()
    _audit("cosign.refused", row, f"staff:{supervisor.id}", note=note)


def _check_open(row: CosignRequest, supervisor: StaffUser) -> None:
    if supervisor.role is not StaffRole.SUPERVISOR:
        raise CosignRefused(_("只有监督账号可以签名确认"))
    if row.state is not CosignState.PENDING:
        raise CosignRefused(_("该事项已处理，请刷新页面"))


def pending(contest_id: int) -> list[CosignRequest]:
    return list(
        db.session.scalars(
            sa.select(CosignRequest)
            .where(
                CosignRequest.contest_id == contest_id,
                CosignRequest.state == CosignState.PENDING,
            )
            .order_by(CosignRequest.id)
        )
    )


def decided(contest_id: int, limit: int = 50) -> list[CosignRequest]:
    return list(
        db.session.scalars(
            sa.select(CosignRequest)
            .where(
                CosignRequest.contest_id == contest_id,
                CosignRequest.state != CosignState.PENDING,
            )
            .order_by(CosignRequest.id.desc())
            .limit(limit)
        )
    )


def _audit(action: str, row: CosignRequest, actor: str, **extra: Any) -> None:
    from contest.live import feed

    feed.bump(row.venue_id)  # the 监督's page and the host console see the change
    audit.record(
        action,
        actor=actor,
        subject=f"team:{row.team_id}",
        contest_id=row.contest_id,
        data={"request": row.id, "kind": row.kind.value, **extra},
    )
