"""The final ranking workbook: 总排名 first, then one sheet per venue with every judge's total.

Pure transform: the database is read once into `Facts`; each sheet is a DataFrame plus
which cells are struck through and which number format each column takes; `write_tables`
turns those into the file. Teams whose scoring has not closed (or who were absent,
withdrew or were disqualified) are listed after the ranked teams, with the reason in the
名次 column instead of a rank: the export is the record of the whole field, and a team
that silently went missing would look like lost data.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal
from typing import TYPE_CHECKING

import sqlalchemy as sa
from flask_babel import gettext as _

from contest import audit
from contest.exports.safety import display_width, put, sheet_title
from contest.extensions import db
from contest.models import (
    AwardGrade,
    Contest,
    Judge,
    NationalSelection,
    Recusal,
    Team,
    TeamAward,
    TeamStatus,
    Venue,
)
from contest.ranking import finalise, standings
from contest.ranking.standings import TeamResult

if TYPE_CHECKING:
    from openpyxl.worksheet.worksheet import Worksheet
    from pandas import DataFrame

BOLD_FILL, STRUCK_FILL, STRUCK_COLOR = "F2F2F2", "D9D9D9", "7F7F7F"
WIDTH_CAP = 60  # characters; longer names wrap


@dataclass(frozen=True)
class Facts:
    """Everything the ranking shows, read from the database once."""

    contest: Contest
    decimals: int
    overall: list[TeamResult]
    by_venue: dict[int, list[TeamResult]]
    teams: list[Team]
    judges: dict[int | None, list[Judge]]  # venue id -> judges by number
    recused: set[tuple[int, int]]  # (judge id, team id)
    awards: dict[int, str]  # team id -> grade name
    national: set[int]  # team ids put forward
    pending: dict[int, int] = field(default_factory=dict)  # team id -> scores not finalised
    chain: str = ""  # the audit log's head when exported, under the signatures


@dataclass(frozen=True)
class SheetTable:
    """One worksheet: a header row, data rows, and how to present them."""

    title: str
    frame: DataFrame
    formats: dict[str, str] = field(default_factory=dict)  # column -> number format
    struck: frozenset[tuple[int, str]] = frozenset()  # (row, column) of dropped marks
    notes: tuple[str, ...] = ()
    header: str = ""  # printed at the top of each page
    heading: tuple[str, ...] = ()  # the sheet's title and date lines, above the table
    signatures: bool = False  # 评委组长签字 and 监督签字 lines under the notes
    chain: str = ""  # the audit log's head, printed under the signatures


HEAD_ROW = 4  # title, date, a blank row, then the table's header


def load(contest: Contest) -> Facts:
    teams = list(
        db.session.scalars(
            sa.select(Team).where(Team.contest_id == contest.id).order_by(Team.order_position)
        )
    )
    judges: dict[int | None, list[Judge]] = {}
    for judge in db.session.scalars(
        sa.select(Judge).where(Judge.contest_id == contest.id).order_by(Judge.number)
    ):
        judges.setdefault(judge.venue_id, []).append(judge)
    in_contest = sa.select(Team.id).where(Team.contest_id == contest.id)
    recused = db.session.execute(
        sa.select(Recusal.judge_id, Recusal.team_id).where(Recusal.team_id.in_(in_contest))
    )
    awards = db.session.execute(
        sa.select(TeamAward.team_id, AwardGrade.name)
        .join(AwardGrade)
        .where(TeamAward.team_id.in_(in_contest))
    )
    national = db.session.scalars(
        sa.select(NationalSelection.team_id).where(
            NationalSelection.team_id.in_(in_contest), NationalSelection.selected.is_(True)
        )
    )
    return Facts(
        contest=contest,
        decimals=standings.rules_for(contest).decimals,
        overall=standings.compute(contest),
        by_venue={v.id: standings.compute(contest, venue_id=v.id) for v in contest.venues},
        teams=teams,
        judges=judges,
        recused={(j, t) for j, t in recused},
        awards={team_id: name for team_id, name in awards},
        national=set(national),
        pending=finalise.pending_counts(contest=contest),
        chain=audit.head_line(),
    )


def status_label(team: Team, scores: int = 0) -> str:
    """Why a team has no rank; with scores not yet finalised, where to finalise them."""
    labels = {
        TeamStatus.ABSENT: _("缺席"),
        TeamStatus.WITHDRAWN: _("退赛"),
        TeamStatus.DISQUALIFIED: _("取消资格"),
    }
    if team.status not in labels and scores:
        return _("有 %(n)s 份评分，尚未定分（管理后台 → 导入成绩定分）", n=scores)
    return labels.get(team.status, _("未评分"))


def score_format(decimals: int) -> str:
    return "0." + "0" * decimals if decimals else "0"


def places_format(values: Iterable[object]) -> str:
    """A number format showing as many places as the most precise of these values."""
    places = 0
    for value in values:
        if isinstance(value, Decimal):
            places = max(places, -value.normalize().as_tuple().exponent)
    return score_format(places)


def marks_by_judge(result: TeamResult) -> dict[int, tuple[Decimal, bool]]:
    """Judge id -> (total, dropped) for every mark that entered the engine."""
    score = result.score
    return {
        result.judges[m.judge].id: (m.total, score.is_dropped(m.judge))
        for m in score.kept + score.dropped_low + score.dropped_high
    }


def _ordered(results: list[TeamResult], teams: list[Team]) -> list[tuple[Team, TeamResult | None]]:
    ranked = sorted(
        results, key=lambda r: (r.standing.rank, r.team.order_position or 10**6, r.team.id)
    )
    done = {r.team.id for r in ranked}
    rest = [t for t in teams if t.id not in done]
    rest.sort(key=lambda t: (t.venue.position if t.venue else 10**6, t.order_position or 10**6))
    return [(r.team, r) for r in ranked] + [(t, None) for t in rest]


def _tie_notes(results: list[TeamResult]) -> list[str]:
    from contest.ranking.rank_labels import tie_break_name

    notes = []
    for r in results:
        rule = r.standing.decided_by
        if rule in ("score", "tie"):
            continue
        how = tie_break_name(rule=rule)
        notes.append(
            _("%(name)s 与他队同分，按%(how)s排定名次。", name=r.team.display_name, how=how)
        )
    return notes


def table(facts: Facts, venue: Venue | None) -> SheetTable:
    """The overall sheet (venue None) or one venue's sheet with a column per judge."""
    import pandas as pd

    results = facts.overall if venue is None else facts.by_venue[venue.id]
    teams = [t for t in facts.teams if venue is None or t.venue_id == venue.id]
    judges = [] if venue is None else facts.judges.get(venue.id, [])
    with_deductions = any(r.score.deductions for r in results)
    rank, place, order = _("名次"), _("分会场"), _("序号")
    high, low, deducted, final = _("最高分"), _("最低分"), _("扣分"), _("最后得分")
    columns = [rank, *([place] if venue is None else []), order]
    heads = {j.id: judge_heading(j) for j in judges}
    columns += [_("推荐单位"), _("企业名称"), _("班组名称"), *heads.values()]
    columns += [high, low, *([deducted] if with_deductions else []), final]
    columns += [_("奖项等级"), _("推荐国家级")]
    rows, struck = [], set()
    for index, (team, result) in enumerate(_ordered(results, teams)):
        row: dict[str, object] = {
            rank: result.standing.rank
            if result
            else status_label(team, facts.pending.get(team.id, 0)),
            place: team.venue.name if team.venue else None,
            order: team.order_position,
            _("推荐单位"): team.unit.name if team.unit else None,
            _("企业名称"): team.company_name,
            _("班组名称"): team.team_name,
            _("奖项等级"): facts.awards.get(team.id),
            _("推荐国家级"): _("是") if team.id in facts.national else None,
        }
        if result is not None:
            marks = marks_by_judge(result)
            totals = [total for total, _dropped in marks.values()]
            row |= {high: max(totals), low: min(totals), final: result.score.published}
            row[deducted] = result.score.deductions or None
            for judge in judges:
                head = heads[judge.id]
                if (judge.id, team.id) in facts.recused:
                    row[head] = _("回避")
                elif judge.id in marks:
                    row[head] = marks[judge.id][0]
                    if marks[judge.id][1]:
                        struck.add((index, head))
                else:
                    row[head] = _("未提交")
        rows.append([row.get(c) for c in columns])
    frame = pd.DataFrame(rows, columns=columns, dtype=object)
    marks_format = places_format(
        v for c in (high, low, deducted, *heads.values()) if c in frame for v in frame[c]
    )
    formats = {c: marks_format for c in (high, low, deducted, *heads.values())}
    formats[final] = score_format(facts.decimals)
    notes = [_("注：名次相同表示并列。")]
    if venue is not None:
        notes.append(
            _(
                "删除线表示去掉的最高分/最低分；“回避”表示评委按规定回避该班组，不参与其评分；"
                "“未提交”表示该评委没有提交该班组的评分。"
            )
        )
    if len(rows) > len(results):
        notes.append(_("未列名次的班组尚未完成评分，或缺席、退赛、取消资格。"))
    name = facts.contest.name
    which = _("总排名") if venue is None else venue.name
    return SheetTable(
        title=which,
        frame=frame,
        formats=formats,
        struck=frozenset(struck),
        notes=(*notes, *_tie_notes(results)),
        chain=facts.chain,
        header=f"{name} · {which}",
        heading=heading_lines(facts.contest, _("%(which)s 成绩排名表", which=which)),
        signatures=True,
    )


