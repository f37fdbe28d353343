"""Staff accounts (工作人员账号): create, disable, reset, roles and a host's venues.

Accounts are global (one login for every contest); a host's venues belong to contests.
Passwords are never logged and never go into the audit data. Callers commit (`atomic`).
"""

from __future__ import annotations

import secrets

import sqlalchemy as sa
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from contest import audit
from contest.extensions import db
from contest.models import StaffRole, StaffUser, Venue

MIN_PASSWORD = 8
MAX_PASSWORD = 200  # the sign-in form takes no more
# No 0/O, 1/l/I: a generated password is read aloud or copied from a screen.
_ALPHABET = "abcdefghijkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789"

ROLE_LABELS = {
    StaffRole.ADMIN: _l("管理员"),
    StaffRole.HOST: _l("主持人"),
    StaffRole.CLERK: _l("录入员"),
    StaffRole.SUPERVISOR: _l("监督"),
}
ROLE_HELP = {
    StaffRole.ADMIN: _l("秘书处：设置比赛、导入、发布结果，管理账号"),
    StaffRole.HOST: _l("只能进入分配给他的分会场的主持人控制台"),
    StaffRole.CLERK: _l("只能录入纸质评分和更正分数"),
    StaffRole.SUPERVISOR: _l("可查看工作人员能看到的一切，不能做任何改动"),
}


