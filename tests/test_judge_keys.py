"""Staff reissue and deactivate judges' personal links; the old link stops at once."""

from __future__ import annotations

import re
from zoneinfo import ZoneInfo

import sqlalchemy as sa

from contest.extensions import db
from contest.models import AuditEntry, Judge
from contest.roster import judges
from tests.conftest import sign_in

SHANGHAI = ZoneInfo("Asia/Shanghai")


def _judge(number: int) -> Judge:
    return db.session.scalar(sa.select(Judge).where(Judge.number == number))


def _token(page: str) -> str:
    return re.search(r'name="csrf_token" value="([^"]+)"', page).group(1)


def _admin(client, demo) -> str:
    """Sign in as admin; return the judges page."""
    sign_in(client, "admin")
    response = client.get(f"/admin/contests/{demo.id}/judges")
    assert response.status_code == 200
    return response.get_data(as_text=True)


def _phone(app, judge: Judge):
    phone = app.test_client()
    assert phone.get(f"/j/{judge.access_key}").status_code == 302
    return phone


def test_reissue_key_draws_a_new_key_and_code(app, demo):
    judge = _judge(4)
    old_key, old_code, old_issued = judge.access_key, judge.fallback_code, judge.key_issued_at
    judges.reissue_key(judge, actor="staff:1")
    db.session.commit()
    db.session.refresh(judge)
    assert judge.access_key != old_key
    assert judge.fallback_code != old_code
    assert len(judge.access_key) == 32
    assert len(judge.fallback_code) == 8
    assert judge.key_issued_at > old_issued


def test_reissue_key_old_link_gives_404(client, demo):
    judge = _judge(4)
    old_key = judge.access_key
    judges.reissue_key(judge, actor="staff:1")
    db.session.commit()
    response = client.get(f"/j/{old_key}")
    assert response.status_code == 404
    assert "链接无效" in response.get_data(as_text=True)


def test_reissue_key_ends_a_phone_session_opened_with_the_old_link(app, demo):
    judge = _judge(4)
    phone = _phone(app, judge)
    assert phone.get("/judge/").status_code == 200
    judges.reissue_key(judge, actor="staff:1")
    db.session.commit()
    response = phone.get("/judge/")
    assert response.status_code == 401
    assert "链接无效" in response.get_data(as_text=True)


def test_reissue_key_new_link_signs_in(app, demo):
    judge = _judge(4)
    judges.reissue_key(judge, actor="staff:1")
    db.session.commit()
    phone = _phone(app, judge)
    page = phone.get("/judge/")
    assert page.status_code == 200
    assert "评委4 · 张敏" in page.get_data(as_text=True)


def test_reissue_key_audit_entry_has_no_secrets(app, demo):
    judge = _judge(4)
    old_key, old_code = judge.access_key, judge.fallback_code
    judges.reissue_key(judge, actor="staff:7")
    db.session.commit()
    entry = db.session.scalar(
        sa.select(AuditEntry).where(AuditEntry.action == "judge.key_reissued")
    )
    assert (entry.actor, entry.subject, entry.contest_id) == (
        "staff:7",
        f"judge:{judge.id}",
        demo.id,
    )
    assert entry.data == {"number": 4, "venue_id": demo.venues[0].id}
    dumped = repr(entry.data) + entry.subject + entry.actor
    for secret in (old_key, old_code, judge.access_key, judge.fallback_code):
        assert secret not in dumped


def test_reissue_key_marks_the_new_link_unopened(app, demo):
    judge = _judge(4)
    _phone(app, judge)
    db.session.refresh(judge)
    assert judges.link_status(judge) == judges.OPENED
    judges.reissue_key(judge, actor="staff:1")
    db.session.commit()
    assert (judge.first_opened_at, judge.last_seen_at) == (None, None)
    assert judges.link_status(judge) == judges.UNOPENED


def test_set_active_false_blocks_the_link_and_the_session(app, client, demo):
    judge = _judge(5)
    phone = _phone(app, judge)
    assert judges.set_active(judge, False, actor="staff:1") is True
    db.session.commit()
    assert phone.get("/judge/").status_code == 401
    assert client.get(f"/j/{judge.access_key}").status_code == 404
    assert judges.link_status(judge) == judges.INACTIVE
    actions = db.session.scalars(
        sa.select(AuditEntry.action).where(AuditEntry.subject == f"judge:{judge.id}")
    ).all()
    assert "judge.deactivated" in actions


def test_set_active_true_restores_the_same_link(client, demo):
    judge = _judge(5)
    judges.set_active(judge, False, actor="staff:1")
    judges.set_active(judge, True, actor="staff:1")
    assert judges.set_active(judge, True, actor="staff:1") is False  # no change, no entry
    db.session.commit()
    assert client.get(f"/j/{judge.access_key}").status_code == 302
    actions = db.session.scalars(
        sa.select(AuditEntry.action)
        .where(
            AuditEntry.subject == f"judge:{judge.id}", AuditEntry.action.like("judge.%activated")
        )
        .order_by(AuditEntry.id)
    ).all()
    assert actions == ["judge.deactivated", "judge.activated"]


