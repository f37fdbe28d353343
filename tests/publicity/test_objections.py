"""异议: filed with a real name, a number and a secret code; the status only by both."""

from __future__ import annotations

import sqlalchemy as sa

from contest.extensions import db
from contest.models import AuditEntry, StaffUser
from contest.publicity import objections, workdays
from contest.publicity.calendar import today
from contest.publicity.models import Objection, ObjectionStatus
from tests.publicity.steps import end_notice, file_objection, prepared, receipt, status, token


def _handle(client, objection: Objection, step: str, **data):
    page = f"/admin/season/publicity/objections/{objection.id}"
    data["csrf_token"] = token(client, page)
    return client.post(f"{page}/{step}", data=data, follow_redirects=True)


def test_an_objection_gets_a_number_and_a_code_shown_once(client, staff, demo):
    prepared(client, demo)
    public = client.application.test_client()
    response = file_objection(public)
    assert response.status_code == 200
    number, code = receipt(response)
    assert number == "YY-2026-001"
    assert len(code) == 14 and code.count("-") == 2
    row = db.session.scalar(sa.select(Objection))
    assert row.code_hash != code and code not in str(row.__dict__)  # only its hash is kept
    assert (row.name, row.unit, row.phone) == ("王立新", "上海某某机械有限公司", "021-64000000")
    second, _ = receipt(file_objection(public, name="李华"))
    assert second == "YY-2026-002"
    entry = db.session.scalar(
        sa.select(AuditEntry).where(AuditEntry.action == "publicity.objection_filed")
    )
    assert entry.subject == "objection:YY-2026-001" and "王立新" not in str(entry.data)


def test_status_by_receipt_right_code_wrong_code_and_anothers_number(client, staff, demo):
    prepared(client, demo)
    public = client.application.test_client()
    mine, my_code = receipt(file_objection(public))
    theirs, their_code = receipt(file_objection(public, name="李华", grounds="另一份异议"))
    found = status(public, mine, my_code.lower().replace("-", " "))  # as typed by hand
    assert found.status_code == 200
    text = found.get_data(as_text=True)
    assert "YY-2026-001" in text and "已收到，待受理" in text
    assert "YY-2026-002" not in text and "王立新" not in text  # status only, no personal data
    wrong = status(public, mine, their_code)
    unknown = status(public, "YY-2026-999", my_code)
    other = status(public, theirs, my_code)
    for response in (wrong, unknown, other):
        assert response.status_code == 404
        assert "未查到与该异议编号和查询码相符的异议" in response.get_data(as_text=True)
    # The same answer whatever was wrong: nothing tells a guesser a number exists.
    assert wrong.get_data() == unknown.get_data() == other.get_data()


def test_the_receipt_downloads_only_with_its_code(client, staff, demo):
    prepared(client, demo)
    public = client.application.test_client()
    number, code = receipt(file_objection(public))
    data = {"number": number, "code": code, "csrf_token": token(public, "/gongshi/yiyi/chaxun")}
    got = public.post("/gongshi/yiyi/huizhi.txt", data=data)
    assert got.status_code == 200
    text = got.get_data().decode("utf-8-sig")
    assert f"异议编号：{number}" in text and f"查询码：{code}" in text
    data["code"] = "AAAA-BBBB-CCCC"
    assert public.post("/gongshi/yiyi/huizhi.txt", data=data).status_code == 404


def test_bad_objections_are_refused_in_words_and_nothing_is_written(client, staff, demo):
    prepared(client, demo)
    public = client.application.test_client()
    cases = [
        ({"name": " "}, "请填写真实姓名"),
        ({"phone": "打电话给我"}, "联系电话请填写数字"),
        ({"grounds": ""}, "请填写异议内容和理由"),
    ]
    for change, message in cases:
        response = file_objection(public, **change)
        assert response.status_code == 422
        assert message in response.get_data(as_text=True)
    data = {"name": "王立新", "unit": "某单位", "phone": "13800000000", "grounds": "理由"}
    data["csrf_token"] = token(public, "/gongshi/2026")
    from io import BytesIO

    data["attachment"] = (BytesIO(b"not a pdf"), "盖章异议.pdf")
    response = public.post("/gongshi/2026/yiyi", data=data, content_type="multipart/form-data")
    assert response.status_code == 422
    assert "不是 PDF 文件" in response.get_data(as_text=True)
    assert db.session.scalar(sa.select(sa.func.count(Objection.id))) == 0


def test_objections_are_not_taken_after_the_notice_ends(client, staff, demo):
    season = prepared(client, demo)
    end_notice(season)
    response = file_objection(client.application.test_client())
    assert response.status_code == 422
    assert "当前不在公示期内，不受理异议" in response.get_data(as_text=True)
    assert db.session.scalar(sa.select(sa.func.count(Objection.id))) == 0
    assert "公示期已结束，不再受理新的异议" in client.get("/gongshi/2026").get_data(as_text=True)


def test_staff_handle_it_accept_check_answer_with_a_deadline(client, staff, demo):
    prepared(client, demo)
    public = client.application.test_client()
    number, code = receipt(file_objection(public))
    row = db.session.scalar(sa.select(Objection))
    admin = db.session.scalar(sa.select(StaffUser).where(StaffUser.username == "admin"))
    page = _handle(client, row, "answer", decision="x").get_data(as_text=True)
    assert "请先完成核查，再作出答复" in page
    _handle(client, row, "accept", handler_id=str(admin.id))
    db.session.expire_all()
    due = workdays.add_workdays(today(), objections.ANSWER_DAYS, workdays.Calendar())
    assert (row.status, row.handler_id, row.due_on) == (ObjectionStatus.ACCEPTED, admin.id, due)
    assert f'答复期限</th><td id="due">{due.isoformat()}' in status(public, number, code).get_data(
        as_text=True
    )
    _handle(client, row, "check", notes="调取现场评分记录与材料原件核对")
    _handle(client, row, "answer", decision="经核查，该班组材料数据真实，维持原评定结果。")
    db.session.expire_all()
    assert row.status is ObjectionStatus.ANSWERED and row.closed
    text = status(public, number, code).get_data(as_text=True)
    assert "已答复" in text and "经核查，该班组材料数据真实，维持原评定结果。" in text
    assert "调取现场评分记录" not in text  # the handler's notes stay internal
    actions = db.session.scalars(
        sa.select(AuditEntry.action)
        .where(AuditEntry.subject == "objection:YY-2026-001")
        .order_by(AuditEntry.id)
    ).all()
    assert actions == [
        "publicity.objection_filed",
        "publicity.objection_accepted",
        "publicity.objection_checking",
        "publicity.objection_answered",
    ]
