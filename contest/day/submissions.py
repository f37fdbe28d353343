"""Accept a judge's marks for a team: validate everything, write one new version, or nothing."""

from __future__ import annotations

import re
import secrets
from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal

import sqlalchemy as sa
from flask_babel import gettext as _

from contest import audit
from contest.database import is_row_id
from contest.extensions import db
from contest.live import feed
from contest.models import (
    Channel,
    Judge,
    LateScore,
    Recusal,
    ScoreItem,
    ScoreMark,
    ScoreSubmission,
    StaffUser,
    StageState,
    Team,
)
from contest.numbers import parse_decimal, plain
from contest.scoring import judge_total

IDEMPOTENCY_KEY = re.compile(r"^[A-Za-z0-9_-]{16,64}$")
_RECEIPT_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
_STORED_PLACES = Decimal("0.001")  # the scale of ExactDecimal on PostgreSQL


class ScoreRejected(Exception):
    """A submission the server refuses; `message` is for the judge, in Chinese."""

    def __init__(self, code: str, message: str, *, item_id: int | None = None) -> None:
        super().__init__(message)
        self.code = code
        self.message = message
        self.item_id = item_id


@dataclass(frozen=True)
class Accepted:
    submission: ScoreSubmission
    replayed: bool  # the same idempotency key had already been applied: nothing new written


@dataclass(frozen=True)
class Held:
    """A phone's score that arrived after the close: kept, not counted."""

    late: LateScore
    replayed: bool = False


def new_receipt() -> str:
    return "".join(secrets.choice(_RECEIPT_ALPHABET) for _ in range(6))


def current_submission(team_id: int, judge_id: int) -> ScoreSubmission | None:
    return db.session.scalar(
        sa.select(ScoreSubmission)
        .where(ScoreSubmission.team_id == team_id, ScoreSubmission.judge_id == judge_id)
        .order_by(ScoreSubmission.version.desc())
        .limit(1)
    )


def _replay(key: str, judge: Judge, team_id: object) -> Accepted | Held | None:
    # An accepted late score's submission carries its key: found here first, so a resend
    # after the host reopened scoring is answered as accepted.
    existing = db.session.scalar(
        sa.select(ScoreSubmission).where(ScoreSubmission.idempotency_key == key)
    )
    if existing is None:
        kept = db.session.scalar(sa.select(LateScore).where(LateScore.idempotency_key == key))
        if kept is None:
            return None
        existing = kept
    if existing.judge_id != judge.id or not is_row_id(team_id) or existing.team_id != team_id:
        raise ScoreRejected("idempotency_conflict", _("提交编号重复，请刷新页面后重新提交"))
    if isinstance(existing, LateScore):
        return Held(existing, replayed=True)
    return Accepted(existing, replayed=True)


def _check_team(judge: Judge, team_id: object, channel: Channel) -> tuple[Team, bool]:
    """The team, and whether this is a phone's score arriving after its close (kept)."""
    if not judge.active:
        raise ScoreRejected("judge_inactive", _("您的评委链接已停用，请联系会务组"))
    team = db.session.get(Team, team_id) if is_row_id(team_id) else None
    if team is None or team.contest_id != judge.contest_id:
        raise ScoreRejected("unknown_team", _("没有这个班组，请刷新页面"))
    if team.venue_id != judge.venue_id:
        raise ScoreRejected("wrong_venue", _("该班组不在您所在的分会场"))
    recused = db.session.scalar(
        sa.select(Recusal.id).where(Recusal.judge_id == judge.id, Recusal.team_id == team.id)
    )
    if recused:
        raise ScoreRejected("recused", _("您与该班组存在回避关系，不能为其评分"))
    if channel is Channel.CORRECTION:
        if team.scoring_closed_at is None:
            raise ScoreRejected("not_closed", _("评分尚未结束，请使用纸质评分录入"))
        return team, False
    try:
        _check_open(team, channel)
    except ScoreRejected:
        # A phone that was offline at the close: its marks are kept for the host to decide.
        if channel is Channel.PHONE and team.scoring_closed_at is not None:
            return team, True
        raise
    return team, False


