"""The state of a venue as plain data: what every screen renders and rebuilds from."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal
from typing import Any

import sqlalchemy as sa
from flask import current_app

from contest.day.clock import running_ms
from contest.extensions import db
from contest.models import (
    AwardGrade,
    Draw,
    Judge,
    NationalSelection,
    Recusal,
    ScoreSubmission,
    StageState,
    Team,
    TeamAward,
    TeamStatus,
    Venue,
    utcnow,
)
from contest.ranking import standings
from contest.settings import merged


def stage_of(venue: Venue) -> StageState:
    """The venue's stage row, created on first use."""
    stage = db.session.get(StageState, venue.id)
    if stage is None:
        stage = StageState(venue=venue)
        db.session.add(stage)
        db.session.flush()
    return stage


def team_card(team: Team) -> dict[str, Any]:
    """What any public screen may show about a team: names exactly as stored."""
    return {
        "id": team.id,
        "company_name": team.company_name,
        "team_name": team.team_name,
        "unit": team.unit.name if team.unit else "",
        "mode": team.mode.value,
        "order": team.order_position,
        "status": team.status.value,
        "online_ready": team.online_ready,
    }


def _fmt(value: Decimal) -> str:
    return format(value, "f")


def progress(team: Team) -> dict[str, int]:
    """How many eligible judges have submitted for this team (no marks revealed)."""
    eligible = db.session.scalar(
        sa.select(sa.func.count(Judge.id)).where(
            Judge.venue_id == team.venue_id,
            Judge.active.is_(True),
            ~sa.exists().where(Recusal.judge_id == Judge.id, Recusal.team_id == team.id),
        )
    )
    submitted = db.session.scalar(
        sa.select(sa.func.count(sa.distinct(ScoreSubmission.judge_id))).where(
            ScoreSubmission.team_id == team.id,
            ~sa.exists().where(
                Recusal.judge_id == ScoreSubmission.judge_id, Recusal.team_id == team.id
            ),
        )
    )
    return {"submitted": submitted or 0, "expected": eligible or 0}


def _standings_rows(results: list[standings.TeamResult]) -> list[dict[str, Any]]:
    from contest.appeals.service import reviewed_team_ids

    reviewed = reviewed_team_ids(results[0].team.contest_id) if results else {}
    return [
        {
            "rank": r.standing.rank,
            "decided_by": r.standing.decided_by,
            "published": _fmt(r.score.published),
            "team": team_card(r.team),
            "reviewed": reviewed.get(r.team.id, ""),  # an appeal ruled: upheld or changed
        }
        for r in results
    ]


def _reveal(result: standings.TeamResult, show_names: bool) -> dict[str, Any]:
    from contest.day.deductions import (
        notes,  # contest.day.deductions imports the stage, which needs us
    )

    dropped_low = {m.judge for m in result.score.dropped_low}
    dropped_high = {m.judge for m in result.score.dropped_high}
    marks = []
    for mark in sorted(
        result.score.dropped_low + result.score.kept + result.score.dropped_high,
        key=lambda m: result.judges[m.judge].number,
    ):
        judge = result.judges[mark.judge]
        marks.append(
            {
                "judge": judge.name if show_names else judge.label,
                "total": _fmt(mark.total),
                "dropped": "low"
                if mark.judge in dropped_low
                else "high"
                if mark.judge in dropped_high
                else None,
            }
        )
    return {
        "team": team_card(result.team),
        "marks": marks,
        "trimmed": result.score.trimmed,
        "deductions": _fmt(result.score.deductions),
        "deduction_notes": notes(result.team.id),  # 超时 1分20秒，按规则扣 1 分
        "published": _fmt(result.score.published),
        "rank": result.standing.rank,
    }


def published_results(contest) -> dict[str, Any] | None:
    """Award grades and national candidates, once staff have published them, best first."""
    if contest.results_published_at is None:
        return None
    # The contest-wide ranking orders each list; a team without a score goes last.
    rank = {r.team.id: r.standing.rank for r in standings.compute(contest)}

    def by_rank(team: Team) -> tuple[int, int, int]:
        return (rank.get(team.id, 10**6), team.order_position or 10**6, team.id)

    awards = db.session.execute(
        sa.select(AwardGrade, Team)
        .join(TeamAward, TeamAward.grade_id == AwardGrade.id)
        .join(Team, Team.id == TeamAward.team_id)
        .where(AwardGrade.contest_id == contest.id)
        .order_by(AwardGrade.position)
    ).all()
    groups: dict[int, dict[str, Any]] = {}
    for grade, team in awards:
        groups.setdefault(grade.id, {"grade": grade.name, "teams": []})["teams"].append(team)
    national = db.session.scalars(
        sa.select(Team)
        .join(NationalSelection, NationalSelection.team_id == Team.id)
        .where(Team.contest_id == contest.id, NationalSelection.selected.is_(True))
    )
    return {
        "published_at": contest.results_published_at.isoformat(),
        "awards": [
            {"grade": g["grade"], "teams": [team_card(t) for t in sorted(g["teams"], key=by_rank)]}
            for g in groups.values()
        ],
        "national": [team_card(team) for team in sorted(national, key=by_rank)],
    }


