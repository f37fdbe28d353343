"""Imports from the notice's forms (teams, judges) and bulk scores: all or nothing.

Each kind module has `check(job, book) -> Plan`, which finds the table of every visible
sheet and checks every row into a `Report` without writing, and `write(job, plan) ->
Outcome`. `check_import` gives the preview; `run_import` checks again and writes in one
transaction, refusing (`ImportRefused`) on any error or unconfirmed warning, so a refusal
or a failure part-way leaves the database exactly as it was. Each import that writes is an
`ImportBatch` that `contest.imports.undo` can take back as a whole.
"""

from __future__ import annotations

import hashlib
import importlib
import json
import re
from dataclasses import dataclass, field, replace
from typing import Any

from flask_babel import gettext as _

from contest.imports.headers import Row, Table
from contest.imports.reader import read_book
from contest.imports.report import ImportRefused, Outcome, Problem, Report, refuse
from contest.imports.venues import accepted_names, find_venue
from contest.models import Contest, ImportBatch, Venue
from contest.transactions import atomic

KINDS = ("teams", "judges", "scores")

__all__ = [
    "KINDS",
    "ImportRefused",
    "Job",
    "Outcome",
    "Plan",
    "Problem",
    "Report",
    "check_import",
    "run_import",
]


@dataclass(frozen=True)
class Job:
    """Who imports which file into which contest, and whether warnings are confirmed."""

    contest_id: int
    filename: str
    actor: str  # "staff:3" or "cli"
    staff_id: int | None
    confirm: bool


@dataclass(frozen=True)
class PreviewRow:
    """One row as the import understood it: where it is, and its values as shown."""

    sheet: str
    number: int
    values: tuple[str, ...]


@dataclass(frozen=True)
class SheetSummary:
    """One sheet of the file: its 推荐单位 line (teams), and how many rows it gave."""

    name: str
    unit: str | None
    rows: int


@dataclass
class Plan:
    """What a file would write, checked and not yet written."""

    kind: str
    report: Report
    columns: tuple[str, ...]
    rows: list[PreviewRow]
    sheets: list[SheetSummary]
    parsed: list[Any] = field(default_factory=list)

    @property
    def digest(self) -> str:
        """A fingerprint of the preview: the confirm writes only what staff saw."""
        shown = [[r.sheet, r.number, *r.values] for r in self.rows]
        text = json.dumps([shown, [str(w) for w in self.report.warnings]], ensure_ascii=False)
        return hashlib.sha256(text.encode()).hexdigest()


def _kind(kind: str):
    if kind not in KINDS:
        raise ValueError(f"unknown import kind {kind!r}")
    return importlib.import_module(f"contest.imports.{kind}")


def check_import(
    kind: str, *, contest_id: int, data: bytes, filename: str, actor: str, staff_id: int | None
) -> Plan:
    """The preview: every sheet read and every row checked, nothing written."""
    module = _kind(kind)
    job = Job(contest_id, filename, actor, staff_id, confirm=False)
    return module.check(job, read_book(data, filename))


def run_import(
    kind: str,
    *,
    contest_id: int,
    data: bytes,
    filename: str,
    actor: str,
    staff_id: int | None = None,
    confirm: bool = False,
    expected: str | None = None,
) -> Outcome:
    """Read, check and write one file in one transaction; raises ImportRefused otherwise.

    `expected` is the digest of the preview staff confirmed: a different result refuses.
    """
    module = _kind(kind)
    book = read_book(data, filename)
    job = Job(contest_id, filename, actor, staff_id, confirm)

    def work() -> Outcome:
        plan = module.check(job, book)
        settle(plan.report, job)
        if expected is not None and plan.digest != expected:
            raise refuse(
                None, None, _("比赛数据在预览之后有变化，导入结果会与预览不同；请重新上传检查")
            )
        outcome = module.write(job, plan)
        return replace(outcome, notes=plan.report.notes, sheets=plan.sheets)

    return atomic(work)


def settle(report: Report, job: Job) -> None:
    """Refuse on any error, or on warnings staff have not confirmed."""
    if report.errors or (report.warnings and not job.confirm):
        raise ImportRefused(report)


