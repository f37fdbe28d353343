"""评审汇总表 in the layout of the notice's form 2-4, one sheet per recommending unit.

Form 2-4 is filled in and stamped by each recommending unit, so each unit gets its own
sheet (and its own printed page) rather than one sheet with sections: a unit can be sent
exactly its page. Teams that applied directly, without a unit, share a 「直接申报」 sheet.

Columns as the form has them: 序号, 企业/班组名称 (company, a line break, team: both exact),
材料评价 (left empty: the document review's assessment is written by the reviewers, the
system does not hold it), 打分/排序 (the final score with the published decimals and the
team's place in the whole contest, e.g. 「93.00 / 第1名」) and 评委 (the judges whose marks
counted for the team, by name, in judge-number order).
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import TYPE_CHECKING

from flask_babel import gettext as _

from contest.exports.ranking import Facts, load, print_setup, status_label
from contest.exports.safety import display_width, put, sheet_title
from contest.models import Contest, RecommendingUnit, Team
from contest.ranking.standings import TeamResult

if TYPE_CHECKING:
    from openpyxl.worksheet.worksheet import Worksheet
    from pandas import DataFrame

WIDTHS = (6, 44, 40, 20, 30)  # 序号, 名称, 材料评价, 打分/排序, 评委
LINE_HEIGHT = 16  # points per wrapped line
MIN_ROW_HEIGHT = 48  # room for reviewers to write an assessment by hand


@dataclass(frozen=True)
class UnitSheet:
    unit: str  # the recommending unit's name, or 直接申报
    frame: DataFrame


def title(contest: Contest) -> str:
    return _("%(year)s年上海市“质量信得过班组”建设经验材料评审汇总表", year=contest.year)


def score_and_place(result: TeamResult | None, team: Team, decimals: int, scores: int = 0) -> str:
    """「93.00 / 第1名」, 「90.50 / 第2名（并列）」, or why there is no score."""
    if result is None:
        return status_label(team, scores)
    score = format(result.score.published, f".{decimals}f")
    if result.standing.decided_by == "tie":
        return _("%(score)s / 第%(rank)s名（并列）", score=score, rank=result.standing.rank)
    return _("%(score)s / 第%(rank)s名", score=score, rank=result.standing.rank)


def panel_names(result: TeamResult | None) -> str | None:
    if result is None:
        return None
    judges = sorted(result.judges.values(), key=lambda j: (j.venue_id or 0, j.number))
    return "、".join(j.name for j in judges)


def unit_sheets(facts: Facts) -> list[UnitSheet]:
    import pandas as pd

    results = {r.team.id: r for r in facts.overall}
    groups: dict[int | None, list[Team]] = {}
    for team in facts.teams:
        groups.setdefault(team.unit_id, []).append(team)
    units = {u.id: u for u in facts.contest.units}
    keys: list[int | None] = sorted(k for k in groups if k is not None)
    keys += [None] if None in groups else []
    columns = [_("序号"), _("企业/班组名称"), _("材料评价（符合标准程度/特色/不足之处）")]
    columns += [_("打分/排序"), _("评委")]
    sheets = []
    for key in keys:
        teams = sorted(
            groups[key],
            key=lambda t: (
                results[t.id].standing.rank if t.id in results else math.inf,
                t.order_position or math.inf,
                t.id,
            ),
        )
        rows = [
            [
                serial,
                f"{team.company_name}\n{team.team_name}",
                None,
                score_and_place(
                    results.get(team.id), team, facts.decimals, facts.pending.get(team.id, 0)
                ),
                panel_names(results.get(team.id)),
            ]
            for serial, team in enumerate(teams, 1)
        ]
        unit: RecommendingUnit | None = units.get(key) if key is not None else None
        sheets.append(
            UnitSheet(
                unit=unit.name if unit else _("直接申报"),
                frame=pd.DataFrame(rows, columns=columns, dtype=object),
            )
        )
    if not sheets:
        sheets.append(UnitSheet(unit="", frame=pd.DataFrame([], columns=columns, dtype=object)))
    return sheets


def _write_sheet(ws: Worksheet, contest: Contest, sheet: UnitSheet) -> None:
    from openpyxl.styles import Alignment, Border, Font, Side

    edge = Side(style="thin", color="000000")
    box = Border(left=edge, right=edge, top=edge, bottom=edge)
    wrap = Alignment(vertical="center", wrap_text=True)
    centre = Alignment(horizontal="center", vertical="center", wrap_text=True)
    last = len(WIDTHS)

    put(ws, 1, 1, title(contest)).font = Font(bold=True, size=16)
    ws.cell(1, 1).alignment = centre
    ws.merge_cells(start_row=1, start_column=1, end_row=1, end_column=last)
    ws.row_dimensions[1].height = 30
    put(ws, 2, 1, contest.name).alignment = centre
    ws.merge_cells(start_row=2, start_column=1, end_row=2, end_column=last)
    put(ws, 3, 1, _("推荐行业/各区/集团（盖章）：%(unit)s", unit=sheet.unit))
    ws.merge_cells(start_row=3, start_column=1, end_row=3, end_column=last)

    header = 4
    for i, column in enumerate(sheet.frame.columns, 1):
        cell = put(ws, header, i, column)
        cell.font, cell.alignment, cell.border = Font(bold=True), centre, box
    for r, values in enumerate(sheet.frame.itertuples(index=False, name=None), header + 1):
        lines = 2
        for i, value in enumerate(values, 1):
            cell = put(ws, r, i, value)
            cell.border = box
            cell.alignment = centre if i in (1, 4) else wrap
            if isinstance(value, str):
                width = WIDTHS[i - 1]
                lines = max(
                    lines, sum(math.ceil(display_width(p) / width) or 1 for p in value.split("\n"))
                )
        ws.row_dimensions[r].height = max(MIN_ROW_HEIGHT, lines * LINE_HEIGHT)

    footer = header + len(sheet.frame) + 2
    put(ws, footer, 2, _("填表人："))
    put(ws, footer, 3, _("电话："))
    put(ws, footer, 4, _("填表日期："))
    put(ws, footer + 1, 1, _("注：对质量信得过班组进行材料结合现场的评价，必要时，进行现场抽查。"))
    put(ws, footer + 2, 1, _("打分为发表赛最后得分；排序为在全部参赛班组中的名次。"))

    from openpyxl.utils import get_column_letter

    for i, width in enumerate(WIDTHS, 1):
        ws.column_dimensions[get_column_letter(i)].width = width
    ws.freeze_panes = ws.cell(header + 1, 1).coordinate
    print_setup(ws, title_rows=f"{header}:{header}")


def build(contest: Contest) -> bytes:
    """Form 2-4 for every recommending unit of the contest."""
    from io import BytesIO

    from openpyxl import Workbook

    workbook = Workbook()
    workbook.remove(workbook.active)
    taken: set[str] = set()
    for sheet in unit_sheets(load(contest)):
        ws = workbook.create_sheet(sheet_title(sheet.unit or _("评审汇总表"), taken))
        _write_sheet(ws, contest, sheet)
    buffer = BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
