"""Staff accounts from the command line: create-staff, staff-venues, reset-password, ..."""

from __future__ import annotations

import pytest
import sqlalchemy as sa

from contest.extensions import db
from contest.models import AuditEntry, Contest, StaffRole, StaffUser, Venue
from tests.security.identities import staff_sign_in


@pytest.fixture
def venue(demo, staff) -> Venue:
    """The demo's venue, with a 简称 and a 代码 as staff would give them."""
    venue = demo.venues[0]
    venue.short_name, venue.code = "第一分会场", "A"
    db.session.commit()
    return venue


def _user(username: str) -> StaffUser | None:
    db.session.expire_all()
    return db.session.scalar(sa.select(StaffUser).where(StaffUser.username == username))


def _cli_audit() -> list[tuple[str, dict]]:
    entries = db.session.scalars(
        sa.select(AuditEntry).where(AuditEntry.actor == "cli").order_by(AuditEntry.id)
    )
    return [(e.action, e.data) for e in entries]


@pytest.mark.parametrize("text", ["第一分会场", "A", "a", "FULL", "ID"])
def test_create_staff_finds_the_venue_by_short_name_code_full_name_or_id(runner, venue, text):
    text = {"FULL": venue.name, "ID": str(venue.id)}.get(text, text)
    result = runner.invoke(
        args=[
            "create-staff",
            "host-x",
            "--role",
            "host",
            "--venue",
            text,
            "--password",
            "hx-pass-12",
        ]
    )
    assert result.exit_code == 0, result.output
    assert result.output == f"已创建 host 账号 host-x（主持人，主持：{venue.name}）\n"
    assert [v.id for v in _user("host-x").venues] == [venue.id]


def test_create_staff_keeps_its_old_form_and_audits_without_the_password(app, runner, venue):
    result = runner.invoke(args=["create-staff", "boss"], input="boss-pass-1\nboss-pass-1\n")
    assert result.exit_code == 0, result.output
    assert result.output.endswith("已创建 admin 账号 boss（管理员）\n")
    user = _user("boss")
    assert (user.role, user.display_name, user.active) == (StaffRole.ADMIN, "boss", True)
    assert staff_sign_in(app.test_client(), "boss", "boss-pass-1").status_code == 302
    assert _cli_audit() == [
        (
            "staff.created",
            {"username": "boss", "display_name": "boss", "role": "admin", "venues": []},
        )
    ]


def test_create_staff_warns_about_a_host_without_a_venue(runner, venue):
    result = runner.invoke(
        args=["create-staff", "h2", "--role", "host", "--display-name", "主持人 王芳"],
        input="h2-pass-123\nh2-pass-123\n",
    )
    assert result.exit_code == 0
    assert "注意：主持人 h2 还没有分会场，登录后无法进入任何主持人控制台。" in result.stderr
    assert "flask --app contest staff-venues h2 --venue 分会场简称" in result.stderr
    assert _user("h2").display_name == "主持人 王芳"


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["c1", "--role", "clerk", "--venue", "A"], "只有主持人需要分会场"),
        (["h1", "--role", "host", "--password", "short"], "密码至少 8 位"),
        (["HOST1", "--role", "host"], "用户名 host1 已被使用；请换一个用户名"),
        (["h1", "--role", "host", "--venue", "第九分会场"], "没有找到分会场「第九分会场」"),
        (["h1", "--role", "host", "--venue", "A", "--contest", "99"], "没有编号为 99 的比赛"),
    ],
)
def test_create_staff_refusals_say_what_to_do_and_write_nothing(runner, venue, args, message):
    before = db.session.scalar(sa.select(sa.func.count(StaffUser.id)))
    password = [] if "--password" in args else ["--password", "long-enough-1"]
    result = runner.invoke(args=["create-staff", *args, *password])
    assert result.exit_code == 1
    assert message in result.output
    assert db.session.scalar(sa.select(sa.func.count(StaffUser.id))) == before
    assert _cli_audit() == []


