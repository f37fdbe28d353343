"""Judges whose phone cannot scan the QR code type the card's fallback code at /j."""

from __future__ import annotations

import re

import sqlalchemy as sa

from contest.extensions import db
from contest.models import Judge
from contest.roster import judges

WRONG = "ZZZZ ZZZZ"


def _judge(number: int) -> Judge:
    return db.session.scalar(sa.select(Judge).where(Judge.number == number))


def _post(client, code: str):
    page = client.get("/j").get_data(as_text=True)
    token = re.search(r'name="csrf_token" value="([^"]+)"', page).group(1)
    return client.post("/j", data={"csrf_token": token, "code": code})


def test_code_page_shows_the_form(client, demo):
    response = client.get("/j")
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "请输入评委卡片上的 8 位备用代码" in page
    assert 'name="code"' in page


def test_code_lowercase_with_a_space_signs_in(client, demo):
    judge = _judge(7)
    typed = f"{judge.fallback_code[:4].lower()} {judge.fallback_code[4:].lower()}"
    response = _post(client, typed)
    assert response.status_code == 302
    assert response.headers["Location"] == "/judge/"  # never through /j/<key>
    page = client.get("/judge/")
    assert page.status_code == 200
    assert "评委7 · 吴海涛" in page.get_data(as_text=True)


def test_code_with_hyphen_and_full_width_letters_signs_in(client, demo):
    judge = _judge(8)
    code = judge.fallback_code
    full_width = "".join(chr(ord(ch) + 0xFEE0) for ch in code[:4])
    response = _post(client, f" {full_width}-{code[4:]} ")
    assert response.status_code == 302
    assert response.headers["Location"] == "/judge/"


def test_code_wrong_is_400_with_the_message(client, demo):
    assert db.session.scalar(sa.select(Judge).where(Judge.fallback_code == "ZZZZZZZZ")) is None
    response = _post(client, WRONG)
    page = response.get_data(as_text=True)
    assert response.status_code == 400
    assert "代码不正确，请核对卡片上的代码" in page
    assert f'value="{WRONG}"' in page
    assert client.get("/judge/").status_code == 401


def test_code_empty_is_400_asking_for_the_code(client, demo):
    response = _post(client, "  ")
    assert response.status_code == 400
    assert "请输入卡片上的代码" in response.get_data(as_text=True)


def test_code_of_a_deactivated_judge_is_400(client, demo):
    judge = _judge(9)
    judges.set_active(judge, False, actor="staff:1")
    db.session.commit()
    response = _post(client, judge.fallback_code)
    assert response.status_code == 400
    assert "代码不正确，请核对卡片上的代码" in response.get_data(as_text=True)


def test_code_replaced_by_a_reissue_is_400(client, demo):
    judge = _judge(9)
    old_code = judge.fallback_code
    judges.reissue_key(judge, actor="staff:1")
    db.session.commit()
    assert _post(client, old_code).status_code == 400
    assert _post(client, judge.fallback_code).status_code == 302


def test_code_without_csrf_token_is_refused(client, demo):
    response = client.post("/j", data={"code": _judge(7).fallback_code})
    assert response.status_code == 400
    assert "页面已过期或表单无效" in response.get_data(as_text=True)