def open_batch(job: Job, contest: Contest, plan: Plan) -> ImportBatch:
    """The batch this import's rows point back to, so it can be undone as a whole."""
    from contest.extensions import db

    batch = ImportBatch(
        contest_id=contest.id,
        kind=plan.kind,
        filename=job.filename[:255],
        created_by_id=job.staff_id,
        summary={"sheets": [vars(s) for s in plan.sheets]},
    )
    db.session.add(batch)
    db.session.flush()
    return batch


def audit_import(
    kind: str, job: Job, contest: Contest, report: Report, data: dict, batch: ImportBatch
) -> None:
    """The import's one audit entry: file, counts (and ids) and warnings confirmed."""
    from contest import audit

    batch.summary = {**batch.summary, "counts": {k: v for k, v in data.items() if k[-4:] != "_ids"}}
    audit.record(
        f"import.{kind}",
        actor=job.actor,
        subject=f"contest:{contest.id}",
        data={
            "file": job.filename,
            **data,
            "warnings_confirmed": len(report.warnings),
            "batch": batch.id,
        },
        contest_id=contest.id,
    )


def row_numbers(rows: list[Row]) -> str:
    """Row numbers for a message: 2、3 in one sheet, 「甲」2、「乙」3 across sheets."""
    if len({r.sheet for r in rows}) <= 1:
        return "、".join(str(r.number) for r in rows)
    return "、".join(f"「{r.sheet}」{r.number}" for r in rows)


def same_row(earlier: Row, row: Row) -> str:
    """The earlier row as `row`'s message names it: 第 2 行, or 工作表「甲」第 2 行."""
    if earlier.sheet == row.sheet:
        return _("第 %(row)s 行", row=earlier.number)
    return _("工作表「%(sheet)s」第 %(row)s 行", sheet=earlier.sheet, row=earlier.number)


def names(values: list[str]) -> str:
    return "、".join(values) or _("无")


class VenuePicker:
    """The venue of a row: named in 分会场, or the contest's only venue when left out."""

    FIELD = "分会场"

    def __init__(self, contest: Contest, table: Table, report: Report) -> None:
        self.contest = contest
        self.venues: list[Venue] = list(contest.venues)
        self.table = table
        self.report = report
        self.listed = names([v.name for v in self.venues])
        self.accepted = accepted_names(self.venues)
        if not table.has(self.FIELD) and len(self.venues) > 1:
            report.error(
                table.whole(),
                None,
                _(
                    "比赛有 %(n)s 个分会场（%(names)s），请在文件中加一列“分会场”",
                    n=len(self.venues),
                    names=self.listed,
                ),
            )

    def pick(self, row: Row) -> Venue | None:
        name = self.table.value(row, self.FIELD)
        column = self.table.header(self.FIELD)
        if not name:
            if len(self.venues) == 1:
                return self.venues[0]
            if self.venues and self.table.has(self.FIELD):
                self.report.error(
                    row, column, _("请填写分会场（现有：%(names)s）", names=self.listed)
                )
            return None
        found = find_venue(self.contest, name)
        if found is not None:
            return found
        if not self.venues:
            message = _("比赛还没有设置分会场，这一格请留空")
        else:
            message = _(
                "没有名为「%(name)s」的分会场（可填全称、简称或代码：%(names)s）",
                name=name,
                names=self.accepted,
            )
        self.report.error(row, column, message)
        return None


_HALF = re.compile(r"[()]")
_FULL = re.compile(r"[（）]")
_DOUBLE_SPACE = re.compile(r"\s{2,}")


def check_name(
    report: Report, row: Row, column: str, value: str, *, limit: int, required: bool = True
) -> bool:
    """False after reporting an error (missing, too long); warn on what often betrays a typo."""
    if not value:
        if required:
            report.error(row, column, _("请填写%(field)s", field=column))
        return not required
    if len(value) > limit:
        report.error(
            row,
            column,
            _("超过 %(limit)s 个字（现有 %(n)s 个字）", limit=limit, n=len(value)),
        )
        return False
    if _HALF.search(value) and _FULL.search(value):
        report.warn(
            row,
            column,
            _("「%(name)s」中全角和半角括号混用，请核对是否与公章一致", name=value),
        )
    double = _DOUBLE_SPACE.search(value)
    if double:  # say where: a browser shows two spaces as one
        report.warn(
            row,
            column,
            _(
                "「%(name)s」第 %(n)s 个字之后有连续空格，请核对",
                name=value,
                n=double.start(),
            ),
        )
    return True
