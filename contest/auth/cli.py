"""`flask clear-locks`: see and clear sign-in locks when no admin can reach the page."""

from __future__ import annotations

import click


@click.command("clear-locks")
@click.option("--all", "everything", is_flag=True, help="Clear every lock shown.")
def clear_locks_command(everything: bool) -> None:
    """List the sign-in locks in force (登录限制); with --all, clear them."""
    from contest import audit
    from contest.auth import attempts
    from contest.extensions import db

    found = attempts.locks()
    if not found:
        click.echo("目前没有登录限制")
        return
    for lock in found:
        click.echo(
            f"{attempts.KINDS[lock.kind][2]} · {attempts.SCOPES[lock.scope]} {lock.ident} · "
            f"失败 {lock.failures} 次（上限 {lock.limit}）· 至 {lock.until:%H:%M:%S} UTC"
        )
    if not everything:
        click.echo("如需全部解除，请运行 flask --app contest clear-locks --all")
        return
    for lock in found:
        attempts.clear(lock.group)
    audit.record("staff.locks_cleared", actor="cli", data={"locks": [x.group for x in found]})
    db.session.commit()
    click.echo(f"已解除 {len(found)} 项登录限制")
