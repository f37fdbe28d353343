"""Form 1-2 (申报表) as a paper: the application's latest submitted version, laid out as the
notice's attachment 1-2, with its 编号 (the 申报编号) and QR code."""

from __future__ import annotations

from typing import Any

from flask_babel import gettext as _

from contest.season import form12
from contest.season.papers import code
from contest.season.papers.model import Cell, Line, Paper

FORM_NO = "1-2"
COLUMNS = (32.0, 27.0, 30.0, 24.0, 31.0, 30.0)  # 174 mm: A4 less 18 mm margins
# Pairs of figures, two to a row as in the notice: (label's field, value) twice.
PAIRS = (
    ("completion_rate", "assessment_pass_rate"),
    ("nonconforming_rate", "first_pass_rate"),
    ("incidents", "complaints"),
    ("training", "participation_rate"),
    ("coverage_rate", "quality_cost"),
)


def facts(application, submission) -> dict[str, Any]:
    """Plain values of one submitted version: what the paper prints, nothing else."""
    season = application.season
    return {
        "year": season.year,
        "number": application.number,
        "version": submission.version,
        "sha256": submission.content_hash,
        "company": submission.company_name,
        "recommender": application.enterprise.recommender.name,
        "form": dict(submission.form),
    }


def expected(application) -> code.Code | None:
    """The code a scan of the current submitted version carries (None before any 提交)."""
    submissions = application.submissions
    return code.expected(application, FORM_NO, submissions[-1] if submissions else None)


def _label(key: str) -> str:
    if key == "training":
        return _("年培训人数/时数")
    return str(form12.BY_KEY[key].label)


def _value(form: dict[str, str], key: str) -> str:
    if key == "training":
        people, hours = form.get("trained_people", ""), form.get("training_hours", "")
        return f"{people} / {hours}" if people or hours else ""
    return form.get(key, "")


def consents(form: dict[str, str]) -> str:
    """The two consents to 典型经验 sharing, as ticked on the form, in one sentence."""

    def said(key: str) -> str:
        return _("同意") if form.get(key) == "1" else _("不同意")

    return _(
        "典型经验在线分享：本班组%(team)s；申报单位%(unit)s",
        team=said("share_team"),
        unit=said("share_unit"),
    )


def numbered(values: dict[str, Any], form_no: str, kind: str, **fields) -> Paper:
    """A paper numbered by its application's 申报编号 (1-2, the opinion's 1-3), downloaded as
    `<kind>-<编号>-第N次提交`; `fields`: the rest of the Paper."""
    number = values["number"]
    return Paper(
        form_no=form_no,
        number=number,
        code=code.of(values, form_no),
        filename=_(
            "%(kind)s-%(number)s-第%(n)s次提交", kind=kind, number=number, n=values["version"]
        ),
        **fields,
    )


def stamp() -> Line:
    """单位盖章：　　年　月　日, right-aligned at the foot of a text cell (1-2, 1-3)."""
    gap = "\u3000"
    text = _("单位盖章：") + gap * 8 + _("年") + gap * 2 + _("月") + gap * 2 + _("日")
    return Line(text, "stamp")


def paper(values: dict[str, Any]) -> Paper:
    form = values["form"]

    def label(key: str, span: int = 1) -> Cell:
        return Cell(_label(key), span, "label")

    def value(key: str, span: int = 1, kind: str = "value") -> Cell:
        return Cell(_value(form, key), span, kind)

    rows: list[tuple[Cell, ...]] = [
        (label("team_name"), value("team_name", 3, "name"), label("member_count"),
         value("member_count", 1, "center")),
        (Cell(_("单位名称（公章为准）"), 1, "label"), Cell(values["company"], 5, "name")),
        (label("address"), value("address", 3), label("postcode"), value("postcode", 1, "center")),
        (label("department"), value("department"), label("promoter_name"),
         value("promoter_name"), label("promoter_mobile"), value("promoter_mobile")),
        (label("promoter_phone"), value("promoter_phone"), label("promoter_email"),
         value("promoter_email", 3)),
    ]  # fmt: skip
    for left, right in PAIRS:
        rows.append(
            (label(left, 2), value(left, 1, "center"), label(right, 2), value(right, 1, "center"))
        )
    lines = [Line(_("质量信得过班组简介及活动成果："), "heading")]
    for n, part in enumerate(form12.SUMMARY_PARTS, 1):
        lines.append(Line(f"{n}. {part}", "heading"))
        text = form.get(f"summary_{n}", "")
        lines.extend(Line(p) for p in text.splitlines() if p.strip())
    lines.append(Line(consents(form)))
    lines.append(stamp())
    rows.append((Cell(span=6, kind="text", lines=tuple(lines)),))
    return numbered(
        values,
        FORM_NO,
        _("申报表"),
        title=_("%(year)s 年上海市“质量信得过班组”建设经验申报表", year=values["year"]),
        columns=COLUMNS,
        rows=tuple(rows),
        header=(
            (_("推荐行业/各区/集团（盖章）"), values["recommender"]),
            (_("编号"), values["number"]),
        ),
        notes=(
            _("注：1. 填写申报表，word 电子版一份（不需公章），PDF 扫描件一份（加盖公章）。"),
            _("2. 班组创建材料 word 文本格式电子版一份（5000 字以内）。"),
            _(
                "3. 请正确填写企业名称、班组名称，写全称，不要挂上级部门（企业名称以公章为准），"
                "准确无误，此为制作证书的依据。"
            ),
        ),
    )
