"""Command-line tools: `flask --app contest <command>`."""

from __future__ import annotations

import json
import sys

import click
import sqlalchemy as sa
from flask import Flask, current_app

from contest.extensions import db
from contest.models import Contest


def _credentials_path():
    from pathlib import Path

    return Path(current_app.instance_path) / "demo-credentials.json"


def _pad(text: str, width: int) -> str:
    """Left-justify for a terminal, where a CJK character takes two columns."""
    from unicodedata import east_asian_width

    used = sum(2 if east_asian_width(ch) in "WF" else 1 for ch in text)
    return text + " " * max(1, width - used)


def _pick_contest(contest_id: int | None) -> Contest:
    contests = db.session.scalars(sa.select(Contest).order_by(Contest.id)).all()
    if contest_id is not None:
        found = db.session.get(Contest, contest_id)
        if found is None:
            raise click.ClickException(f"没有编号为 {contest_id} 的比赛")
        return found
    if not contests:
        raise click.ClickException("数据库里还没有比赛；先运行 flask --app contest demo")
    if len(contests) > 1:
        raise click.ClickException("有多场比赛，请用 --contest 指定编号")
    return contests[0]


@click.command("demo")
@click.option("--if-empty", is_flag=True, help="Only load when the database has no contest.")
def demo_command(if_empty: bool) -> None:
    """Load the demo contest (1 venue, 20 teams, 9 judges)."""
    from contest.demo import is_empty, load_demo

    if if_empty and not is_empty():
        click.echo("数据库已有比赛，未载入演示数据。")
        return
    contest = load_demo(_credentials_path())
    click.echo(f"已载入演示比赛：{contest.name}（编号 {contest.id}）")


@click.command("links")
@click.option("--contest", "contest_id", type=int)
def links_command(contest_id: int | None) -> None:
    """Print every link: staff, hosts, displays, viewers and each judge."""
    from contest.links import audience_links, judge_links

    contest = _pick_contest(contest_id)
    click.echo(f"\n  {contest.name}\n")
    for link in audience_links(contest):
        click.echo(f"  {_pad(link.label, 28)}{link.url}")
    path = _credentials_path()
    if path.exists():
        for username, password in json.loads(path.read_text()).items():
            click.echo(f"  演示账号 {username} / 密码 {password}")
    click.echo("\n  评委个人链接（请勿外传）：")
    for judge, url in judge_links(contest):
        click.echo(f"  {_pad(judge.label + ' ' + judge.name, 28)}{url}")
    click.echo()


@click.command("judge-links")
@click.option("--contest", "contest_id", type=int)
def judge_links_command(contest_id: int | None) -> None:
    """One line per judge: name, a tab, the full URL."""
    from contest.links import judge_links

    for judge, url in judge_links(_pick_contest(contest_id)):
        click.echo(f"{judge.name}\t{url}")


@click.command("verify-audit")
def verify_audit_command() -> None:
    """Recompute the audit log's hash chain; exit 1 at the first broken entry."""
    from contest.audit import verify_chain

    report = verify_chain()
    if not report.ok:
        click.echo(f"审计日志校验失败：第 {report.first_bad_id} 条记录被改动或缺失", err=True)
        sys.exit(1)
    click.echo(f"审计日志完整：共 {report.entries} 条")


@click.command("replay-draw")
@click.option("--venue", "venue_id", type=int, help="Venue id (default: every venue).")
def replay_draw_command(venue_id: int | None) -> None:
    """Replay each venue's latest draw from its seed and compare with the stored order."""
    from contest.models import Team, Venue
    from contest.running_order import latest_draw, replay

    venues = db.session.scalars(sa.select(Venue).order_by(Venue.id)).all()
    mismatched = False
    for venue in venues:
        if venue_id is not None and venue.id != venue_id:
            continue
        record = latest_draw(venue.id)
        if record is None:
            click.echo(f"{venue.name}：尚未抽签")
            continue
        replayed = replay(record)
        same = replayed == record.order
        mismatched |= not same
        click.echo(f"{venue.name}：种子「{record.seed}」，算法 {record.algorithm}")
        names = {
            t.id: t for t in db.session.scalars(sa.select(Team).where(Team.venue_id == venue.id))
        }
        for position, team_id in enumerate(replayed, 1):
            team = names.get(team_id)
            click.echo(
                f"  {position:>2}. {team.company_name} {team.team_name}"
                if team
                else f"  {position:>2}. #{team_id}"
            )
        click.echo("  重演结果与存档顺序一致" if same else "  重演结果与存档顺序不一致！")
    if mismatched:
        sys.exit(1)


@click.command("nginx-config")
@click.option("--worker", "workers", multiple=True, required=True, help="host:port of a process")
@click.option("--listen", default="80", show_default=True, help="nginx listen address")
@click.option("--server-name", default="_", show_default=True)
@click.option("--static-root", default=None, help="serve /static/ from this folder")
@click.option("--secure", is_flag=True, help="mark the pinning cookie Secure (HTTPS)")
def nginx_config_command(workers, listen, server_name, static_root, secure) -> None:
    """Print the nginx site for several server processes (see deploy/README.md)."""
    from contest.nginx_config import render

    try:
        text = render(
            list(workers),
            listen=listen,
            server_name=server_name,
            static_root=static_root,
            secure=secure,
        )
    except ValueError as error:
        raise click.ClickException(str(error)) from error
    click.echo(text, nl=False)


def register(app: Flask) -> None:
    from contest.certificates.cli import certificates_command
    from contest.exports.cli import COMMANDS as export_commands
    from contest.imports.cli import COMMANDS as import_commands
    from contest.setup import cli as setup_cli

    for command in (
        *export_commands,
        *import_commands,
        demo_command,
        links_command,
        judge_links_command,
        setup_cli.create_staff_command,
        setup_cli.staff_venues_command,
        setup_cli.reset_password_command,
        setup_cli.disable_staff_command,
        setup_cli.enable_staff_command,
        verify_audit_command,
        replay_draw_command,
        certificates_command,
        nginx_config_command,
    ):
        app.cli.add_command(command)
