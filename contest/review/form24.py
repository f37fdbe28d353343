"""附件 2-4 材料评审汇总表, generated from the round's submitted reviews: in total and per
推荐单位, as a workbook and as a PDF (WeasyPrint, in a child process like the papers).

A row is one application: 企业名称 and 班组名称 exactly as submitted, the 材料评价 (each
reviewer's 符合标准程度 / 特色 / 不足之处 under their label), the published score, the rank
(overall in the total; among the unit's own in a unit's table) and the reviewers' names.
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from flask import render_template

from contest.exports.safety import put, sheet_title
from contest.models.types import utcnow
from contest.review.analysis import Outcome
from contest.review.results import Facts, company, team
from contest.scoring.ranking import DECIDED_BY_TIE
from contest.season.current import BEIJING

HEADER = (
    "序号",
    "申报编号",
    "企业名称",
    "班组名称",
    "材料评价（符合标准程度/特色/不足之处）",
    "打分",
    "排序",
    "评委",
)
WIDTHS = (6, 12, 30, 22, 70, 9, 11, 22)


@dataclass(frozen=True)
class Row:
    """One application's line of the form (plain values: they pickle into the PDF child)."""

    n: int
    number: str
    company: str
    team: str
    appraisal: tuple[str, ...]  # one line per reviewer
    score: Decimal
    rank: str
    judges: tuple[str, ...]  # names, exactly


def title(facts: Facts, part: str) -> str:
    year = facts.round.season.year
    return f"{year}年上海市“质量信得过班组”建设经验材料评审汇总表（{part}）"


def appraisal(facts: Facts, outcome: Outcome) -> tuple[str, ...]:
    """「评审专家1：符合标准程度：……；特色：……；不足之处：……」, one per reviewer."""
    lines = []
    for sheet in outcome.sheets:
        review = facts.reviews[(outcome.application, sheet.reviewer)]
        lines.append(
            f"{sheet.label}：符合标准程度：{review.conformity.strip()}；"
            f"特色：{review.features.strip()}；不足之处：{review.shortcomings.strip()}"
        )
    return tuple(lines)


def _rank_text(rank: int, tied: bool) -> str:
    return f"并列第 {rank}" if tied else f"第 {rank}"


def _rows(facts: Facts, outcomes: list[Outcome], *, within: bool) -> list[Row]:
    """Rows in ranking order; `within` ranks among these outcomes only (a unit's own)."""
    rows = []
    for n, outcome in enumerate(outcomes, 1):
        if within:
            # Competition ranking among the unit's own, keeping the overall order (and so
            # the tie-breaks the rules applied): 1 + how many of them are placed ahead.
            rank = 1 + sum(o.rank < outcome.rank for o in outcomes)
            tied = any(o is not outcome and o.rank == outcome.rank for o in outcomes)
        else:
            rank, tied = outcome.rank, outcome.standing.decided_by == DECIDED_BY_TIE
        application = facts.applications[outcome.application]
        rows.append(
            Row(
                n=n,
                number=outcome.application,
                company=company(application),
                team=team(application),
                appraisal=appraisal(facts, outcome),
                score=outcome.score.published,
                rank=_rank_text(rank, tied),
                judges=tuple(facts.reviewers[s.reviewer].name for s in outcome.sheets),
            )
        )
    return rows


def sections(facts: Facts) -> list[tuple[str, list[Row]]]:
    """(part, rows): 总表 first, then each 推荐单位 with applications in the round."""
    found = [("总表", _rows(facts, facts.outcomes, within=False))]
    units: dict[int, Any] = {}
    for outcome in facts.outcomes:
        unit = facts.applications[outcome.application].enterprise.recommender
        units.setdefault(unit.id, unit)
    for unit_id in sorted(units):
        mine = [
            o
            for o in facts.outcomes
            if facts.applications[o.application].enterprise.recommender_id == unit_id
        ]
        found.append((units[unit_id].name, _rows(facts, mine, within=True)))
    return found


def workbook(facts: Facts) -> bytes:
    """The form as a workbook: 总表, then a sheet per 推荐单位."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font
    from openpyxl.utils import get_column_letter

    from contest.exports.ranking import print_setup, score_format

    book = Workbook()
    book.remove(book.active)
    taken: set[str] = set()
    wrap = Alignment(vertical="top", wrap_text=True)
    for part, rows in sections(facts):
        sheet = book.create_sheet(sheet_title(part, taken))
        put(sheet, 1, 1, title(facts, part)).font = Font(bold=True, size=14)
        for column, text in enumerate(HEADER, 1):
            put(sheet, 2, column, text).font = Font(bold=True)
        for r, row in enumerate(rows, 3):
            values = (
                row.n,
                row.number,
                row.company,
                row.team,
                "\n".join(row.appraisal),
                row.score,
                row.rank,
                "、".join(row.judges),
            )
            for column, value in enumerate(values, 1):
                cell = put(sheet, r, column, value)
                cell.alignment = wrap
            sheet.cell(row=r, column=6).number_format = score_format(facts.rules.decimals)
        for column, width in enumerate(WIDTHS, 1):
            sheet.column_dimensions[get_column_letter(column)].width = width
        print_setup(sheet, header=title(facts, part), title_rows="2:2")
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


# PDF column widths in mm (A4 landscape less margins: 273); see review_results_print.css.
PDF_COLUMNS = {"company": 50.0, "team": 34.0, "judges": 18.0}
PDF_SIZE = 9.0  # the table's type size; a name too long for its column is set smaller


def _size(texts: list[str], column: str) -> str:
    """The size class at which each name fits one line of its column (never larger than
    the table's type), as the papers set names."""
    from contest.season.papers.model import names_size
    from contest.season.papers.pdf import size_class

    return size_class(min(PDF_SIZE, names_size(texts, PDF_COLUMNS[column])))


def _pdf_row(row: Row, decimals: int) -> dict[str, Any]:
    return {
        **row.__dict__,
        "score": f"{row.score:.{decimals}f}",
        "company_size": _size([row.company], "company"),
        "team_size": _size([row.team], "team"),
        "judges_size": _size(list(row.judges), "judges"),
    }


def pdf_facts(facts: Facts) -> dict[str, Any]:
    """Plain values for the PDF child: titles, the date, each part's rows."""
    made = utcnow().astimezone(BEIJING)
    decimals = facts.rules.decimals
    return {
        "title": title(facts, "总表"),
        "date": f"{made.year}年{made.month}月{made.day}日",
        "header": HEADER,
        "parts": [
            {"title": title(facts, part), "rows": [_pdf_row(row, decimals) for row in rows]}
            for part, rows in sections(facts)
        ],
    }


def render_pdf(values: dict[str, Any]) -> bytes:
    """The form as one PDF (app context, no database). Raises MissingFontError."""
    from contest.season.papers import pdf
    from contest.season.papers.model import NAME_SIZES

    family = pdf.font().replace("\\", "\\\\").replace('"', '\\"')
    html = render_template("review/staff/results_form24_pdf.html", **values)
    rules = [f'body {{ font-family: "{family}", serif; }}']
    rules += [f".{pdf.size_class(size)} {{ font-size: {size}pt; }}" for size in NAME_SIZES]
    return pdf.write(html, "review_results_print.css", "\n".join(rules))
