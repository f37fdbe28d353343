"""`flask verify-audit` and `flask make-audit-key`: check the log, make the seal's key."""

from __future__ import annotations

import sys

import click

from contest.audit import HEAD_CHARS, check_head, head, verify_chain
from contest.audit import seal as sealing

KEEP = "请保留当前数据库文件不要再改动，并与最近一次备份（flask --app contest backup 生成）对照"


def _chain_failed(report) -> None:
    if report.bad_seal:
        click.echo(
            f"审计日志校验失败：第 {report.first_bad_id} 条记录的密钥封印不符或缺失，"
            "日志在本系统之外被改写过（或 CONTEST_AUDIT_KEY_FILE 不是写入时所用的密钥）。"
            f"{KEEP}，找出被改写的记录",
            err=True,
        )
    else:
        click.echo(
            f"审计日志校验失败：第 {report.first_bad_id} 条记录被改动或缺失。{KEEP}，"
            "找出被改动的记录",
            err=True,
        )
    sys.exit(1)


@click.command("verify-audit")
@click.option(
    "--head",
    "expected_head",
    help="A head printed on a paper (COUNT:HASH): check the log still holds it.",
)
def verify_audit_command(expected_head: str | None) -> None:
    """Recompute the audit log's hash chain, its seals (with a key) and every score against
    its entry; exit 1 on any difference."""
    from contest.audit.scores import mismatches

    report = verify_chain()
    if not report.ok:
        _chain_failed(report)
    failed = False
    if expected_head:
        count, _sep, prefix = expected_head.partition(":")
        if not count.isdigit() or not check_head(int(count), prefix.strip()):
            click.echo(
                f"审计日志与纸面记录不符：纸面记录的第 {count} 条（校验码 {prefix}）在日志中"
                "已不存在或已被改写，日志可能被截断或整体重写。请保留数据库文件，与备份对照",
                err=True,
            )
            failed = True
    problems = list(mismatches())
    for line in problems[:50]:
        click.echo(f"评分与审计日志不符：{line}", err=True)
    if len(problems) > 50:
        click.echo(f"……另有 {len(problems) - 50} 处不符", err=True)
    if problems:
        click.echo(
            "评分表被直接改动过（未经本系统）。请保留数据库文件，按审计日志核对并更正上列评分",
            err=True,
        )
        failed = True
    if failed:
        sys.exit(1)
    _count, last = head()
    sealed = f"（其中 {report.sealed} 条有密钥封印，均相符）" if sealing.key() else ""
    click.echo(
        f"审计日志完整：共 {report.entries} 条{sealed}，末条校验码 {last[:HEAD_CHARS]}；"
        "全部评分与审计日志一致"
    )


@click.command("make-audit-key")
@click.argument("path", type=click.Path(dir_okay=False))
def make_audit_key_command(path: str) -> None:
    """Write a new random key for the audit log's seal to PATH (never over an existing file)."""
    try:
        sealing.make_key_file(path)
    except FileExistsError:
        click.echo(f"{path} 已存在，未改动：换密钥会使已有的封印无法核对", err=True)
        sys.exit(1)
    except OSError as error:
        click.echo(f"无法写入 {path}：{error}", err=True)
        sys.exit(1)
    click.echo(
        f"已生成审计日志密钥 {path}（仅所有者可读）。请把它放在数据库和备份以外的地方，"
        f"设置 CONTEST_AUDIT_KEY_FILE={path} 后重启服务器；此后每条审计记录都带密钥封印"
    )
