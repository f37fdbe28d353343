"""The host's actions on a venue's stage. Each checks the rules, audits, and bumps the version."""

from __future__ import annotations

from datetime import timedelta

import sqlalchemy as sa
from flask_babel import gettext as _

from contest import audit
from contest.day import clock
from contest.day.snapshot import next_team, progress, stage_of
from contest.extensions import db
from contest.models import (
    Judge,
    Recusal,
    Scene,
    ScoreSubmission,
    StageState,
    Team,
    TeamStatus,
    TimerPhase,
    Venue,
    utcnow,
)


class StageRefused(Exception):
    """An action that is not valid now; `message` says why, in Chinese."""

    def __init__(self, code: str, message: str) -> None:
        super().__init__(message)
        self.code = code
        self.message = message


class JudgesMissing(StageRefused):
    """Closing now would leave these judges without a score: the host confirms first."""

    def __init__(self, labels: list[str]) -> None:
        message = _("%(judges)s 尚未提交，确定结束评分？", judges="、".join(labels))
        super().__init__("judges_missing", message)
        self.labels = labels


def no_team() -> StageRefused:
    """The refusal for an action that needs a team on stage."""
    return StageRefused("no_team", _("台上没有班组，请先在出场顺序中点「请上台」"))


def touch(stage: StageState, venue: Venue, action: str, actor: str, **data: object) -> None:
    stage.updated_at = utcnow()  # always dirty, so the optimistic version always moves
    stage.seq = StageState.seq + 1
    audit.record(
        f"stage.{action}",
        actor=actor,
        subject=f"venue:{venue.id}",
        # The relationship, not team_id: a team just called is not flushed into team_id yet.
        data={"team": stage.team.id if stage.team is not None else None, **data},
        contest_id=venue.contest_id,
    )


def checked(venue: Venue, expected_version: int | None) -> StageState:
    # The stage row first, then (in audit.record) the audit lock: the order a submission
    # takes them in too, so a host action and a score never wait on each other in a circle.
    stage = db.session.get(StageState, venue.id, with_for_update=True, populate_existing=True)
    if stage is None:
        stage = stage_of(venue)
    if expected_version is not None and expected_version != stage.version:
        raise StageRefused("stale", _("台上状态已被其他操作更新，请查看最新状态后再操作"))
    return stage


def call_team(
    venue: Venue, team_id: int, *, actor: str, expected_version: int | None = None
) -> StageState:
    """Put a team on stage (请上台)."""
    stage = checked(venue, expected_version)
    team = db.session.get(Team, team_id)
    if team is None or team.venue_id != venue.id:
        raise StageRefused("unknown_team", _("该班组不在本分会场"))
    if stage.scoring_open:
        raise StageRefused("scoring_open", _("当前班组评分尚未结束，请先结束评分"))
    if team.status not in (TeamStatus.WAITING, TeamStatus.PRESENTING):
        raise StageRefused("not_waiting", _("该班组已评分或不参加比赛，不能请上台"))
    previous = stage.team
    if previous is not None and previous.id != team.id and previous.status is TeamStatus.PRESENTING:
        previous.status = TeamStatus.WAITING
    team.status = TeamStatus.PRESENTING
    stage.team = team
    stage.scene = Scene.ON_STAGE
    stage.timer_phase, stage.timer_elapsed_ms = TimerPhase.TALK, 0
    _stop_clock(stage)
    stage.talk_elapsed_ms = None
    touch(stage, venue, "team_called", actor)
    return stage


def open_scoring(venue: Venue, *, actor: str, expected_version: int | None = None) -> StageState:
    stage = checked(venue, expected_version)
    if stage.team is None:
        raise no_team()
    if stage.scoring_open:
        raise StageRefused("already_open", _("评分已经开放"))
    if stage.team.scoring_closed_at is not None:
        raise StageRefused("locked", _("该班组评分已结束并锁定"))
    stage.scoring_open = True
    stage.scene = Scene.SCORING
    touch(stage, venue, "scoring_opened", actor)
    return stage


