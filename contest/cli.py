"""Command-line tools: `flask --app contest <command>`."""

from __future__ import annotations

import json
import sys

import click
import sqlalchemy as sa
from flask import Flask, current_app

from contest.extensions import db
from contest.models import Contest

NO_JUDGES = (
    "这场比赛还没有评委：先在 管理后台 → 导入评委 导入评委名单，"
    "或运行 flask --app contest import-judges 文件"
)


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
        listed = "，".join(f"{c.id} {c.name}{'（演示）' if c.is_demo else ''}" for c in contests)
        raise click.ClickException(f"数据库里有多场比赛，请用 --contest 指定编号：{listed}")
    return contests[0]


@click.command("demo")
@click.option("--if-empty", is_flag=True, help="Only load when the database has no contest.")
def demo_command(if_empty: bool) -> None:
    """Load the demo contest (1 venue, 20 teams, 9 judges)."""
    from contest.demo import is_empty, load_demo

    if if_empty and not is_empty():
        click.echo(
            "数据库已有比赛（或演示比赛已被删除），未载入演示数据。"
            "确要重新载入演示比赛，请运行 flask --app contest demo。"
        )
        return
    contest = load_demo(_credentials_path())
    click.echo(f"已载入演示比赛：{contest.name}（编号 {contest.id}）")


def _say_where_links_point() -> None:
    """On stderr, when the links are a guess: the server has never said where it runs."""
    if current_app.config.get("CONTEST_PUBLIC_URL_SOURCE") == "default":
        url = current_app.config["CONTEST_PUBLIC_URL"]
        click.echo(
            f"服务器尚未启动过，链接按默认地址 {url} 生成；"
            "启动服务器（make run 或 python serve.py）后重新运行，"
            "或设置 CONTEST_PUBLIC_URL 为评委手机能访问的地址",
            err=True,
        )


def _demo_passwords(contest: Contest) -> dict[str, str]:
    """The demo's staff passwords, only for the demo contest and while the file exists."""
    path = _credentials_path()
    if not contest.is_demo or not path.exists():
        return {}
    return json.loads(path.read_text())


@click.command("links")
@click.option("--contest", "contest_id", type=int)
@click.option(
    "--for-server",
    is_flag=True,
    help="Links for the server about to start with this environment (what `make run` does).",
)
def links_command(contest_id: int | None, for_server: bool) -> None:
    """Print every link: staff, hosts, displays, viewers and each judge."""
    from contest.config import served_url
    from contest.links import audience_links, judge_links

    contest = _pick_contest(contest_id)
    if for_server:
        current_app.config["CONTEST_PUBLIC_URL"] = served_url()
    else:
        _say_where_links_point()
    click.echo(f"\n  {contest.name}\n")
    for link in audience_links(contest):
        click.echo(f"  {_pad(link.label, 28)}{link.url}")
    for username, password in _demo_passwords(contest).items():
        click.echo(f"  演示账号 {username} / 密码 {password}")
    judges = judge_links(contest)
    if not judges:
        click.echo(f"\n  {NO_JUDGES}")
    else:
        click.echo("\n  评委个人链接（请勿外传）：")
    for judge, url in judges:
        click.echo(f"  {_pad(judge.label + ' ' + judge.name, 28)}{url}")
    click.echo()


@click.command("judge-links")
@click.option("--contest", "contest_id", type=int)
def judge_links_command(contest_id: int | None) -> None:
    """One line per judge: name, a tab, the full URL."""
    from contest.links import judge_links

    contest = _pick_contest(contest_id)
    _say_where_links_point()
    judges = judge_links(contest)
    if not judges:
        raise click.ClickException(NO_JUDGES)
    for judge, url in judges:
        click.echo(f"{judge.name}\t{url}")


def _commitment_holds(record) -> bool:
    """A witnessed draw: the secret hashes to the commitment, the seed to secret and texts."""
    from contest.fairdraw.models import DrawCommit
    from contest.fairdraw.service import final_seed, sha256_hex

    commit = db.session.scalar(sa.select(DrawCommit).where(DrawCommit.draw_id == record.id))
    if commit is None:
        return True
    holds = sha256_hex(commit.secret) == commit.commitment and record.seed == final_seed(
        commit.secret, [w.entropy for w in commit.witnesses]
    )
    click.echo(
        f"  见证抽签：承诺 {commit.commitment}，"
        + ("密钥与承诺一致，随机码由密钥和监督人随机数算得" if holds else "承诺或随机码不一致！")
    )
    return holds


@click.command("replay-draw")
@click.option("--venue", "venue_id", type=int, help="Venue id (default: every venue).")
def replay_draw_command(venue_id: int | None) -> None:
    """Replay each venue's latest draw from its seed and compare with the stored order."""
    from contest.day.running_order import latest_draw, replay
    from contest.models import Team, Venue

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
        same = replayed == record.order and _commitment_holds(record)
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
        click.echo(
            "存档的抽签结果与种子重演的结果不一致，抽签记录可能被改动过。"
            "请保留当前数据库，在 管理后台 → 审计日志 中找到该分会场的抽签记录，核对种子与顺序",
            err=True,
        )
        sys.exit(1)


@click.command("nginx-config")
@click.option("--worker", "workers", multiple=True, required=True, help="host:port of a process")
@click.option("--listen", default="80", show_default=True, help="nginx listen address")
@click.option("--server-name", default="_", show_default=True)
@click.option("--static-root", default=None, help="serve /static/ from this folder")
@click.option("--secure", is_flag=True, help="mark the pinning cookie Secure (HTTPS)")
def nginx_config_command(workers, listen, server_name, static_root, secure) -> None:
    """Print the nginx site for several server processes (see deploy/README.md)."""
    from contest.server.nginx_config import render

    try:
        text = render(
            list(workers),
            listen=listen,
            server_name=server_name,
            static_root=static_root,
            secure=secure,
        )
    except ValueError as error:
        raise click.ClickException(
            f"{error}；请用 --worker 列出每个服务进程的地址，如 --worker 127.0.0.1:5001 "
            "--worker 127.0.0.1:5002（见 deploy/README.md）"
        ) from error
    click.echo(text, nl=False)


def register(app: Flask) -> None:
    from contest.audit import cli as audit_cli
    from contest.auth import cli as auth_cli
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
        setup_cli.end_sessions_command,
        auth_cli.clear_locks_command,
        audit_cli.verify_audit_command,
        audit_cli.make_audit_key_command,
        replay_draw_command,
        certificates_command,
        nginx_config_command,
    ):
        app.cli.add_command(command)
