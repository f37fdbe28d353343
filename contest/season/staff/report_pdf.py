"""形式审查报告 as PDF: the same figures as the workbook (contest/season/staff/report.py), in
total or for one 推荐单位, laid out by WeasyPrint in a child process like the papers."""

from __future__ import annotations

from typing import Any

from flask import render_template

from contest.models.types import utcnow
from contest.season.current import BEIJING
from contest.season.models import Recommender, Season
from contest.season.staff import report


def _section(heading: str, applications) -> dict[str, Any]:
    return {
        "heading": heading,
        "summary": report.summary(applications),
        "rows": report.rows(applications),
    }


def facts(season: Season, unit: Recommender | None = None) -> dict[str, Any]:
    """Plain values (they pickle into the child): title, date, sections, the units' forms."""
    applications = report.counted(season)
    units = report.units_of(season) if unit is None else [unit]
    sections = []
    if unit is None:
        sections.append(_section("总表", applications))
    for each in units:
        mine = [a for a in applications if a.enterprise.recommender_id == each.id]
        sections.append(_section(each.name, mine))
    made = utcnow().astimezone(BEIJING)
    return {
        "title": f"{season.name} 形式审查报告"
        + ("（总表）" if unit is None else f"（{unit.name}）"),
        "date": f"{made.year}年{made.month}月{made.day}日",
        "header": report.HEADER,
        "sections": sections,
        "forms_header": report.FORMS_HEADER,
        "forms": report.forms_rows(units),
    }


def render(values: dict[str, Any]) -> bytes:
    """The report as one PDF (app context, no database). Raises MissingFontError."""
    from contest.season.papers import pdf

    family = pdf.font().replace("\\", "\\\\").replace('"', '\\"')
    html = render_template("season_admin/report_pdf.html", **values)
    return pdf.write(html, "print_report.css", f'body {{ font-family: "{family}", serif; }}')