def judge_heading(judge: Judge) -> str:
    """A judge's column: 「评委3 王建华」, so the signed sheet names who gave each mark."""
    return f"{judge.label} {judge.name}".strip()


def heading_lines(contest: Contest, what: str) -> tuple[str, ...]:
    """The title line and the date line above a sheet's table."""
    from datetime import datetime
    from zoneinfo import ZoneInfo

    days = [d for d in (contest.starts_on, contest.ends_on) if d is not None]
    when = "至".join(sorted({f"{d.year}年{d.month}月{d.day}日" for d in days}))
    now = datetime.now(ZoneInfo("Asia/Shanghai"))
    exported = f"{now.year}年{now.month}月{now.day}日 {now:%H:%M}"
    dated = _("比赛日期：%(when)s", when=when) + "    " if when else ""
    return (f"{contest.name} {what}", dated + _("导出时间：%(at)s", at=exported))


def signature_line() -> str:
    return _("评委组长签字：________________    监督签字：________________    日期：____________")


def tables(facts: Facts) -> list[SheetTable]:
    """总排名, then each venue's sheet followed by its per-item marks."""
    from contest.exports.ranking_items import items_table

    venues = [(table(facts, v), items_table(facts, v)) for v in facts.contest.venues]
    return [table(facts, None), *(sheet for pair in venues for sheet in pair)]


