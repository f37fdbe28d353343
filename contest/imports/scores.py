"""Import scores in bulk (paper ballots): the phone's mark checks, recusals, no reveal passed."""

from __future__ import annotations

import math
import secrets
import unicodedata
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

import sqlalchemy as sa
from flask_babel import gettext as _

from contest import audit
from contest.day.submissions import ScoreRejected, check_marks, current_submission, new_receipt
from contest.extensions import db
from contest.imports import (
    Job,
    Plan,
    PreviewRow,
    SheetSummary,
    audit_import,
    names,
    open_batch,
    same_row,
    settle,
)
from contest.imports.headers import Field, Row, Table, locate_each
from contest.imports.judges import find_judge
from contest.imports.reader import Book
from contest.imports.report import Outcome, Report, refuse
from contest.imports.teams import COMPANY, TEAM, UNIT, find_team
from contest.imports.teams import FIELDS as TEAM_FIELDS
from contest.live import feed
from contest.models import (
    Channel,
    Contest,
    Judge,
    Recusal,
    ScoreItem,
    ScoreMark,
    ScoreSubmission,
    Team,
)

JUDGE, TOTAL = "评委", "总分"
_TEAM_FIELDS = {f.name: f for f in TEAM_FIELDS}
IGNORED = ("序号", "分会场", "备注", "排名", *_TEAM_FIELDS[UNIT].aliases, UNIT)


def fields(items: list[ScoreItem]) -> tuple[Field, ...]:
    return (
        Field(JUDGE, ("评委姓名", "评委号", "评委编号"), required=True),
        Field(COMPANY, _TEAM_FIELDS[COMPANY].aliases, required=True),
        Field(TEAM, _TEAM_FIELDS[TEAM].aliases, required=True),
        Field(TOTAL, ("合计", "总得分", "得分")),
        *(Field(item.name, ()) for item in items),
    )


@dataclass
class _Parsed:
    row: Row
    judge: Judge
    team: Team
    marks: dict[int, Decimal]  # empty when the file gives totals only
    total: Decimal
    previous: ScoreSubmission | None
    table: Table | None = None


def _decimal(text: str) -> Decimal | None:
    try:
        value = Decimal(unicodedata.normalize("NFKC", text).strip())
    except InvalidOperation:
        return None
    return value if value.is_finite() else None


def _grid(items: list[ScoreItem]) -> Decimal:
    """The step every possible total lies on: the greatest common divisor of the steps."""
    scale = max(max(0, -item.step.as_tuple().exponent) for item in items)
    return Decimal(math.gcd(*(int(item.step * 10**scale) for item in items))) / 10**scale


class _Lookup:
    """Teams, judges and recusals of the contest, loaded once per import."""

    def __init__(self, contest: Contest) -> None:
        query = sa.select(Team).where(Team.contest_id == contest.id)
        self.teams = {(t.company_name, t.team_name): t for t in db.session.scalars(query)}
        self.judges = list(
            db.session.scalars(sa.select(Judge).where(Judge.contest_id == contest.id))
        )
        self.recused = {
            (r.judge_id, r.team_id): r.reason
            for r in db.session.scalars(
                sa.select(Recusal).join(Judge).where(Judge.contest_id == contest.id)
            )
        }


def _marks(
    table: Table, row: Row, items: list[ScoreItem], report: Report
) -> dict[int, Decimal] | None:
    marks: dict[int, Decimal] = {}
    for item in items:
        raw = table.value(row, item.name)
        try:
            marks.update(check_marks([item], {str(item.id): raw}))
        except ScoreRejected as rejected:
            report.error(row, table.header(item.name), rejected.message)
    return marks if len(marks) == len(items) else None


