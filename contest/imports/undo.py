"""Undo an import as a whole: delete exactly what its batch created, while nothing used it."""

from __future__ import annotations

import sqlalchemy as sa
from flask_babel import gettext as _

from contest import audit
from contest.extensions import db
from contest.live import feed
from contest.models import (
    Contest,
    Deduction,
    Draw,
    ImportBatch,
    Judge,
    RecommendingUnit,
    Recusal,
    ScoreSubmission,
    StageState,
    Team,
    utcnow,
)
from contest.roster.recusals import sync_automatic
from contest.transactions import atomic


class UndoRefused(Exception):
    """The batch cannot be undone; the message says why, in Chinese."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


def _teams(batch: ImportBatch) -> list[Team]:
    return list(
        db.session.scalars(
            sa.select(Team).where(Team.import_batch_id == batch.id).order_by(Team.id)
        )
    )


def _judges(batch: ImportBatch) -> list[Judge]:
    return list(
        db.session.scalars(
            sa.select(Judge).where(Judge.import_batch_id == batch.id).order_by(Judge.id)
        )
    )


def _submissions(batch: ImportBatch) -> list[ScoreSubmission]:
    query = sa.select(ScoreSubmission).where(ScoreSubmission.import_batch_id == batch.id)
    return list(db.session.scalars(query.order_by(ScoreSubmission.id)))


def _team_blocker(team: Team) -> str | None:
    name = team.display_name
    scored = db.session.scalar(sa.select(sa.func.count()).where(ScoreSubmission.team_id == team.id))
    if scored:
        return _("班组「%(team)s」已有评分", team=name)
    if team.revealed_at is not None or team.scoring_closed_at is not None:
        return _("班组「%(team)s」已结束评分或揭晓", team=name)
    on_stage = db.session.scalar(
        sa.select(sa.func.count()).where(
            sa.or_(StageState.team_id == team.id, StageState.revealed_team_id == team.id)
        )
    )
    if on_stage:
        return _("班组「%(team)s」正在台上", team=name)
    if db.session.scalar(sa.select(sa.func.count()).where(Deduction.team_id == team.id)):
        return _("班组「%(team)s」已有扣分记录", team=name)
    if team.venue_id is not None:
        draws = db.session.scalars(sa.select(Draw.entrants).where(Draw.venue_id == team.venue_id))
        if any(team.id in entrants for entrants in draws):
            return _("班组「%(team)s」已参加抽签（抽签记录须保持可重演）", team=name)
    return None


def blocker(batch: ImportBatch) -> str | None:
    """Why the batch can no longer be undone, or None when it can."""
    if batch.undone_at is not None:
        return _("这次导入已经撤销")
    if batch.kind == "teams":
        return next((why for t in _teams(batch) if (why := _team_blocker(t))), None)
    if batch.kind == "judges":
        for judge in _judges(batch):
            query = sa.select(sa.func.count()).where(ScoreSubmission.judge_id == judge.id)
            if db.session.scalar(query):
                return _("评委「%(judge)s」已经评分", judge=f"{judge.label} {judge.name}")
        return None
    for submission in _submissions(batch):
        team = submission.team
        if team.revealed_at is not None:
            return _("班组「%(team)s」的成绩已经揭晓", team=team.display_name)
        later = db.session.scalar(
            sa.select(sa.func.count()).where(
                ScoreSubmission.team_id == team.id,
                ScoreSubmission.judge_id == submission.judge_id,
                ScoreSubmission.version > submission.version,
                sa.or_(
                    ScoreSubmission.import_batch_id.is_(None),
                    ScoreSubmission.import_batch_id != batch.id,
                ),
            )
        )
        if later:
            judge = submission.judge
            return _(
                "%(judge)s对班组「%(team)s」的评分在导入后又有新版本",
                judge=f"{judge.label} {judge.name}",
                team=team.display_name,
            )
    return None


def undo_batch(*, contest_id: int, batch_id: int, actor: str, staff_id: int | None) -> str:
    """Delete what the batch created, in one audited transaction; the summary in Chinese."""
    return atomic(lambda: _undo(contest_id, batch_id, actor, staff_id))


def _undo(contest_id: int, batch_id: int, actor: str, staff_id: int | None) -> str:
    batch = db.session.get(ImportBatch, batch_id)
    if batch is None or batch.contest_id != contest_id:
        raise UndoRefused(_("本比赛没有这次导入"))
    why = blocker(batch)
    if why is not None:
        raise UndoRefused(_("不能撤销这次导入：%(why)s", why=why))
    contest = db.session.get(Contest, contest_id)
    venues: set[int] = set()
    deleted: dict[str, int] = {}
    if batch.kind == "teams":
        teams = _teams(batch)
        ids = [t.id for t in teams]
        venues.update(t.venue_id for t in teams if t.venue_id is not None)
        db.session.execute(sa.delete(Recusal).where(Recusal.team_id.in_(ids)))
        for team in teams:
            db.session.delete(team)
        db.session.flush()
        deleted = {"teams": len(ids), "units": _drop_units(batch)}
        summary = _("已撤销导入：删除 %(teams)s 个班组", teams=len(ids))
    elif batch.kind == "judges":
        judges = _judges(batch)
        ids = [j.id for j in judges]
        venues.update(j.venue_id for j in judges if j.venue_id is not None)
        db.session.execute(sa.delete(Recusal).where(Recusal.judge_id.in_(ids)))
        for judge in judges:
            db.session.delete(judge)
        db.session.flush()
        deleted = {"judges": len(ids)}
        summary = _("已撤销导入：删除 %(judges)s 位评委", judges=len(ids))
    else:
        submissions = _submissions(batch)
        venues.update(s.team.venue_id for s in submissions if s.team.venue_id is not None)
        for submission in submissions:
            db.session.delete(submission)
        db.session.flush()
        deleted = {"scores": len(submissions)}
        summary = _("已撤销导入：删除 %(scores)s 条评分", scores=len(submissions))
    sync_automatic(contest, actor=actor)
    batch.undone_at = utcnow()
    batch.undone_by_id = staff_id
    for venue_id in sorted(venues):
        feed.bump(venue_id)
    audit.record(
        "import.undone",
        actor=actor,
        subject=f"contest:{contest_id}",
        data={"batch": batch.id, "kind": batch.kind, "file": batch.filename, **deleted},
        contest_id=contest_id,
    )
    return summary


def _drop_units(batch: ImportBatch) -> int:
    """Recommending units this batch created that no team or judge uses any more."""
    count = 0
    for unit_id in batch.summary.get("unit_ids", []):
        unit = db.session.get(RecommendingUnit, unit_id)
        if unit is None:
            continue
        used = db.session.scalar(
            sa.select(sa.func.count()).where(Team.unit_id == unit.id)
        ) or db.session.scalar(sa.select(sa.func.count()).where(Judge.unit_id == unit.id))
        if not used:
            db.session.delete(unit)
            count += 1
    db.session.flush()
    return count
