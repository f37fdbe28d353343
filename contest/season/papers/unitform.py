"""What papers 2-3 (推荐表) and 2-4 (材料评审汇总表) share: their facts, read from the 推荐单位's
submitted version (contest.season.unit_paper), and the paper around their tables: the QR
code, the header line, the 填表人 / 电话 / 填表日期 lines. The 编号 is the 推荐单位's, as on
2-2: `<year>-R<id>`."""

from __future__ import annotations

from typing import Any

from flask_babel import gettext as _

from contest.season.papers import code, form22
from contest.season.papers.model import Paper


def facts(recommender, form) -> dict[str, Any] | None:
    """Plain values of the latest submitted version of `form`; None before any 提交."""
    from contest.season import unit_paper

    found = unit_paper.rows(recommender, form)
    if found is None:
        return None
    return {
        **found,
        "year": recommender.season.year,
        "number": form22.number(recommender),
        "sha256": found["content_hash"],
    }


def date_text(typed: str) -> str:
    """填表日期 as the notice writes it (2026 年 7 月 3 日); kept as typed when not a date."""
    try:
        return form22.date_text(typed)
    except ValueError:
        return typed


def paper(values: dict[str, Any], *, form_no: str, title: str, kind: str, columns, rows,
          notes) -> Paper:  # fmt: skip
    """The paper of 2-3 or 2-4: `kind` names the download (推荐表, 材料评审汇总表)."""
    return Paper(
        form_no=form_no,
        title=title,
        number=values["number"],
        code=code.of(values, form_no),
        filename=_(
            "%(kind)s-%(unit)s-第%(n)s次提交",
            kind=kind,
            unit=values["recommender"],
            n=values["version"],
        ),
        columns=tuple(columns),
        rows=tuple(rows),
        header=(
            (_("推荐行业/各区/集团（盖章）"), values["recommender"]),
            (_("编号"), values["number"]),
        ),
        footer=(
            _("填表人：%(name)s", name=values["filler"]),
            _("电话：%(phone)s", phone=values["phone"]),
            _("填表日期：%(date)s", date=date_text(values["date"])),
        ),
        notes=tuple(notes),
    )