def _check_pledge(judge: Judge) -> None:
    """No phone score before the judge has accepted the contest's 评审承诺书 (when required)."""
    from contest.pledge.service import pending

    if pending(judge) is not None:
        raise ScoreRejected(
            "pledge_required", _("请先阅读并接受评审承诺书：请刷新页面，确认承诺后再提交评分")
        )


def _check_unsigned(judge: Judge) -> None:
    """A judge who signed their 评分表 scores no more on the phone (contest/signing)."""
    from contest.signing.service import locked

    if locked(judge):
        raise ScoreRejected(
            "sheet_signed", _("您已在评分表上签名，评分已锁定；如需更改，请联系会务组更正")
        )


def _check_open(team: Team, channel: Channel) -> None:
    # Lock the stage row until commit (PostgreSQL): a close racing this submission either
    # waits for it to commit or is seen here. Without the lock a score checked against a
    # still-open stage was committed and acknowledged after the close. (SQLite refuses a
    # write from a stale snapshot, and transactions.atomic retries it.)
    stage = db.session.get(StageState, team.venue_id, with_for_update=True, populate_existing=True)
    db.session.refresh(team)  # read after the lock: a reveal may have committed meanwhile
    on_stage = stage is not None and stage.team_id == team.id
    # A paper ballot may still be keyed in after the phones are locked, until the reveal.
    paper_window = channel is Channel.PAPER and team.scoring_closed_at and not team.revealed_at
    if not on_stage or not (stage.scoring_open or paper_window):
        raise ScoreRejected("scoring_closed", _("该班组当前未开放评分"))


def check_marks(items: list[ScoreItem], marks: Mapping[str, object]) -> dict[int, Decimal]:
    """Every item present, a number, within [0, maximum] and on its step; nothing extra."""
    if not isinstance(marks, Mapping):
        raise ScoreRejected("bad_marks", _("评分数据格式不正确"))
    known = {str(item.id) for item in items}
    for key in marks:
        if str(key) not in known:
            raise ScoreRejected("unknown_item", _("评分表中没有这一项，请刷新页面"))
    result: dict[int, Decimal] = {}
    for item in items:
        raw = marks.get(str(item.id), marks.get(item.id))  # type: ignore[call-overload]
        if raw is None or raw == "":
            raise ScoreRejected(
                "missing_mark", _("请填写“%(item)s”的分数", item=item.name), item_id=item.id
            )
        value = parse_decimal(raw)
        if value is None:
            raise ScoreRejected(
                "bad_mark", _("“%(item)s”的分数不是有效数字", item=item.name), item_id=item.id
            )
        if value < 0 or value > item.maximum:
            raise ScoreRejected(
                "out_of_range",
                _("“%(item)s”的分数必须在 0 到 %(max)s 之间", item=item.name, max=item.maximum),
                item_id=item.id,
            )
        # More places than stored (3) is never on a step; checked first, as the division
        # below rounds to 28 digits and would let 14.5000…0001 or 1E-999999999 through.
        if value != value.quantize(_STORED_PLACES) or (value / item.step) % 1 != 0:
            raise ScoreRejected(
                "off_step",
                _("“%(item)s”请以 %(step)s 分为单位", item=item.name, step=item.step),
                item_id=item.id,
            )
        result[item.id] = abs(value)  # "-0" is stored and shown as 0
    return result


# A judge revises a team's score on the phone at most this often (staff corrections, with
# their reasons, are not counted against it): a flood of versions is refused, not audited.
MAX_VERSIONS = 20