def missing_judges(team: Team) -> list[Judge]:
    """The team's eligible judges (active, not recused) with no score for it, by number."""
    return list(
        db.session.scalars(
            sa.select(Judge)
            .where(
                Judge.venue_id == team.venue_id,
                Judge.active.is_(True),
                ~sa.exists().where(Recusal.judge_id == Judge.id, Recusal.team_id == team.id),
                ~sa.exists().where(
                    ScoreSubmission.judge_id == Judge.id, ScoreSubmission.team_id == team.id
                ),
            )
            .order_by(Judge.number)
        )
    )


def close_scoring(
    venue: Venue,
    *,
    actor: str,
    expected_version: int | None = None,
    confirm_missing: bool = True,
) -> StageState:
    """Close and lock scoring for the team on stage.

    With confirm_missing=False (the console's first press) judges still missing refuse the
    close with their labels, so the host confirms by name; callers that have decided
    already (scripts, tests) keep the default.
    """
    stage = checked(venue, expected_version)
    if not stage.scoring_open or stage.team is None:
        raise StageRefused("not_open", _("评分未开放，无需结束"))
    missing = missing_judges(stage.team)
    if missing and not confirm_missing:
        raise JudgesMissing([judge.label for judge in missing])
    stage.scoring_open = False
    stage.team.scoring_closed_at = utcnow()
    stage.team.status = TeamStatus.SCORED
    touch(
        stage,
        venue,
        "scoring_closed",
        actor,
        progress=progress(stage.team),
        missing=[judge.label for judge in missing],
    )
    return stage


def reveal(
    venue: Venue,
    *,
    actor: str,
    force_reason: str = "",
    expected_version: int | None = None,
) -> StageState:
    """Show the marks and the final score; early reveals need a stated reason."""
    stage = checked(venue, expected_version)
    team = stage.team
    if team is None or team.scoring_closed_at is None:
        raise StageRefused("not_closed", _("请先结束评分，再揭晓成绩"))
    counts = progress(team)
    if counts["submitted"] == 0:
        raise StageRefused("no_scores", _("没有任何评委提交分数，无法揭晓"))
    if counts["submitted"] < counts["expected"] and not force_reason.strip():
        raise StageRefused(
            "incomplete",
            _(
                "还有评委未提交（%(done)s / %(all)s），强制揭晓需填写原因",
                done=counts["submitted"],
                all=counts["expected"],
            ),
        )
    if counts["submitted"] < counts["expected"]:
        from contest.supervision.service import forced_reveal_waiting

        if waiting := forced_reveal_waiting(team):  # the 监督 co-signs a forced reveal
            raise StageRefused("cosign_pending", waiting)
    from contest.countersign.service import check_reveal

    waiting = check_reveal(venue, team)  # the 评委组长's signature, when the contest asks
    if waiting:
        raise StageRefused("countersign_pending", waiting)
    team.revealed_at = team.revealed_at or utcnow()
    stage.revealed_team = team
    stage.scene = Scene.REVEAL
    touch(stage, venue, "revealed", actor, progress=counts, force_reason=force_reason.strip())
    return stage


BREAK_MINUTES = range(1, 181)  # a break (茶歇) of 1 to 180 minutes


def set_scene(
    venue: Venue,
    scene: Scene,
    *,
    actor: str,
    expected_version: int | None = None,
    minutes: object = None,
) -> StageState:
    """Switch the hall display's scene; a break (茶歇) takes its length in whole minutes."""
    stage = checked(venue, expected_version)
    if scene is Scene.REVEAL and stage.revealed_team_id is None:
        raise StageRefused("nothing_revealed", _("还没有揭晓过成绩"))
    if scene in (Scene.ON_STAGE, Scene.SCORING) and stage.team is None:
        raise no_team()
    if scene is Scene.NEXT_UP and next_team(venue, stage) is None:
        raise StageRefused("no_next", _("没有待发表的班组了"))
    if scene is Scene.RESULTS and venue.contest.results_published_at is None:
        raise StageRefused(
            "results_unpublished",
            _("获奖名单尚未发布：请管理员在「获奖与推荐」中发布后，再切换到「获奖结果」"),
        )
    extra: dict[str, object] = {}
    if scene is Scene.BREAK:
        whole = isinstance(minutes, int) and not isinstance(minutes, bool)
        if not whole or minutes not in BREAK_MINUTES:
            raise StageRefused("bad_minutes", _("请填写茶歇时长：1 至 180 之间的整数分钟"))
        stage.break_ends_at = utcnow() + timedelta(minutes=minutes)
        extra = {"minutes": minutes, "ends_at": stage.break_ends_at.isoformat()}
    stage.scene = scene
    touch(stage, venue, "scene_changed", actor, scene=scene.value, **extra)
    return stage


