"""Staff page: how consistent each judge is with the rest of the panel, venue by venue."""

from __future__ import annotations

import math
from collections import defaultdict
from dataclasses import dataclass

from flask import render_template
from flask_babel import gettext as _

from contest.admin import bp
from contest.auth.guards import admin_required
from contest.extensions import db
from contest.models import Contest, Judge
from contest.ranking import standings
from contest.ranking.consistency import (
    DEFAULT_THRESHOLD,
    JudgeConsistency,
    MarkRow,
    format_stat,
    judge_consistency,
)

# Chart geometry in SVG user units; the <svg> scales to the card's width (~1190 px at 1280).
WIDTH = 1160
LABEL_RIGHT = 120  # judge labels end here
PLOT_LEFT, PLOT_RIGHT = 150, WIDTH - 160  # the value column sits to the right of the plot
ROW, BAR, TOP, AXIS = 34, 16, 8, 34


@dataclass(frozen=True)
class ChartRow:
    label: str
    flagged: bool
    y: float  # top of the row
    bar_x: float | None  # None when the judge has no team to compare on
    bar_width: float
    whisker: tuple[float, float] | None
    value: str  # signed mean deviation, ± sd of the deviations
    title: str  # tooltip


@dataclass(frozen=True)
class Chart:
    width: int
    height: int
    zero_x: float
    plot_bottom: float
    ticks: list[tuple[float, str]]
    rows: list[ChartRow]
    label_x: int = LABEL_RIGHT
    value_x: int = WIDTH - 8
    row_height: int = ROW
    bar_height: int = BAR


@dataclass(frozen=True)
class VenueReport:
    name: str
    judges: list[tuple[JudgeConsistency, Judge]]
    chart: Chart | None


@bp.route("/contests/<int:contest_id>/consistency")
@admin_required
def judge_consistency_page(contest_id: int):
    contest = db.get_or_404(Contest, contest_id)
    rows, people = load_rows(contest)
    venues = [(venue.id, venue.name) for venue in contest.venues]
    if rows.get(None):  # scored teams not assigned to a venue (e.g. imported scores)
        venues.append((None, _("未分配分会场")))
    reports = []
    for venue_id, name in venues:
        results = judge_consistency(rows.get(venue_id, []), threshold=DEFAULT_THRESHOLD)
        reports.append(
            VenueReport(
                name=name,
                judges=[(r, people[r.judge]) for r in results],
                chart=chart(results) if results else None,
            )
        )
    return render_template(
        "admin/consistency.html",
        contest=contest,
        reports=reports,
        threshold=DEFAULT_THRESHOLD,
        stat=format_stat,
    )


def load_rows(contest: Contest) -> tuple[dict[int | None, list[MarkRow]], dict[str, Judge]]:
    """Rows per venue from the standings: current versions, recusals out, trim breakdown."""
    # compute() loads through standings.current_submissions and keeps teams whose scoring
    # has closed, so a panel still scoring (or a revision still possible) is not counted,
    # and "dropped" means exactly what the reveal showed.
    rows: dict[int | None, list[MarkRow]] = defaultdict(list)
    people: dict[str, Judge] = {}
    for result in standings.compute(contest):
        score = result.score
        ends = [(score.kept, None), (score.dropped_low, "low"), (score.dropped_high, "high")]
        for marks, dropped in ends:
            for mark in marks:
                judge = people[mark.judge] = result.judges[mark.judge]
                rows[result.team.venue_id].append(
                    MarkRow(mark.judge, judge.label, result.team.id, mark.total, dropped)
                )
    return rows, people


def _scale(extent: float) -> tuple[float, float]:
    """A round axis limit at or above `extent`, and a tick step giving at most 5 ticks a side."""
    for step in (0.5, 1, 2, 5, 10, 20, 25, 50):
        limit = step * max(1, math.ceil(extent / step))
        if limit / step <= 5:
            return limit, step
    return 100.0, 25.0


def chart(results: list[JudgeConsistency]) -> Chart:
    """Bars of each judge's signed mean deviation around zero, whiskers of ± 1 sd."""
    reach = [
        abs(r.mean_deviation) + (r.deviation_sd or 0)
        for r in results
        if r.mean_deviation is not None
    ]
    limit, step = _scale(max([1.0, *reach]) * 1.05)  # a little air past the longest bar
    zero = (PLOT_LEFT + PLOT_RIGHT) / 2
    per_point = (PLOT_RIGHT - PLOT_LEFT) / 2 / limit

    def x(value: float) -> float:
        return round(zero + value * per_point, 1)

    rows = []
    for index, r in enumerate(results):
        y = TOP + index * ROW
        mean, sd = r.mean_deviation, r.deviation_sd
        whisker = (x(mean - sd), x(mean + sd)) if mean is not None and sd is not None else None
        value = format_stat(mean, signed=True)
        if sd is not None:
            value += f" ± {format_stat(sd)}"
        rows.append(
            ChartRow(
                label=r.label,
                flagged=r.flagged,
                y=y,
                bar_x=None if mean is None else min(x(0), x(mean)),
                bar_width=0 if mean is None else max(1.0, abs(x(mean) - x(0))),
                whisker=whisker,
                value=value if mean is not None else _("无可比较"),
                title=_(
                    "%(label)s：平均偏差 %(mean)s，%(n)d 个班组",
                    label=r.label,
                    mean=format_stat(mean, signed=True),
                    n=r.compared,
                ),
            )
        )
    count = round(limit / step)
    places = 0 if step >= 1 else 1
    ticks = [
        (x(k * step), format_stat(k * step, signed=True, places=places))
        for k in range(-count, count + 1)
    ]
    bottom = TOP + len(results) * ROW
    return Chart(WIDTH, bottom + AXIS, x(0), bottom, ticks, rows)