def submit_score(
    *,
    judge: Judge,
    team_id: object,
    marks: Mapping[str, object],
    total: object,
    idempotency_key: object,
    channel: Channel = Channel.PHONE,
    entered_by: StaffUser | None = None,
    actor: str | None = None,
    reason: str = "",
) -> Accepted | Held:
    """Validate and store a new version; a replayed key returns the stored one unchanged.

    A phone's score for a team whose scoring has closed is kept as a late score (Held):
    stored, audited, shown to the host, never counted unless scoring reopens.
    """
    if not isinstance(idempotency_key, str) or not IDEMPOTENCY_KEY.match(idempotency_key):
        raise ScoreRejected("bad_key", _("提交编号无效，请刷新页面后重新提交"))
    replayed = _replay(idempotency_key, judge, team_id)
    if replayed is not None:
        return replayed
    reason = reason.strip() if isinstance(reason, str) else ""
    if channel is Channel.CORRECTION and not reason:
        raise ScoreRejected("reason_required", _("更正分数必须填写原因"))
    if channel is Channel.PHONE:
        _check_pledge(judge)
        _check_unsigned(judge)
    team, late = _check_team(judge, team_id, channel)
    values = check_marks(list(team.contest.items), marks)
    computed = judge_total({str(k): v for k, v in values.items()})
    claimed = parse_decimal(total)
    if claimed is None or claimed != computed:
        raise ScoreRejected(
            "total_mismatch", _("总分与各项之和不符（各项合计 %(sum)s）", sum=plain(computed))
        )
    if late:
        from contest.day.late_scores import keep

        return Held(keep(judge=judge, team=team, values=values, idempotency_key=idempotency_key))
    previous = current_submission(team.id, judge.id)
    if channel is Channel.PHONE and previous is not None and previous.version >= MAX_VERSIONS:
        raise ScoreRejected(
            "too_many_revisions",
            _(
                "您对该班组的评分已提交 %(n)s 次，不能再修改；"
                "如确需更改，请联系会务组由工作人员更正",
                n=MAX_VERSIONS,
            ),
        )
    submission = store_version(
        team=team,
        judge=judge,
        values=values,
        idempotency_key=idempotency_key,
        channel=channel,
        entered_by=entered_by,
        reason=reason,
    )
    action = "score.submitted" if submission.version == 1 else "score.revised"
    audit.record(
        "score.corrected" if channel is Channel.CORRECTION else action,
        actor=actor or f"judge:{judge.id}",
        subject=f"team:{team.id}",
        data={
            "judge": judge.id,
            "version": submission.version,
            "total": str(computed),
            "marks": {str(k): str(v) for k, v in values.items()},
            "channel": channel.value,
            "receipt": submission.receipt,
            "entered_by": entered_by.id if entered_by else None,
            "reason": reason,
            "previous_total": str(previous.total) if previous else None,
        },
        contest_id=team.contest_id,
    )
    if channel is not Channel.PHONE:  # a signed 评分表 changed by staff is signed again
        from contest.countersign.service import after_change as countersign_changed
        from contest.signing.service import after_change

        after_change(judge, actor=actor or f"judge:{judge.id}", reason=reason or channel.value)
        countersign_changed(
            team, actor=actor or f"judge:{judge.id}", reason=reason or channel.value
        )
    return Accepted(submission, replayed=False)


def store_version(
    *,
    team: Team,
    judge: Judge,
    values: dict[int, Decimal],
    idempotency_key: str,
    channel: Channel,
    entered_by: StaffUser | None = None,
    reason: str = "",
) -> ScoreSubmission:
    """Write the judge's next version for the team (checked already; the caller audits)."""
    previous = current_submission(team.id, judge.id)
    submission = ScoreSubmission(
        team=team,
        judge=judge,
        version=(previous.version + 1) if previous else 1,
        total=judge_total({str(k): v for k, v in values.items()}),
        channel=channel,
        entered_by=entered_by,
        reason=reason[:500],
        idempotency_key=idempotency_key,
        receipt=new_receipt(),
        marks=[ScoreMark(item_id=item_id, value=value) for item_id, value in values.items()],
    )
    db.session.add(submission)
    db.session.flush()
    feed.bump(team.venue_id)  # the judges' progress on screens moved on
    return submission
