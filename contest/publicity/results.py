"""The season's proposed results: which contests, the snapshot (version 1) and 复核 versions."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import sqlalchemy as sa
from flask_babel import gettext as _

from contest import audit
from contest.extensions import db
from contest.models import Contest, NationalSelection, TeamAward
from contest.publicity.calendar import PublicityRefused
from contest.publicity.models import Notice, ResultList, SeasonContest
from contest.ranking import standings


def linked_ids(season_id: int) -> list[int]:
    return list(
        db.session.scalars(
            sa.select(SeasonContest.contest_id)
            .where(SeasonContest.season_id == season_id)
            .order_by(SeasonContest.id)
        )
    )


def linked_contests(season_id: int) -> list[Contest]:
    ids = linked_ids(season_id)
    found = {c.id: c for c in db.session.scalars(sa.select(Contest).where(Contest.id.in_(ids)))}
    return [found[i] for i in ids if i in found]  # a removed contest simply drops out


def link(*, season_id: int, contest_id: int, staff_id: int) -> None:
    """Make a contest's results part of the season's (before the 公示 opens)."""
    _refuse_if_open(season_id)
    if db.session.get(Contest, contest_id) is None:
        raise PublicityRefused(_("未找到该比赛；请刷新页面后重新选择"))
    taken = db.session.scalar(
        sa.select(SeasonContest).where(SeasonContest.contest_id == contest_id)
    )
    if taken is not None:
        raise PublicityRefused(_("该比赛已列入评选年度，无需重复添加"))
    db.session.add(SeasonContest(season_id=season_id, contest_id=contest_id))
    db.session.flush()
    audit.record(
        "publicity.contest_linked",
        actor=f"staff:{staff_id}",
        subject=f"season:{season_id}",
        data={"contest_id": contest_id},
    )


def unlink(*, season_id: int, contest_id: int, staff_id: int) -> None:
    _refuse_if_open(season_id)
    row = db.session.scalar(
        sa.select(SeasonContest).where(
            SeasonContest.season_id == season_id, SeasonContest.contest_id == contest_id
        )
    )
    if row is None:
        raise PublicityRefused(_("该比赛未列入本年度；请刷新页面"))
    db.session.delete(row)
    audit.record(
        "publicity.contest_unlinked",
        actor=f"staff:{staff_id}",
        subject=f"season:{season_id}",
        data={"contest_id": contest_id},
    )


def _refuse_if_open(season_id: int) -> None:
    if db.session.scalar(sa.select(Notice.id).where(Notice.season_id == season_id)):
        raise PublicityRefused(_("公示已开始，不能再调整参评比赛；结果如需变更请走复核"))


def _score(value: Decimal | None) -> str:
    return "" if value is None else f"{value:.2f}"


def proposed_rows(contests: list[Contest]) -> list[dict[str, Any]]:
    """Per ranked team: exact names, 推荐单位, score, rank, grade and national candidacy."""
    rows: list[dict[str, Any]] = []
    for contest in contests:
        results = standings.compute(contest)
        ids = [r.team.id for r in results]
        awards = {
            a.team_id: a.grade.name
            for a in db.session.scalars(sa.select(TeamAward).where(TeamAward.team_id.in_(ids)))
        }
        national = set(
            db.session.scalars(
                sa.select(NationalSelection.team_id).where(
                    NationalSelection.team_id.in_(ids), NationalSelection.selected
                )
            )
        )
        for r in results:
            rows.append(
                {
                    "contest_id": contest.id,
                    "contest": contest.name,
                    "team_id": r.team.id,
                    "company": r.team.company_name,
                    "team": r.team.team_name,
                    "unit": r.team.unit.name if r.team.unit else "",
                    "score": _score(r.standing.published),
                    "rank": r.standing.rank,
                    "grade": awards.get(r.team.id, ""),
                    "national": r.team.id in national,
                }
            )
    return rows


def versions(season_id: int) -> list[ResultList]:
    return list(
        db.session.scalars(
            sa.select(ResultList)
            .where(ResultList.season_id == season_id)
            .order_by(ResultList.version)
        )
    )


def current(season_id: int) -> ResultList | None:
    return db.session.scalar(
        sa.select(ResultList)
        .where(ResultList.season_id == season_id)
        .order_by(ResultList.version.desc())
        .limit(1)
    )


def snapshot(*, season_id: int, staff_id: int) -> ResultList:
    """Version 1: the linked contests' results as they stand, pending the 公示."""
    _refuse_if_open(season_id)
    contests = linked_contests(season_id)
    if not contests:
        raise PublicityRefused(_("请先选择本年度的发表赛，再生成拟公示名单"))
    rows = proposed_rows(contests)
    if not rows:
        raise PublicityRefused(_("所选比赛还没有已定分的班组；请先在比赛中完成评分与定分"))
    ungraded = [r for r in rows if not r["grade"]]
    if len(ungraded) == len(rows):
        raise PublicityRefused(_("所选比赛尚未确定奖项；请先在“获奖与推荐”中确认奖项"))
    for old in versions(season_id):  # before the 公示, a fresh snapshot replaces the draft
        db.session.delete(old)
    db.session.flush()
    made = ResultList(season_id=season_id, version=1, rows=rows, created_by_id=staff_id)
    db.session.add(made)
    db.session.flush()
    audit.record(
        "publicity.snapshot",
        actor=f"staff:{staff_id}",
        subject=f"season:{season_id}",
        data={"version": 1, "teams": len(rows)},
    )
    return made


def revise(
    *, season_id: int, team_id: int, grade: str, national: bool, reason: str, staff_id: int
) -> ResultList:
    """复核: a changed result for one team is a new version of the list, with the reason."""
    reason = reason.strip()
    if not reason:
        raise PublicityRefused(_("复核调整必须填写原因（如：异议 YY-2026-001 核查属实）"))
    notice = db.session.scalar(sa.select(Notice).where(Notice.season_id == season_id))
    if notice is None:
        raise PublicityRefused(_("公示开始后才能进行复核调整；公示前请重新生成拟公示名单"))
    if notice.published_at is not None:
        raise PublicityRefused(_("结果已正式发布，不能再调整"))
    latest = current(season_id)
    rows = [dict(r) for r in latest.rows]
    target = next((r for r in rows if r["team_id"] == team_id), None)
    if target is None:
        raise PublicityRefused(_("名单中没有该班组；请刷新页面后重新选择"))
    before = {"grade": target["grade"], "national": target["national"]}
    after = {"grade": grade.strip()[:50], "national": national}
    if before == after:
        raise PublicityRefused(_("调整后的结果与当前版本相同；如无变化无需复核调整"))
    target.update(after)
    made = ResultList(
        season_id=season_id,
        version=latest.version + 1,
        rows=rows,
        reason=reason[:500],
        created_by_id=staff_id,
    )
    db.session.add(made)
    db.session.flush()
    audit.record(
        "publicity.revised",
        actor=f"staff:{staff_id}",
        subject=f"season:{season_id}",
        data={
            "version": made.version,
            "team_id": team_id,
            "before": before,
            "after": after,
            "reason": made.reason,
        },
    )
    return made