def running_order(venue: Venue) -> list[Team]:
    """The venue's teams in presentation order (undrawn teams last, by id)."""
    return list(
        db.session.scalars(
            sa.select(Team)
            .where(Team.venue_id == venue.id)
            .order_by(Team.order_position.is_(None), Team.order_position, Team.id)
        )
    )


def _first_waiting(order: list[Team], on_stage: int | None) -> Team | None:
    return next((t for t in order if t.status is TeamStatus.WAITING and t.id != on_stage), None)


def next_team(venue: Venue, stage: StageState) -> Team | None:
    """Who presents next: the first waiting team in the order, other than the one on stage."""
    return _first_waiting(running_order(venue), stage.team_id)


def _draw(venue_id: int) -> dict[str, Any] | None:
    """The latest draw of lots, for the scene that shows it (sent only in that scene)."""
    record = db.session.scalar(
        sa.select(Draw).where(Draw.venue_id == venue_id).order_by(Draw.id.desc()).limit(1)
    )
    if record is None:
        return None
    teams = {t.id: t for t in db.session.scalars(sa.select(Team).where(Team.id.in_(record.order)))}
    return {
        "seed": record.seed,
        "algorithm": record.algorithm,
        "witnesses": record.witnesses,
        "drawn_at": record.drawn_at.isoformat(),
        "order": [team_card(teams[i]) for i in record.order if i in teams],
    }


def _draw_commit(venue_id: int) -> dict[str, Any] | None:
    from contest.fairdraw.service import for_screens

    return for_screens(venue_id)


def venue_snapshot(venue: Venue) -> dict[str, Any]:
    """The public state of a venue: safe for the hall display and remote viewers.

    Cached per venue on the feed version (stage_states.seq), which everything a screen
    shows bumps: late in the day a snapshot costs 80-180 ms, and a thousand viewers
    reconnecting after a Wi-Fi blip would otherwise each have one built.
    """
    stage = stage_of(venue)
    cache: dict[int, tuple[int, dict[str, Any]]] = current_app.extensions.setdefault(
        "contest.snapshots", {}
    )
    hit = cache.get(venue.id)
    if hit is not None and hit[0] == stage.seq:
        return {**hit[1], "server_time": utcnow().isoformat()}
    snapshot = _build(venue, stage)
    cache[venue.id] = (stage.seq, snapshot)
    return dict(snapshot)


def _build(venue: Venue, stage: StageState) -> dict[str, Any]:
    settings = merged(venue.contest.settings)
    results = standings.compute(venue.contest, venue_id=venue.id, only_revealed=True)
    revealed = next((r for r in results if r.team.id == stage.revealed_team_id), None)
    order = running_order(venue)
    upcoming = _first_waiting(order, stage.team_id)
    return {
        "version": stage.seq,
        "updated_at": stage.updated_at.isoformat(),
        "server_time": utcnow().isoformat(),
        "contest": {
            "id": venue.contest.id,
            "name": venue.contest.name,
            "logo": settings["display"].get("logo") or None,  # the welcome scene's logo file
        },
        "venue": {"id": venue.id, "name": venue.name},
        "stage": {
            "version": stage.version,
            "scene": stage.scene.value,
            "scoring_open": stage.scoring_open,
            "team": team_card(stage.team) if stage.team else None,
            "progress": progress(stage.team) if stage.team else None,
            "timer": {
                "phase": stage.timer_phase.value,
                "elapsed_ms": stage.timer_elapsed_ms,
                # Derived from the measured run, so screens follow the monotonic clock too.
                "running_since": (utcnow() - timedelta(milliseconds=running_ms(stage))).isoformat()
                if stage.timer_started_at
                else None,
                "talk_seconds": settings["timer"]["talk_seconds"],
                "qa_seconds": settings["timer"]["qa_seconds"],
                "warning_seconds": settings["timer"]["warning_seconds"],
            },
        },
        "break_ends_at": stage.break_ends_at.isoformat() if stage.break_ends_at else None,
        "next_up": team_card(upcoming) if upcoming else None,
        "running_order": [team_card(t) for t in order],
        "reveal": _reveal(revealed, settings["display"]["show_judge_names"]) if revealed else None,
        "draw": _draw(venue.id) if stage.scene.value == "draw" else None,
        "draw_commit": _draw_commit(venue.id),  # a witnessed draw's published hash
        "standings": _standings_rows(results),
        "results": published_results(venue.contest),
    }
