"""The season's notices: in the person's message list, and by e-mail through a real SMTP
server on loopback (aiosmtpd), read back as it received them."""

from __future__ import annotations

import email
import email.policy
import html
import socket

import pytest
import sqlalchemy as sa
from aiosmtpd.controller import Controller

from contest.extensions import db
from contest.season.models import Application, Message
from tests.season import helpers
from tests.season.test_channels import _season_with_a_team, _submitted


class Inbox:
    def __init__(self) -> None:
        self.received: list[tuple[list[str], email.message.EmailMessage]] = []

    async def handle_DATA(self, server, session, envelope):
        parsed = email.message_from_bytes(envelope.content, policy=email.policy.default)
        self.received.append((list(envelope.rcpt_tos), parsed))
        return "250 OK"


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture
def inbox(app):
    handler = Inbox()
    controller = Controller(handler, hostname="127.0.0.1", port=_free_port())
    controller.start()
    app.config.update(
        CONTEST_SMTP_HOST="127.0.0.1",
        CONTEST_SMTP_PORT=controller.port,
        CONTEST_SMTP_FROM="shzx-sqa@example.org",
    )
    yield handler
    controller.stop()


def _return(unit, application, note: str):
    review = f"/apply/unit/applications/{application.id}"
    data = {"csrf_token": helpers.token(unit, review), "outcome": "returned", "note": note}
    assert unit.post(review, data=data).status_code == 302


def test_a_return_reaches_the_team_by_mail_and_in_its_message_list(app, staff, inbox):
    team, unit, enterprise = _season_with_a_team(app, staff)
    application = _submitted(team, enterprise)
    # The submission told the enterprise's person, by mail too.
    ((to, mail),) = inbox.received
    assert to == ["huayi@example.com"]
    assert mail["Subject"] == "待审核：丙烯酸装置运行三班 提交了申报表 2026-0001"
    assert mail["From"] == "shzx-sqa@example.org"
    assert mail.get_content().startswith("丙烯酸装置运行三班 于 ")
    assert f"/apply/unit/applications/{application.id}" in mail.get_content()

    _return(unit, application, "年顾客投诉数请与质量部台账核对")
    to, mail = inbox.received[1]
    assert to == ["13900001111@example.com"]
    assert mail["Subject"] == "退回修改：申报表 2026-0001"
    body = mail.get_content()
    assert body.startswith(
        "您的申报表 2026-0001（丙烯酸装置运行三班）被上海华谊（集团）公司  丙烯酸厂退回修改：\n"
        "说明：年顾客投诉数请与质量部台账核对\n请在截止时间 "
    )
    assert f"/apply/team/{application.id}\n" in body

    page = html.unescape(team.get("/apply/").get_data(as_text=True))
    assert '消息<span class="count">1</span>' in page
    listing = html.unescape(team.get("/apply/messages").get_data(as_text=True))
    assert "<h2>退回修改：申报表 2026-0001</h2>" in listing
    assert '<span class="count">' not in html.unescape(team.get("/apply/").get_data(as_text=True))
    sent = db.session.scalars(sa.select(Message).order_by(Message.id)).all()
    assert [(m.emailed_at is not None, m.email_error) for m in sent] == [(True, ""), (True, "")]


def test_with_the_mail_server_down_the_action_stands_and_the_failure_is_kept(app, staff):
    app.config.update(CONTEST_SMTP_HOST="127.0.0.1", CONTEST_SMTP_PORT=_free_port())
    team, unit, enterprise = _season_with_a_team(app, staff)
    application = _submitted(team, enterprise)
    _return(unit, application, "请核对")
    db.session.expire_all()
    assert db.session.get(Application, application.id).status.value == "returned"
    errors = [m.email_error for m in db.session.scalars(sa.select(Message).order_by(Message.id))]
    assert len(errors) == 2
    assert all(e.startswith("ConnectionRefusedError: ") for e in errors), errors


def test_reminders_go_only_to_those_with_something_left_to_do(app, staff, inbox):
    from tests.conftest import sign_in

    team, _unit, enterprise = _season_with_a_team(app, staff)
    waiting = _submitted(team, enterprise)  # the enterprise has one to check
    team.post(
        "/apply/team/new",
        data={"csrf_token": helpers.token(team, "/apply/team/"), "enterprise": enterprise.id},
    )  # and the team a draft
    inbox.received.clear()
    office = app.test_client()
    sign_in(office, "admin")
    sent = office.post(
        "/admin/season/reminders", data={"csrf_token": helpers.token(office, "/admin/season/")}
    )
    page = html.unescape(office.get(sent.headers["Location"]).get_data(as_text=True))
    assert "已向 2 人发送截止提醒（只发给还有待办事项的人）" in page
    by_person = {to[0]: mail for to, mail in inbox.received}
    assert sorted(by_person) == ["13900001111@example.com", "huayi@example.com"]
    assert (
        by_person["huayi@example.com"]
        .get_content()
        .endswith(f"您还有以下事项：\n- 审核申报表 {waiting.number} 丙烯酸装置运行三班\n")
    )
    assert (
        by_person["13900001111@example.com"]
        .get_content()
        .endswith("您还有以下事项：\n- 提交申报表 2026-0002\n")
    )
    # The 推荐单位 has nothing waiting: no reminder.
    assert "pudong@example.com" not in by_person
