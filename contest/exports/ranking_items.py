"""Each venue's per-item marks: one row per team and judge, one column per score-sheet item."""

from __future__ import annotations

from flask_babel import gettext as _

from contest.exports.ranking import (
    Facts,
    SheetTable,
    heading_lines,
    judge_heading,
    places_format,
)
from contest.models import Venue
from contest.ranking.standings import current_submissions


def items_table(facts: Facts, venue: Venue) -> SheetTable:
    """The venue's ranked teams, each judge's mark for every item, and which totals were dropped."""
    import pandas as pd

    results = facts.by_venue[venue.id]
    judges = facts.judges.get(venue.id, [])
    items = list(facts.contest.items)
    item_heads = [f"{item.name}（{item.maximum.normalize():f}）" for item in items]
    rank, order, judge_col, total, note = _("名次"), _("序号"), _("评委"), _("总分"), _("备注")
    columns = [rank, order, _("企业名称"), _("班组名称"), judge_col, *item_heads, total, note]
    submitted = {
        (s.team_id, s.judge_id): s for s in current_submissions([r.team.id for r in results])
    }
    rows, struck = [], set()
    for result in sorted(results, key=lambda r: (r.standing.rank, r.team.order_position or 0)):
        team, score = result.team, result.score
        high = {result.judges[m.judge].id for m in score.dropped_high}
        low = {result.judges[m.judge].id for m in score.dropped_low}
        for judge in judges:
            row: list[object] = [
                result.standing.rank,
                team.order_position,
                team.company_name,
                team.team_name,
                judge_heading(judge),
            ]
            submission = submitted.get((team.id, judge.id))
            if (judge.id, team.id) in facts.recused:
                row += [None] * len(items) + [None, _("回避")]
            elif submission is None:
                row += [None] * len(items) + [None, _("未提交")]
            else:
                by_item = {mark.item_id: mark.value for mark in submission.marks}
                row += [by_item.get(item.id) for item in items] + [submission.total]
                row.append(
                    _("去掉的最高分")
                    if judge.id in high
                    else _("去掉的最低分")
                    if judge.id in low
                    else None
                )
                if judge.id in high | low:
                    struck.add((len(rows), total))
            rows.append(row)
    frame = pd.DataFrame(rows, columns=columns, dtype=object)
    marks_format = places_format(v for c in (*item_heads, total) for v in frame[c])
    which = _("%(venue)s 各项得分", venue=venue.name)
    return SheetTable(
        title=which,
        frame=frame,
        formats={c: marks_format for c in (*item_heads, total)},
        struck=frozenset(struck),
        notes=(_("注：每位评委对每个班组各评分项的打分；删除线表示计算最后得分时去掉的总分。"),),
        header=f"{facts.contest.name} · {which}",
        heading=heading_lines(facts.contest, _("%(which)s明细表", which=which)),
        signatures=True,
    )