def _total(
    raw: str, items: list[ScoreItem], marks: dict[int, Decimal]
) -> tuple[Decimal | None, str]:
    """The total to store, or None and why: equal to the item sum, or valid on its own."""
    computed = sum(marks.values(), Decimal(0))
    if not raw:
        return (computed, "") if marks else (None, _("请填写总分"))
    total = _decimal(raw)
    if total is None:
        return None, _("总分「%(value)s」不是有效数字", value=raw)
    if marks:
        mismatch = _("总分与各项之和不符（各项合计 %(sum)s）", sum=computed)
        return (computed, "") if total == computed else (None, mismatch)
    maximum, grid = sum((i.maximum for i in items), Decimal(0)), _grid(items)
    if total < 0 or total > maximum:
        return None, _("总分必须在 0 到 %(max)s 之间", max=maximum)
    if (total / grid) % 1 != 0:
        return None, _("总分请以 %(step)s 分为单位", step=grid)
    return total, ""


def _ineligible(judge: Judge, team: Team, lookup: _Lookup) -> str | None:
    who = f"{judge.label} {judge.name}"
    if judge.venue_id != team.venue_id:
        return _("%(judge)s与该班组不在同一个分会场", judge=who)
    reason = lookup.recused.get((judge.id, team.id))
    if reason is not None:
        return _(
            "%(judge)s与该班组有回避关系（%(reason)s），不能为其评分", judge=who, reason=reason
        )
    return None


def _row(
    table: Table, row: Row, items: list[ScoreItem], lookup: _Lookup, report: Report
) -> _Parsed | None:
    by_item = table.has(items[0].name) if items else False
    judge_text, company, name = (table.value(row, f) for f in (JUDGE, COMPANY, TEAM))
    for text, field in ((judge_text, JUDGE), (company, COMPANY), (name, TEAM)):
        if not text:
            report.error(row, table.header(field), _("请填写%(field)s", field=field))
    team = judge = None
    if company and name:
        team, message = find_team(lookup.teams, company, name)
        if team is None:
            report.error(row, table.header(TEAM), message)
        elif team.revealed_at is not None:
            report.error(
                row,
                table.header(TEAM),
                _("该班组的成绩已经揭晓，不能再导入评分；如需改分请走成绩更正"),
            )
            team = None
    if judge_text:
        judge, message = find_judge(lookup.judges, judge_text, team)
        if judge is None:
            report.error(row, table.header(JUDGE), message)
    message = _ineligible(judge, team, lookup) if team and judge else None
    if message:
        report.error(row, table.header(JUDGE), message)
        judge = None
    marks = _marks(table, row, items, report) if by_item else {}
    total, message = (None, "")
    if marks is not None:
        total, message = _total(table.value(row, TOTAL), items, marks)
    if message:
        report.error(row, table.header(TOTAL), message)
    if team is None or judge is None or total is None or marks is None:
        return None
    return _Parsed(row, judge, team, marks, total, current_submission(team.id, judge.id), table)


def _check_columns(table: Table, items: list[ScoreItem], report: Report) -> None:
    listed = names([i.name for i in items])
    for header in table.unknown.values():
        report.error(
            table.at_header(),
            header,
            _("无法识别这一列：它不是评分表中的项目（评分项：%(items)s）", items=listed),
        )
    present = [i.name for i in items if table.has(i.name)]
    missing = [i.name for i in items if not table.has(i.name)]
    if present and missing:
        report.error(
            table.at_header(),
            None,
            _(
                "缺少评分项的列：%(missing)s（请列出全部评分项，或只填“总分”）",
                missing=names(missing),
            ),
        )
    if not present and not table.has(TOTAL):
        raise refuse(
            table.header_row,
            None,
            _("没有找到评分列：请列出各评分项（%(items)s），或填写“总分”", items=listed),
        )


