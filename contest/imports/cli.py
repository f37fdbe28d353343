"""`flask --app contest import-teams|import-judges|import-scores FILE`, exit 1 on refusal."""

from __future__ import annotations

import sys
from pathlib import Path

import click
from flask_babel import gettext as _

from contest.imports import ImportRefused, Plan, Report, check_import, run_import


def _report(report: Report) -> None:
    if report.errors:
        click.echo(_("导入失败，未写入任何数据。共 %(n)s 处错误：", n=len(report.errors)), err=True)
        for problem in report.sorted_errors():
            click.echo(f"  {problem}", err=True)
    if report.warnings:
        click.echo(_("需要确认的警告 %(n)s 条：", n=len(report.warnings)), err=True)
        for problem in report.sorted_warnings():
            click.echo(f"  {problem}", err=True)


def _preview(plan: Plan) -> None:
    """The rows as understood, sheet by sheet, as the admin page's preview shows them."""
    for sheet in plan.sheets:
        unit = _("，推荐单位：%(unit)s", unit=sheet.unit) if sheet.unit else ""
        title = _("工作表「%(sheet)s」", sheet=sheet.name) if sheet.name else _("文件")
        click.echo(_("%(title)s%(unit)s，%(n)s 行：", title=title, unit=unit, n=sheet.rows))
        click.echo("  " + "\t".join([_("行"), *plan.columns]))
        for row in plan.rows:
            if row.sheet == sheet.name:
                click.echo("  " + "\t".join([str(row.number), *row.values]))
    for note in plan.report.notes:
        click.echo(_("说明：%(note)s", note=note.message))


def _run(kind: str, path: Path, contest_id: int | None, confirm: bool, dry_run: bool) -> None:
    from contest.cli import _pick_contest  # here, not at the top: contest.cli imports us

    contest = _pick_contest(contest_id)
    if contest_id is None and contest.is_demo:
        raise click.ClickException(
            _(
                "唯一的比赛是演示比赛。请先在 管理后台 → 新建比赛 创建正式比赛，再用 --contest "
                "指定编号；确要导入演示比赛，请加 --contest %(id)s",
                id=contest.id,
            )
        )
    if dry_run:
        try:
            plan = check_import(
                kind,
                contest_id=contest.id,
                data=path.read_bytes(),
                filename=path.name,
                actor="cli",
                staff_id=None,
            )
        except ImportRefused as refused:
            _report(refused.report)
            sys.exit(1)
        _preview(plan)
        _report(plan.report)
        click.echo(_("预览完毕，未写入任何数据。"))
        sys.exit(1 if plan.report.errors else 0)
    try:
        outcome = run_import(
            kind,
            contest_id=contest.id,
            data=path.read_bytes(),
            filename=path.name,
            actor="cli",
            confirm=confirm,
        )
    except ImportRefused as refused:
        _report(refused.report)
        if refused.needs_confirmation:
            click.echo(_("未写入任何数据。核对无误后，加 --confirm-warnings 重新运行。"), err=True)
        sys.exit(1)
    for problem in outcome.warnings:
        click.echo("  " + _("已确认：%(problem)s", problem=problem))
    if len(outcome.sheets) > 1:
        for sheet in outcome.sheets:
            unit = _("，推荐单位：%(unit)s", unit=sheet.unit) if sheet.unit else ""
            click.echo(
                _(
                    "工作表「%(sheet)s」%(unit)s，%(n)s 行",
                    sheet=sheet.name,
                    unit=unit,
                    n=sheet.rows,
                )
            )
    for note in outcome.notes:
        click.echo(_("说明：%(note)s", note=note.message))
    click.echo(outcome.summary)


def _command(kind: str, name: str, help_text: str) -> click.Command:
    @click.command(name, help=help_text)
    @click.argument(
        "file", type=click.Path(exists=True, dir_okay=False, readable=True, path_type=Path)
    )
    @click.option("--contest", "contest_id", type=int, help="Contest id (default: the only one).")
    @click.option(
        "--confirm-warnings", is_flag=True, help="Import even though the file has warnings."
    )
    @click.option("--dry-run", is_flag=True, help="Print the rows as understood; write nothing.")
    def command(file: Path, contest_id: int | None, confirm_warnings: bool, dry_run: bool) -> None:
        _run(kind, file, contest_id, confirm_warnings, dry_run)

    return command


import_teams_command = _command(
    "teams", "import-teams", "Import teams (.xlsx/.xls/.csv): all rows or none."
)
import_judges_command = _command(
    "judges", "import-judges", "Import judges with keys, numbers and 回避单位 recusals."
)
import_scores_command = _command(
    "scores", "import-scores", "Import scores (per item or 总分) as channel 'import'."
)

COMMANDS = (import_teams_command, import_judges_command, import_scores_command)
