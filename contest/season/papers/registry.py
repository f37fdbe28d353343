"""Every generated form by its number, and the one function that renders any of them.

A form module has FORM_NO, `facts(...)` (plain values read from the database, in the request)
and `paper(values) -> Paper` (no database). 2-3 推荐表, 2-4 材料评审汇总表 and the
enterprise's 评分与推荐意见表 are added the same way: a module here, a line in FORMS.
"""

from __future__ import annotations

from types import ModuleType
from typing import Any

FORMATS = {
    "docx": ("application/vnd.openxmlformats-officedocument.wordprocessingml.document", "docx"),
    "pdf": ("application/pdf", "pdf"),
}


def forms() -> dict[str, ModuleType]:
    from contest.season.papers import form12, form21, form22, form23, form24, opinion

    modules = (form12, form22, form21, form23, form24, opinion)
    return {module.FORM_NO: module for module in modules}


def render(form_no: str, values: dict[str, Any], fmt: str) -> tuple[bytes, str]:
    """The paper's file and its download name; run in a child process (contest.offload)."""
    from contest.season.papers import docx, pdf

    paper = forms()[form_no].paper(values)
    data = docx.render(paper) if fmt == "docx" else pdf.render(paper)
    return data, f"{paper.filename}.{FORMATS[fmt][1]}"
