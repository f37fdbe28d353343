"""Staff accounts from the command line: create-staff, staff-venues, reset-password, ...

Every refusal says, in Chinese, what to type next. Audited with actor "cli".
"""

from __future__ import annotations

import click
import sqlalchemy as sa

from contest.extensions import db
from contest.models import Contest, StaffRole, StaffUser, Venue

ACCOUNTS_PAGE = "管理后台 → 比赛设置 → 工作人员账号"


def _venue_label(venue: Venue) -> str:
    extra = [f"简称 {venue.short_name}"] if venue.short_name else []
    extra += [f"代码 {venue.code}"] if venue.code else []
    more = f"（{'，'.join(extra)}）" if extra else ""
    return f"{venue.id} {venue.name}{more} · {venue.contest.name}"


def venue_for_cli(text: str, contest_id: int | None) -> Venue:
    """A venue by full name, 简称 or 代码 (of one contest when given), else by its number."""
    from contest.setup.venues import find_venue

    wanted = text.strip()
    query = sa.select(Contest).order_by(Contest.id)
    if contest_id is not None:
        query = query.where(Contest.id == contest_id)
    contests = list(db.session.scalars(query))
    venues = [v for c in contests for v in c.venues]
    found = [v for v in (find_venue(c, wanted) for c in contests) if v is not None]
    if not found and wanted.isdigit():
        found = [v for v in venues if v.id == int(wanted)]
    if len(found) == 1:
        return found[0]
    if found:
        raise click.ClickException(
            f"有 {len(found)} 个分会场都叫「{wanted}」；请加 --contest 比赛编号，或改用分会场编号："
            + "".join(f"\n  {_venue_label(v)}" for v in found)
        )
    listing = "".join(f"\n  {_venue_label(v)}" for v in venues) or "\n  （还没有分会场）"
    raise click.ClickException(
        f"没有找到分会场「{wanted}」。可用全称、简称、代码或编号，现有分会场：{listing}"
    )


def _venues(texts: tuple[str, ...], contest_id: int | None) -> list[Venue]:
    if contest_id is not None and db.session.get(Contest, contest_id) is None:
        raise click.ClickException(f"没有编号为 {contest_id} 的比赛；去掉 --contest 或改正编号")
    return [venue_for_cli(text, contest_id) for text in texts]


def _account(username: str) -> StaffUser:
    from contest.setup.accounts import find_account

    user = find_account(username)
    if user is None:
        raise click.ClickException(
            f"没有用户名为 {username} 的账号；先用 flask --app contest create-staff {username} "
            "--role host|admin|clerk|supervisor 创建"
        )
    return user


def _run(work):
    """Run `work` in one transaction; a refusal becomes a ClickException."""
    from contest.setup.accounts import AccountRefused
    from contest.transactions import atomic

    try:
        return atomic(work)
    except AccountRefused as refused:
        raise click.ClickException(refused.message) from None


def _warn_no_venue(user: StaffUser) -> None:
    if user.role is StaffRole.HOST and not user.venues:
        click.echo(
            f"注意：主持人 {user.username} 还没有分会场，登录后无法进入任何主持人控制台。\n"
            f"请运行 flask --app contest staff-venues {user.username} --venue 分会场简称，"
            f"或在 {ACCOUNTS_PAGE} 中勾选分会场。",
            err=True,
        )


venue_option = click.option(
    "--venue",
    "venue_texts",
    multiple=True,
    help="A venue's id, full name, short name (简称) or code (代码); repeat for several.",
)
contest_option = click.option(
    "--contest", "contest_id", type=int, help="Look venue names up in this contest only."
)


@click.command("create-staff")
@click.argument("username")
@click.option("--role", type=click.Choice([r.value for r in StaffRole]), default="admin")
@venue_option
@contest_option
@click.option("--display-name", default="", help="Shown on the pages (default: the username).")
@click.password_option()
def create_staff_command(
    username: str,
    role: str,
    venue_texts: tuple[str, ...],
    contest_id: int | None,
    display_name: str,
    password: str,
) -> None:
    """Create a staff account (admin, host of given venues, clerk or supervisor)."""
    from contest.setup.accounts import ROLE_LABELS, create_account

    venues = _venues(venue_texts, contest_id)
    user = _run(
        lambda: create_account(
            username=username,
            display_name=display_name,
            role=StaffRole(role),
            password=password,
            venues=venues,
            actor="cli",
        )
    )
    where = f"，主持：{'、'.join(v.name for v in user.venues)}" if user.venues else ""
    click.echo(f"已创建 {role} 账号 {user.username}（{ROLE_LABELS[user.role]}{where}）")
    _warn_no_venue(user)


@click.command("staff-venues")
@click.argument("username")
@venue_option
@contest_option
def staff_venues_command(
    username: str, venue_texts: tuple[str, ...], contest_id: int | None
) -> None:
    """Set the venues a host runs (replaces the ones they had)."""
    from contest.setup.accounts import set_venues

    if not venue_texts:
        raise click.ClickException(
            "请用 --venue 指定分会场（可写多次）；要收回全部分会场，请用 disable-staff 停用账号"
        )
    venues = _venues(venue_texts, contest_id)
    user = _account(username)
    changed = _run(lambda: set_venues(user=_account(username), venues=venues, actor="cli"))
    names = "、".join(v.name for v in user.venues)
    click.echo(
        f"{user.username} 现在主持：{names}"
        if changed
        else f"{user.username} 的分会场未变：{names}"
    )


@click.command("reset-password")
@click.argument("username")
@click.password_option()
def reset_password_command(username: str, password: str) -> None:
    """Give a staff account a new password; its open sessions must sign in again."""
    from contest.setup.accounts import reset_password

    _account(username)
    _run(lambda: reset_password(user=_account(username), password=password, actor="cli"))
    click.echo(f"已重置 {username} 的密码")


def _set_active(username: str, active: bool) -> bool:
    from contest.setup.accounts import set_active

    _account(username)
    return _run(lambda: set_active(user=_account(username), active=active, actor="cli"))


@click.command("disable-staff")
@click.argument("username")
def disable_staff_command(username: str) -> None:
    """Disable a staff account: it is signed out at its next request."""
    changed = _set_active(username, False)
    click.echo(f"已停用 {username}" if changed else f"{username} 已是停用状态")


@click.command("end-sessions")
@click.argument("username")
def end_sessions_command(username: str) -> None:
    """Sign a staff account out on every device (its password stays)."""
    from contest.setup.accounts import end_sessions

    _account(username)
    _run(lambda: end_sessions(user=_account(username), actor="cli"))
    click.echo(f"已结束 {username} 的全部登录；其已打开的页面在下一次操作时退出")


@click.command("enable-staff")
@click.argument("username")
def enable_staff_command(username: str) -> None:
    """Enable a disabled staff account again."""
    changed = _set_active(username, True)
    click.echo(f"已启用 {username}" if changed else f"{username} 已是启用状态")
