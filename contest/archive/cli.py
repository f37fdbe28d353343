"""`flask season archive-read PATH`: verify an archive's checksums and list its contents."""

from __future__ import annotations

from pathlib import Path

import click
from flask import Flask
from flask.cli import AppGroup, with_appcontext


@click.command("archive-read")
@with_appcontext
@click.argument("path", type=click.Path(exists=True, dir_okay=False, path_type=Path))
def archive_read(path: Path) -> None:
    """Open a season archive read-only: every checksum verified, every file listed."""
    from contest.archive.reader import ArchiveRefused, open_archive

    try:
        opened = open_archive(path)
    except ArchiveRefused as refused:
        raise click.ClickException(refused.message) from None
    manifest = opened.manifest
    click.echo(f"{manifest.get('title', '')}（{manifest.get('created_at', '')}）")
    for entry in opened.entries:
        mark = "通过" if entry["ok"] else "不符"
        click.echo(
            f"{mark}  {entry['size'] if entry['size'] is not None else '-':>10}  {entry['path']}"
        )
    for name in opened.missing:
        click.echo(f"缺失：{name}")
    for name in opened.extra:
        click.echo(f"清单外文件：{name}")
    if not opened.ok:
        raise click.ClickException(
            f"校验未通过：{len(opened.failed)} 个文件校验值不符（{'、'.join(opened.failed[:5])}）"
            if opened.failed
            else "校验未通过：归档与清单不一致"
        )
    click.echo(f"共 {len(opened.entries)} 个文件，SHA-256 校验全部通过")


def attach(app: Flask) -> None:
    """Add the command to the `season` group (made here if no one made it before)."""
    group = app.cli.commands.get("season")
    if group is None:
        group = AppGroup("season", help="在线申报年度的命令")
        app.cli.add_command(group)
    group.add_command(archive_read)