def test_an_unknown_venue_lists_the_venues_there_are(runner, venue):
    result = runner.invoke(
        args=["create-staff", "h1", "--role", "host", "--venue", "B", "--password", "h1-pass-123"]
    )
    assert result.output == (
        "Error: 没有找到分会场「B」。可用全称、简称、代码或编号，现有分会场：\n"
        f"  {venue.id} {venue.name}（简称 第一分会场，代码 A） · {venue.contest.name}\n"
    )


def test_a_venue_name_in_two_contests_needs_the_contest(runner, venue, demo):
    other = Contest(name="2027年发表赛", year=2027)
    db.session.add_all([other, Venue(contest=other, name="新场", short_name="第一分会场")])
    db.session.commit()
    args = [
        "create-staff",
        "h1",
        "--role",
        "host",
        "--venue",
        "第一分会场",
        "--password",
        "h1-pass-123",
    ]
    assert "有 2 个分会场都叫「第一分会场」；请加 --contest" in runner.invoke(args=args).output
    result = runner.invoke(args=[*args, "--contest", str(demo.id)])
    assert result.exit_code == 0, result.output
    assert [v.id for v in _user("h1").venues] == [venue.id]


def test_staff_venues_sets_a_hosts_venues(runner, venue, staff):
    second = Venue(contest=venue.contest, name="第二分会场（会议中心）", code="B", position=2)
    db.session.add(second)
    db.session.commit()
    result = runner.invoke(args=["staff-venues", "host1", "--venue", "B", "--venue", "A"])
    assert result.exit_code == 0, result.output
    assert result.output == f"host1 现在主持：{venue.name}、第二分会场（会议中心）\n"
    assert _cli_audit() == [
        (
            "staff.venues_changed",
            {"username": "host1", "before": [venue.id], "after": [venue.id, second.id]},
        )
    ]
    again = runner.invoke(args=["staff-venues", "host1", "--venue", "B", "--venue", "A"])
    assert again.output == f"host1 的分会场未变：{venue.name}、第二分会场（会议中心）\n"


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["admin", "--venue", "A"], "admin 不是主持人，不需要分会场"),
        (
            ["nobody", "--venue", "A"],
            "没有用户名为 nobody 的账号；先用 flask --app contest create-staff nobody",
        ),
        (["host1"], "请用 --venue 指定分会场（可写多次）"),
    ],
)
def test_staff_venues_refusals_say_what_to_do(runner, venue, args, message):
    result = runner.invoke(args=["staff-venues", *args])
    assert (result.exit_code, message in result.output) == (1, True), result.output
    assert _cli_audit() == []


def test_reset_password_takes_a_new_password(app, runner, staff):
    result = runner.invoke(
        args=["reset-password", "host1"], input="host1-new-pass\nhost1-new-pass\n"
    )
    assert result.exit_code == 0, result.output
    assert result.output.endswith("已重置 host1 的密码\n")
    assert staff_sign_in(app.test_client(), "host1", "host1-new-pass").status_code == 302
    assert staff_sign_in(app.test_client(), "host1", "host-pass-1").status_code == 401
    short = runner.invoke(args=["reset-password", "host1", "--password", "1234567"])
    assert (short.exit_code, "密码至少 8 位" in short.output) == (1, True)
    assert _cli_audit() == [("staff.password_reset", {"username": "host1"})]


def test_disable_staff_refuses_the_last_admin_and_enable_staff_undoes(app, runner, staff):
    last = runner.invoke(args=["disable-staff", "admin"])
    assert last.exit_code == 1
    assert "admin 是最后一个启用的管理员账号，不能停用；请先为另一人创建管理员账号" in last.output
    assert runner.invoke(args=["disable-staff", "host1"]).output == "已停用 host1\n"
    assert runner.invoke(args=["disable-staff", "host1"]).output == "host1 已是停用状态\n"
    assert staff_sign_in(app.test_client(), "host1", "host-pass-1").status_code == 403
    assert runner.invoke(args=["enable-staff", "host1"]).output == "已启用 host1\n"
    assert staff_sign_in(app.test_client(), "host1", "host-pass-1").status_code == 302
    assert [a for a, _d in _cli_audit()] == ["staff.disabled", "staff.enabled"]