def test_judges_page_host_gets_403(client, staff, demo):
    sign_in(client, "host1")
    assert client.get(f"/admin/contests/{demo.id}/judges").status_code == 403
    judge = _judge(1)
    assert client.get(f"/admin/judges/{judge.id}/reissue").status_code == 403


def test_judges_page_signed_out_redirects_to_login(client, demo):
    response = client.get(f"/admin/contests/{demo.id}/judges")
    assert response.status_code == 302
    assert "/staff/login" in response.headers["Location"]


def test_judges_page_shows_no_access_key_or_code(client, staff, demo):
    page = _admin(client, demo)
    everyone = db.session.scalars(sa.select(Judge)).all()
    assert len(everyone) == 9
    for judge in everyone:
        assert f'<td class="name">{judge.name}</td>' in page
        assert judge.access_key not in page
        assert judge.fallback_code not in page


def test_judges_page_shows_unopened_then_the_opening_time(app, client, staff, demo):
    judge = _judge(2)
    row = re.compile(rf'<tr class="link-(\w+)" id="judge-{judge.id}">(.*?)</tr>', re.S)
    before = row.search(_admin(client, demo))
    assert before.group(1) == "unopened"
    assert "未打开" in before.group(2)

    _phone(app, judge)
    db.session.refresh(judge)
    after = row.search(client.get(f"/admin/contests/{demo.id}/judges").get_data(as_text=True))
    local = judge.first_opened_at.astimezone(SHANGHAI).strftime("%m-%d %H:%M")
    seen = judge.last_seen_at.astimezone(SHANGHAI).strftime("%m-%d %H:%M")
    assert after.group(1) == "opened"
    assert "未打开" not in after.group(2)
    assert f'<span class="opened">首次打开 {local}</span>' in after.group(2)
    assert f'<span class="seen">最近活动 {seen}</span>' in after.group(2)


def test_contest_page_links_to_the_judges_page(client, staff, demo):
    sign_in(client, "admin")
    page = client.get(f"/admin/contests/{demo.id}").get_data(as_text=True)
    assert f'href="/admin/contests/{demo.id}/judges"' in page


def test_reissue_confirm_page_warns_that_the_old_link_stops(client, staff, demo):
    _admin(client, demo)
    judge = _judge(3)
    page = client.get(f"/admin/judges/{judge.id}/reissue").get_data(as_text=True)
    assert "重新生成评委3 李志强 的链接？" in page
    assert "现有的二维码链接和备用代码立即失效" in page
    assert judge.access_key not in page


def test_reissue_post_replaces_the_key_and_flashes(client, staff, demo):
    page = _admin(client, demo)
    judge = _judge(3)
    old_key = judge.access_key
    response = client.post(f"/admin/judges/{judge.id}/reissue", data={"csrf_token": _token(page)})
    assert response.status_code == 302
    assert response.headers["Location"] == f"/admin/contests/{demo.id}/judges"
    db.session.expire_all()
    assert _judge(3).access_key != old_key
    after = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "已为评委3 李志强 重新生成链接和备用代码，旧链接已失效。" in after
    entry = db.session.scalar(
        sa.select(AuditEntry).where(AuditEntry.action == "judge.key_reissued")
    )
    assert entry.actor == f"staff:{staff['admin'].id}"


def test_reissue_post_without_csrf_token_is_refused(client, staff, demo):
    _admin(client, demo)
    judge = _judge(3)
    old_key = judge.access_key
    assert client.post(f"/admin/judges/{judge.id}/reissue").status_code == 400
    db.session.expire_all()
    assert _judge(3).access_key == old_key


def test_active_post_deactivates_and_activates(client, staff, demo):
    page = _admin(client, demo)
    judge_id = _judge(6).id
    url = f"/admin/judges/{judge_id}/active"
    response = client.post(url, data={"csrf_token": _token(page), "active": "0"})
    assert response.status_code == 302
    db.session.expire_all()
    assert _judge(6).active is False
    listing = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "已停用评委6 周雅琴，其链接和备用代码暂时无法使用。" in listing
    assert f'<tr class="link-inactive" id="judge-{judge_id}">' in listing

    client.post(url, data={"csrf_token": _token(page), "active": "1"})
    db.session.expire_all()
    assert _judge(6).active is True


def test_active_post_with_a_bad_value_is_400(client, staff, demo):
    page = _admin(client, demo)
    response = client.post(
        f"/admin/judges/{_judge(6).id}/active", data={"csrf_token": _token(page), "active": "yes"}
    )
    assert response.status_code == 400
    db.session.expire_all()
    assert _judge(6).active is True
