"""`flask --app contest import-teams|import-judges|import-scores FILE`, exit 1 on refusal."""

from __future__ import annotations

import sys
from pathlib import Path

import click
from flask_babel import gettext as _

from contest.imports import ImportRefused, run_import


def _run(kind: str, path: Path, contest_id: int | None, confirm: bool) -> None:
    from contest.cli import _pick_contest  # here, not at the top: contest.cli imports us

    contest = _pick_contest(contest_id)
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
        report = refused.report
        if report.errors:
            click.echo(
                _("导入失败，未写入任何数据。共 %(n)s 处错误：", n=len(report.errors)), err=True
            )
            for problem in report.sorted_errors():
                click.echo(f"  {problem}", err=True)
        if report.warnings:
            click.echo(_("需要确认的警告 %(n)s 条：", n=len(report.warnings)), err=True)
            for problem in report.sorted_warnings():
                click.echo(f"  {problem}", err=True)
        if refused.needs_confirmation:
            click.echo(_("未写入任何数据。核对无误后，加 --confirm-warnings 重新运行。"), err=True)
        sys.exit(1)
    for problem in outcome.warnings:
        click.echo("  " + _("已确认：%(problem)s", problem=problem))
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
    def command(file: Path, contest_id: int | None, confirm_warnings: bool) -> None:
        _run(kind, file, contest_id, confirm_warnings)

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