def print_setup(ws: Worksheet, *, header: str = "", title_rows: str = "1:1") -> None:
    """Landscape A4, fit to one page wide, header rows repeated, page numbers in the footer."""
    ws.page_setup.orientation = "landscape"
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.print_options.horizontalCentered = True
    ws.print_title_rows = title_rows
    if header:
        ws.oddHeader.center.text = header.replace("&", "&&")  # & starts a header code
    ws.oddFooter.center.text = "&P / &N"


def write_tables(tables: list[SheetTable]) -> bytes:
    """Write each table to its own sheet; return the .xlsx file."""
    from io import BytesIO

    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font, PatternFill
    from openpyxl.utils import get_column_letter

    workbook = Workbook()
    workbook.remove(workbook.active)
    taken: set[str] = set()
    struck_font = Font(strike=True, color=STRUCK_COLOR)
    struck_fill = PatternFill("solid", fgColor=STRUCK_FILL)
    for spec in tables:
        ws = workbook.create_sheet(sheet_title(spec.title, taken))
        columns = list(spec.frame.columns)
        head = HEAD_ROW if spec.heading else 1
        for offset, line in enumerate(spec.heading):
            cell = put(ws, 1 + offset, 1, line)
            cell.font = Font(bold=True, size=16) if offset == 0 else Font(size=11)
        widths = {i: display_width(str(c)) for i, c in enumerate(columns, 1)}
        for i, column in enumerate(columns, 1):
            cell = put(ws, head, i, column)
            cell.font = Font(bold=True)
            cell.fill = PatternFill("solid", fgColor=BOLD_FILL)
            cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
        for r, values in enumerate(spec.frame.itertuples(index=False, name=None)):
            for i, (column, value) in enumerate(zip(columns, values, strict=True), 1):
                cell = put(ws, head + 1 + r, i, value)
                if isinstance(value, int | Decimal) and column in spec.formats:
                    cell.number_format = spec.formats[column]
                    widths[i] = max(widths[i], len(format(value, "f")))
                elif value is not None:
                    widths[i] = max(widths[i], display_width(str(value)))
                    if column in spec.formats:  # 回避 among the marks
                        cell.alignment = Alignment(horizontal="center")
                    elif display_width(str(value)) > WIDTH_CAP - 2:
                        cell.alignment = Alignment(vertical="center", wrap_text=True)
                if (r, column) in spec.struck:
                    cell.font, cell.fill = struck_font, struck_fill
        below = head + len(spec.frame) + 2
        for offset, note in enumerate(spec.notes):
            put(ws, below + offset, 1, note)
        if spec.signatures:
            signed = put(ws, below + len(spec.notes) + 2, 1, signature_line())
            signed.font = Font(size=12)
            if spec.chain:  # a later truncation or rewrite of the log shows against this
                put(ws, below + len(spec.notes) + 3, 1, spec.chain).font = Font(size=9)
        ws.freeze_panes = f"A{head + 1}"
        for i, width in widths.items():
            ws.column_dimensions[get_column_letter(i)].width = min(width + 2, WIDTH_CAP)
        print_setup(ws, header=spec.header, title_rows=f"{head}:{head}")
    buffer = BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def build(contest: Contest) -> bytes:
    """The final ranking workbook of a contest."""
    return write_tables(tables(load(contest)))
