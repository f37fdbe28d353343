"""The name proof sheet (名称核对表): every team's names exactly as they will be printed.

Teams confirm their 企业名称 and 班组名称 on it before the names are locked (定稿) and the
certificates are made. An Excel file and a PDF, both from the same rows.
"""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

import sqlalchemy as sa
from flask import current_app, render_template
from flask_babel import format_datetime
from flask_babel import gettext as _

from contest.extensions import db
from contest.models import Contest, Team, utcnow

HEADERS = ("序号", "分会场", "推荐单位", "企业名称", "班组名称", "班组人数", "核对确认（签字）")


def rows(contest: Contest) -> list[dict[str, Any]]:
    teams = db.session.scalars(
        sa.select(Team)
        .where(Team.contest_id == contest.id)
        .order_by(Team.venue_id, Team.order_position, Team.serial, Team.id)
    )
    return [
        {
            "number": n,
            "venue": t.venue.name if t.venue else "",
            "unit": t.unit.name if t.unit else "",
            "company": t.company_name,
            "team": t.team_name,
            "members": t.member_count,
        }
        for n, t in enumerate(teams, 1)
    ]


def build_xlsx(contest: Contest) -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Border, Font, Side

    from contest.exports.safety import display_width, put

    wb = Workbook()
    ws = wb.active
    ws.title = "名称核对表"
    put(ws, 1, 1, f"{contest.name} 名称核对表").font = Font(bold=True, size=14)
    put(ws, 2, 1, _("请逐字核对：企业名称以公章为准，班组名称写全称。此表为制作证书的依据。"))
    thin = Side(style="thin", color="999999")
    for column, header in enumerate(HEADERS, 1):
        cell = put(ws, 4, column, header)
        cell.font = Font(bold=True)
        cell.border = Border(top=thin, bottom=thin, left=thin, right=thin)
    keys = ("number", "venue", "unit", "company", "team", "members")
    table = [(*(row[k] for k in keys), "") for row in rows(contest)]
    for r, values in enumerate(table, 5):
        for column, value in enumerate(values[:-1], 1):
            cell = put(ws, r, column, value)
            cell.border = Border(top=thin, bottom=thin, left=thin, right=thin)
            cell.alignment = Alignment(vertical="center", wrap_text=column in (4, 5))
        ws.cell(row=r, column=7).border = Border(top=thin, bottom=thin, left=thin, right=thin)
    for column, header in enumerate(HEADERS, 1):
        cells = [header, *(values[column - 1] for values in table)]
        longest = max(display_width(str(v if v is not None else "")) for v in cells)
        ws.column_dimensions[chr(64 + column)].width = min(max(8, longest + 2), 48)
    ws.freeze_panes = "A5"
    ws.page_setup.orientation = "landscape"
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.fitToWidth = 1
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.print_title_rows = "4:4"
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def build_pdf(contest: Contest) -> bytes:
    from contest.fonts import require_cjk_font

    family = require_cjk_font()
    import weasyprint

    html = render_template(
        "print/name_proof.html",
        contest=contest,
        rows=rows(contest),
        locked=contest.names_locked_at,
        generated=format_datetime(utcnow(), "yyyy-MM-dd HH:mm"),
    )
    static = Path(current_app.static_folder or "static")
    quoted = family.replace('"', '\\"')
    return weasyprint.HTML(string=html, base_url=str(static)).write_pdf(
        stylesheets=[
            weasyprint.CSS(filename=str(static / "css" / "print_proof.css")),
            weasyprint.CSS(string=f'body {{ font-family: "{quoted}", sans-serif; }}'),
        ]
    )
