"""What a change of rules does to figures already computed: scores, ranks and panels.

Taken before and after the change inside the same transaction, so the list staff see is
exactly what the new rules produce from the stored scores.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

import sqlalchemy as sa

from contest.extensions import db
from contest.models import Contest, Judge, Team


@dataclass(frozen=True)
class Figures:
    """Each team's published score and rank, and whose scores count for it."""

    standings: dict[int, tuple[str, int]]  # team id -> (published score, rank)
    panels: dict[int, dict[int, Decimal]]  # team id -> judge id -> counted total


def take(contest: Contest) -> Figures:
    """The contest's figures as the current rules and recusals give them."""
    from contest.ranking.standings import compute, current_submissions

    standings = {
        r.team.id: (format(r.score.published, "f"), r.standing.rank) for r in compute(contest)
    }
    team_ids = list(db.session.scalars(sa.select(Team.id).where(Team.contest_id == contest.id)))
    panels: dict[int, dict[int, Decimal]] = defaultdict(dict)
    # current_submissions leaves out the scores of recused judges: exactly what counts.
    for submission in current_submissions(team_ids):
        panels[submission.team_id][submission.judge_id] = submission.total
    return Figures(standings, dict(panels))


def changed(contest: Contest, *, before: Figures, after: Figures) -> list[dict[str, Any]]:
    """One entry per team whose score, rank or counted panel differs, best new rank first."""
    team_ids = set(before.standings) | set(after.standings) | set(before.panels)
    team_ids |= set(after.panels)
    published = contest.results_published_at is not None
    entries = []
    for team_id in team_ids:
        old, new = before.standings.get(team_id), after.standings.get(team_id)
        old_panel, new_panel = before.panels.get(team_id, {}), after.panels.get(team_id, {})
        excluded = sorted(set(old_panel) - set(new_panel))
        restored = sorted(set(new_panel) - set(old_panel))
        if old == new and not excluded and not restored:
            continue
        team = db.session.get(Team, team_id)
        entries.append(
            {
                "team_id": team_id,
                "company_name": team.company_name,
                "team_name": team.team_name,
                "score": [old[0] if old else None, new[0] if new else None],
                "rank": [old[1] if old else None, new[1] if new else None],
                "revealed": team.revealed_at is not None,
                "published": published,
                "excluded": [_judge(j, old_panel[j]) for j in excluded],
                "restored": [_judge(j, new_panel[j]) for j in restored],
            }
        )
    unranked = 10**6
    entries.sort(key=lambda e: (e["rank"][1] or unranked, e["rank"][0] or unranked, e["team_id"]))
    return entries


def _judge(judge_id: int, total: Decimal) -> dict[str, str]:
    judge = db.session.get(Judge, judge_id)
    return {"judge": f"{judge.label} {judge.name}", "total": format(total, "f")}