class AccountRefused(Exception):
    """A change that was not made, with what to do instead (plain Chinese)."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


def generate_password() -> str:
    """A random password to read out: three groups of four, about 70 bits."""
    groups = ("".join(secrets.choice(_ALPHABET) for _ in range(4)) for _ in range(3))
    return "-".join(groups)


def check_password(password: str, *, username: str = "") -> None:
    """Refuse a password too short, too long, with spaces at its ends, or holding the username."""
    if len(password) < MIN_PASSWORD:
        raise AccountRefused(_("密码至少 %(n)s 位；请重新输入，或留空由系统生成", n=MIN_PASSWORD))
    if len(password) > MAX_PASSWORD:
        raise AccountRefused(_("密码不能超过 %(n)s 位", n=MAX_PASSWORD))
    if password != password.strip():
        raise AccountRefused(_("密码首尾不能有空格；请重新输入"))
    name = username.strip().lower()
    # The username plus a year or a "!" is the first thing a guesser tries.
    rest = password.lower().replace(name, "") if name else password
    if name and (password.lower() in name or sum(ch.isalpha() for ch in rest) < 4):
        raise AccountRefused(
            _("密码不能是用户名加数字或符号，也不能是用户名的一部分；请换一个密码")
        )


def parse_role(text: str) -> StaffRole:
    """The role named by its code (admin, host, clerk, supervisor)."""
    try:
        return StaffRole(text.strip())
    except ValueError:
        raise AccountRefused(_("请选择角色：管理员、主持人、录入员或监督")) from None


def find_account(username: str) -> StaffUser | None:
    """The account with exactly this username (ends trimmed)."""
    return db.session.scalar(sa.select(StaffUser).where(StaffUser.username == username.strip()))


def accounts() -> list[StaffUser]:
    """Every account: admins first, then by username."""
    order = sa.case({r.value: i for i, r in enumerate(StaffRole)}, value=StaffUser.role)
    return list(db.session.scalars(sa.select(StaffUser).order_by(order, StaffUser.username)))


def _clean_username(text: str) -> str:
    username = text.strip()
    if not username:
        raise AccountRefused(_("请填写用户名"))
    if len(username) > 50:
        raise AccountRefused(_("用户名不能超过 50 个字符"))
    if any(ch.isspace() or ord(ch) < 32 for ch in username):
        raise AccountRefused(_("用户名中间不能有空格；可用字母、数字、汉字或 - _ ."))
    taken = db.session.scalar(
        sa.select(StaffUser.username).where(sa.func.lower(StaffUser.username) == username.lower())
    )
    if taken is not None:
        raise AccountRefused(_("用户名 %(name)s 已被使用；请换一个用户名", name=taken))
    return username


def _check_venues(role: StaffRole, venues: list[Venue]) -> None:
    if venues and role is not StaffRole.HOST:
        raise AccountRefused(_("只有主持人需要分会场；请取消勾选分会场，或把角色选为主持人"))


def create_account(
    *,
    username: str,
    display_name: str,
    role: StaffRole,
    password: str,
    venues: list[Venue],
    actor: str,
) -> StaffUser:
    """Create an account; a host gets the venues given (may be none yet)."""
    name = _clean_username(username)
    shown = display_name.strip() or name
    if len(shown) > 50:
        raise AccountRefused(_("显示名称不能超过 50 个字符"))
    if any(ord(ch) < 32 for ch in shown):
        raise AccountRefused(_("显示名称不能含控制字符；请重新输入"))
    _check_venues(role, venues)
    check_password(password, username=name)
    user = StaffUser(username=name, display_name=shown, role=role)
    user.set_password(password)
    user.venues = list(venues)
    db.session.add(user)
    db.session.flush()
    audit.record(
        "staff.created",
        actor=actor,
        subject=f"staff:{user.id}",
        data={
            "username": name,
            "display_name": shown,
            "role": role.value,
            "venues": sorted(v.id for v in venues),
        },
    )
    return user


def _active_admins() -> list[StaffUser]:
    # Locked on PostgreSQL: two admins demoting each other at once cannot both pass.
    query = sa.select(StaffUser).where(
        StaffUser.role == StaffRole.ADMIN, StaffUser.active.is_(True)
    )
    return list(db.session.scalars(query.with_for_update()))


def _keep_an_admin(user: StaffUser, *, actor: str, disabling: bool) -> None:
    if actor == f"staff:{user.id}":
        if disabling:
            raise AccountRefused(_("不能停用自己的账号；请由另一位管理员操作"))
        raise AccountRefused(_("不能更改自己的角色；请由另一位管理员操作"))
    if user.role is StaffRole.ADMIN and user.active and _active_admins() == [user]:
        raise AccountRefused(
            _(
                "%(name)s 是最后一个启用的管理员账号，不能%(what)s；请先为另一人创建管理员账号",
                name=user.username,
                what=_("停用") if disabling else _("改为其他角色"),
            )
        )


def set_active(*, user: StaffUser, active: bool, actor: str) -> bool:
    """Enable or disable an account; returns whether anything changed."""
    if user.active == active:
        return False
    if not active:
        _keep_an_admin(user, actor=actor, disabling=True)
    user.active = active
    if not active:
        user.end_sessions()  # signed out at once, and a later re-enable does not revive them
    audit.record(
        "staff.enabled" if active else "staff.disabled",
        actor=actor,
        subject=f"staff:{user.id}",
        data={"username": user.username},
    )
    return True


def reset_password(*, user: StaffUser, password: str, actor: str) -> None:
    """Give the account a new password; every session of the account ends."""
    check_password(password, username=user.username)
    user.set_password(password)
    audit.record(
        "staff.password_reset",
        actor=actor,
        subject=f"staff:{user.id}",
        data={"username": user.username},
    )


def end_sessions(*, user: StaffUser, actor: str) -> None:
    """Sign the account out on every device (a lost phone, a shared computer)."""
    user.end_sessions()
    audit.record(
        "staff.sessions_ended",
        actor=actor,
        subject=f"staff:{user.id}",
        data={"username": user.username},
    )


def set_venues(*, user: StaffUser, venues: list[Venue], actor: str) -> bool:
    """Set the venues a host runs (takes effect at the host's next page load)."""
    if user.role is not StaffRole.HOST:
        raise AccountRefused(
            _(
                "%(name)s 不是主持人，不需要分会场；如需主持，请先在 管理后台 → 比赛设置 → "
                "工作人员账号 中把角色改为主持人",
                name=user.username,
            )
        )
    before = sorted(v.id for v in user.venues)
    after = sorted({v.id for v in venues})
    if before == after:
        return False
    user.venues = sorted(set(venues), key=lambda v: (v.contest_id, v.position, v.id))
    audit.record(
        "staff.venues_changed",
        actor=actor,
        subject=f"staff:{user.id}",
        data={"username": user.username, "before": before, "after": after},
    )
    return True


def set_role(*, user: StaffUser, role: StaffRole, actor: str) -> bool:
    """Change an account's role; a host who stops hosting loses their venues."""
    if user.role is role:
        return False
    _keep_an_admin(user, actor=actor, disabling=False)
    before = user.role
    dropped = sorted(v.id for v in user.venues) if role is not StaffRole.HOST else []
    user.role = role
    if dropped:
        user.venues = []
    audit.record(
        "staff.role_changed",
        actor=actor,
        subject=f"staff:{user.id}",
        data={
            "username": user.username,
            "before": before.value,
            "after": role.value,
            "venues_removed": dropped,
        },
    )
    return True