def check(job: Job, book: Book) -> Plan:
    """Read every visible sheet and check every score; write nothing."""
    contest = db.session.get(Contest, job.contest_id)
    items = list(contest.items)
    if not items:
        raise refuse(None, None, _("比赛还没有评分表，不能导入评分"))
    report = Report()
    tables = locate_each(book, fields(items), report, ignored=IGNORED)
    for table in tables:
        _check_columns(table, items, report)
    if report.errors:
        settle(report, job)
    lookup = _Lookup(contest)
    parsed: list[_Parsed] = []
    sheets: list[SheetSummary] = []
    seen: dict[tuple[int, int], Row] = {}
    for table in tables:
        before = len(parsed)
        for row in table.rows:
            p = _row(table, row, items, lookup, report)
            if p is None:
                continue
            key = (p.judge.id, p.team.id)
            if key in seen:
                report.error(
                    row,
                    table.header(JUDGE),
                    _("与%(row)s重复（同一评委、同一班组）", row=same_row(seen[key], row)),
                )
                continue
            seen[key] = row
            if p.previous is not None:
                report.warn(
                    row,
                    table.header(JUDGE),
                    _(
                        "%(judge)s已为该班组评分（第 %(version)s 次提交，总分 %(total)s），"
                        "导入后以新版本取代",
                        judge=f"{p.judge.label} {p.judge.name}",
                        version=p.previous.version,
                        total=p.previous.total,
                    ),
                )
            parsed.append(p)
        sheets.append(SheetSummary(table.sheet, None, len(parsed) - before))
    columns = (JUDGE, COMPANY, TEAM, *(i.name for i in items), TOTAL)
    rows = [
        PreviewRow(
            p.row.sheet,
            p.row.number,
            (
                f"{p.judge.label} {p.judge.name}",
                p.team.company_name,
                p.team.team_name,
                *(str(p.marks[i.id]) if p.marks else "" for i in items),
                str(p.total),
            ),
        )
        for p in parsed
    ]
    return Plan("scores", report, columns, rows, sheets, parsed)


def write(job: Job, plan: Plan) -> Outcome:
    """Store every score of a checked plan as a new version, as one import batch."""
    contest = db.session.get(Contest, job.contest_id)
    parsed: list[_Parsed] = plan.parsed
    batch = open_batch(job, contest, plan)
    for p in parsed:
        submission = ScoreSubmission(
            team=p.team,
            judge=p.judge,
            version=p.previous.version + 1 if p.previous else 1,
            total=p.total,
            channel=Channel.IMPORT,
            entered_by_id=job.staff_id,
            reason=_("导入：%(file)s", file=job.filename)[:500],
            idempotency_key=f"import-{secrets.token_hex(16)}",
            receipt=new_receipt(),
            marks=[ScoreMark(item_id=item_id, value=v) for item_id, v in p.marks.items()],
            import_batch_id=batch.id,
        )
        db.session.add(submission)
        db.session.flush()
        audit.record(
            "score.submitted" if submission.version == 1 else "score.revised",
            actor=job.actor,
            subject=f"team:{p.team.id}",
            data={
                "judge": p.judge.id,
                "version": submission.version,
                "total": str(p.total),
                "marks": {str(k): str(v) for k, v in p.marks.items()},
                "total_only": not p.marks,
                "channel": Channel.IMPORT.value,
                "receipt": submission.receipt,
                "entered_by": job.staff_id,
                "file": job.filename,
            },
            contest_id=contest.id,
        )
    venue_ids = frozenset(p.team.venue_id for p in parsed if p.team.venue_id is not None)
    for venue_id in venue_ids:
        feed.bump(venue_id)
    counts = {
        "scores": len(parsed),
        "revisions": sum(1 for p in parsed if p.previous),
        "total_only": sum(1 for p in parsed if not p.marks),
    }
    audit_import("scores", job, contest, plan.report, counts, batch)
    summary = _(
        "已导入 %(scores)s 条评分（其中取代原评分 %(revisions)s 条，只有总分 %(total_only)s 条）",
        **counts,
    )
    return Outcome("scores", counts, summary, plan.report.sorted_warnings(), venue_ids, batch.id)
