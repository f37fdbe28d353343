"""Export, backup and restore from the command line: `flask --app contest <command>`."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import click

from contest.exports import EXPORTERS


def write_file(path: Path, data: bytes) -> None:
    """Write a command's output, or say why not and what to do instead."""
    try:
        path.write_bytes(data)
    except OSError as error:
        raise click.ClickException(
            f"无法写入 {path}：{error.strerror or error}；"
            "请换一个已存在且有写入权限的文件夹，例如当前目录下的文件名"
        ) from error


def _export(name: str, path: Path, contest_id: int | None) -> None:
    # Imported here: contest.cli imports this module to register the commands.
    from contest.cli import _pick_contest

    exporter = EXPORTERS[name]
    contest = _pick_contest(contest_id)
    data = exporter.build(contest)
    write_file(path, data)
    click.echo(f"已导出{exporter.title}：{path}（{len(data):,} 字节）")


def _export_command(command: str, name: str, help_text: str) -> click.Command:
    @click.command(command, help=help_text)
    @click.argument("path", type=click.Path(dir_okay=False, writable=True, path_type=Path))
    @click.option("--contest", "contest_id", type=int, help="Contest id (when there are several).")
    def run(path: Path, contest_id: int | None) -> None:
        _export(name, path, contest_id)

    return run


export_results_command = _export_command(
    "export-results", "ranking", "Write the final ranking workbook (.xlsx)."
)
export_summary_command = _export_command(
    "export-summary", "summary", "Write the 评审汇总表 (form 2-4) workbook (.xlsx)."
)
export_audit_command = _export_command(
    "export-audit", "audit", "Write the contest's audit log as CSV (UTF-8 with BOM)."
)


@click.command("backup")
@click.argument("path", type=click.Path(dir_okay=False, writable=True, path_type=Path))
def backup_command(path: Path) -> None:
    """Write every table and row of the database to a JSON file."""
    from contest.exports.backup import backup

    data = backup()
    write_file(path, data)
    click.echo(f"已备份整个数据库：{path}（{len(data):,} 字节）")
    _season_files_out(path)


def _season_files_out(path: Path) -> None:
    """The season's attachments beside the backup (contest/season/files/copies.py)."""
    from contest.season import uploads
    from contest.season.files import copies

    copied, missing = copies.copy_out(uploads.storage(), path)
    if copied:
        click.echo(f"申报附件 {copied} 个已复制到 {copies.folder_for(path)}")
    if missing:
        click.echo(f"注意：{len(missing)} 个申报附件在存储中找不到，未能备份", err=True)


@click.command("restore")
@click.argument("path", type=click.Path(exists=True, dir_okay=False, path_type=Path))
def restore_command(path: Path) -> None:
    """Restore a JSON backup into an empty database; exit 1 when refused."""
    from contest.exports.backup import RestoreRefused, restore

    try:
        document = json.loads(path.read_text(encoding="utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError):
        click.echo(
            f"无法读取备份：{path} 不是有效的 JSON 文件；"
            "请选择 flask --app contest backup 生成的备份文件",
            err=True,
        )
        sys.exit(1)
    try:
        counts = restore(document)
    except RestoreRefused as refused:
        click.echo(f"未恢复：{refused}", err=True)
        sys.exit(1)
    click.echo(f"已恢复 {len(counts)} 张表，共 {sum(counts.values())} 行")
    from contest.season import uploads
    from contest.season.files import copies

    copied, missing = copies.copy_in(uploads.storage(), path)
    if copied:
        click.echo(f"申报附件 {copied} 个已恢复")
    if missing:
        click.echo(
            f"注意：{len(missing)} 个申报附件不在 {copies.folder_for(path)} 中或已被改动，"
            "未能恢复；请把备份文件连同同名的 .files 文件夹一起复制过来后重试",
            err=True,
        )


COMMANDS = (
    export_results_command,
    export_summary_command,
    export_audit_command,
    backup_command,
    restore_command,
)