def venue_of_team(team_id: int) -> Venue | None:
    return db.session.scalar(sa.select(Venue).join(Team).where(Team.id == team_id))


TIMER_ACTIONS = ("start", "pause", "reset", "talk", "qa")


def timer(venue: Venue, do: str, *, actor: str, expected_version: int | None = None) -> StageState:
    """Start, pause or reset the presentation timer, or switch to the talk or Q&A phase.

    Leaving the talk clock (a reset, or the Q&A) keeps how long the talk ran, the longest
    measurement if there were several, so the overtime rule still sees it.
    """
    stage = checked(venue, expected_version)
    if stage.team is None:
        raise no_team()
    if do not in TIMER_ACTIONS:
        raise StageRefused("bad_timer_action", _("未知的计时操作"))
    running = stage.timer_started_at is not None
    measured = elapsed_ms(stage)
    if do in ("reset", "qa") and stage.timer_phase is TimerPhase.TALK and measured > 0:
        stage.talk_elapsed_ms = max(stage.talk_elapsed_ms or 0, measured)
    if do == "start":
        if running:
            raise StageRefused("timer_running", _("计时已在进行"))
        _start_clock(stage)
    elif do == "pause":
        if not running:
            raise StageRefused("timer_paused", _("计时未在进行"))
        stage.timer_elapsed_ms = measured
        _stop_clock(stage)
    elif do == "reset":
        stage.timer_elapsed_ms = 0
        _stop_clock(stage)
    else:  # a new phase starts its own clock at once: the Q&A follows the talk directly
        stage.timer_phase = TimerPhase(do)
        stage.timer_elapsed_ms = 0
        _start_clock(stage)
    touch(
        stage, venue, f"timer_{do}", actor, elapsed_ms=stage.timer_elapsed_ms, measured_ms=measured
    )
    return stage


def talk_ms(stage: StageState) -> int | None:
    """How long the talk ran: the talk clock now, or a longer run kept by a reset or the Q&A."""
    running = elapsed_ms(stage) if stage.timer_phase is TimerPhase.TALK else None
    measured = [ms for ms in (running, stage.talk_elapsed_ms) if ms is not None]
    return max(measured) if measured else None


def _start_clock(stage: StageState) -> None:
    stage.timer_started_at = clock.wall()
    stage.timer_started_mono, stage.timer_boot = clock.mono(), clock.BOOT_ID


def _stop_clock(stage: StageState) -> None:
    stage.timer_started_at = stage.timer_started_mono = stage.timer_boot = None


def elapsed_ms(stage: StageState) -> int:
    """Time on the clock in the current phase, pauses excluded; a wall-clock step changes
    nothing (contest/day/clock.py)."""
    return stage.timer_elapsed_ms + clock.running_ms(stage)


def set_online_ready(
    venue: Venue, team_id: int, ready: bool, *, actor: str, expected_version: int | None = None
) -> StageState:
    """Mark an online team as connected and ready to present (or not)."""
    stage = checked(venue, expected_version)
    team = db.session.get(Team, team_id)
    if team is None or team.venue_id != venue.id:
        raise StageRefused("unknown_team", _("该班组不在本分会场"))
    if team.mode.value != "online":
        raise StageRefused("not_online", _("该班组是现场发表，无需连线"))
    team.online_ready = ready
    touch(stage, venue, "online_ready" if ready else "online_not_ready", actor, ready_team=team.id)
    return stage
