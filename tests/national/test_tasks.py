"""材料完善: the window, one task per national candidate, uploads, 提交, the check, roles."""

from __future__ import annotations

import html
import io
from datetime import UTC, datetime, timedelta

import sqlalchemy as sa

from contest.extensions import db
from contest.models import AuditEntry
from contest.models.types import utcnow
from contest.national import tasks
from contest.national.models import NationalTask, NationalWindow, TaskState
from tests.conftest import sign_in
from tests.national import world
from tests.season import helpers
from tests.season.files import blank_pdf, docx

BASE = "/admin/season/national"


def _page(client, url: str) -> str:
    return html.unescape(client.get(url, follow_redirects=True).get_data(as_text=True))


def opened(app, staff, demo):
    """The world, with the window opened by staff through the page (10 days from now)."""
    built = world.build(demo)
    office = app.test_client()
    sign_in(office, "admin")
    form = {
        "csrf_token": helpers.token(office, BASE + "/"),
        "closes_at": helpers.local(timedelta(days=10)),
    }
    response = office.post(BASE + "/window", data=form)
    assert response.status_code == 302
    return built, office


def _task(number: str) -> NationalTask:
    return db.session.scalar(
        sa.select(NationalTask)
        .join(NationalTask.application)
        .where(NationalTask.application.property.mapper.class_.number == number)
    )


def _upload(client, task_id: int, kind: str, data: bytes, name: str):
    url = f"/apply/team/national/{task_id}"
    form = {"csrf_token": helpers.token(client, "/apply/team/"), "file": (io.BytesIO(data), name)}
    return client.post(f"{url}/files/{kind}", data=form, content_type="multipart/form-data")


def _submit(client, task_id: int):
    url = f"/apply/team/national/{task_id}"
    return client.post(f"{url}/submit", data={"csrf_token": helpers.token(client, "/apply/team/")})


def test_the_window_closes_by_default_on_30_september_2359_beijing(app, demo):
    built = world.build(demo)
    assert tasks.default_close(built.world.season) == datetime(2026, 9, 30, 15, 59, tzinfo=UTC)


def test_opening_the_window_gives_each_national_candidate_one_task(app, staff, demo):
    built = world.build(demo)
    office = app.test_client()
    sign_in(office, "admin")
    page = _page(office, BASE + "/")
    assert 'value="2026-09-30T23:59"' in page  # the notice's date, editable
    assert "推荐名单：3 个班组" in page
    past = {"csrf_token": helpers.token(office, BASE + "/"), "closes_at": "2026-09-30T23:59"}
    page = html.unescape(
        office.post(BASE + "/window", data=past, follow_redirects=True).get_data(as_text=True)
    )
    assert "截止时间应晚于现在；请重新选择截止时间" in page
    assert db.session.scalar(sa.select(sa.func.count(NationalTask.id))) == 0
    chosen = helpers.local(timedelta(days=10))
    form = {"csrf_token": helpers.token(office, BASE + "/"), "closes_at": chosen}
    page = html.unescape(
        office.post(BASE + "/window", data=form, follow_redirects=True).get_data(as_text=True)
    )
    assert f"材料完善截止时间已设为 {chosen.replace('T', ' ')}（北京时间）；新建任务 3 个" in page
    found = db.session.scalars(sa.select(NationalTask).order_by(NationalTask.id)).all()
    assert [t.application.number for t in found] == ["2026-0001", "2026-0002", "2026-0003"]
    assert [t.contest_team_id for t in found] == [t.id for t in built.teams[:3]]
    assert {t.state for t in found} == {TaskState.OPEN}
    # Opened again: the date changes, no second task for anyone.
    page = html.unescape(
        office.post(
            BASE + "/window",
            data={**form, "csrf_token": helpers.token(office, BASE + "/")},
            follow_redirects=True,
        ).get_data(as_text=True)
    )
    assert "新建任务 0 个" in page
    actions = db.session.scalars(
        sa.select(AuditEntry.action)
        .where(AuditEntry.action.like("national.%"))
        .order_by(AuditEntry.id)
    ).all()
    assert actions == ["national.window_opened", "national.window_changed"]


def test_a_team_sees_only_its_own_tasks(app, staff, demo):
    _built, _office = opened(app, staff, demo)
    mine = world.signed_in(app, "team-2026")
    other = world.signed_in(app, "team-other")
    home = _page(mine, "/apply/team/")
    assert "推荐国家级材料完善" in home
    assert "2026-0001" in home and "2026-0002" in home
    listed = _page(mine, "/apply/team/national/")
    assert "2026-0003" not in listed
    theirs = _task("2026-0003")
    assert mine.get(f"/apply/team/national/{theirs.id}").status_code == 404
    assert _upload(mine, theirs.id, "narrative", docx("别人的材料"), "a.docx").status_code == 404
    own = _task("2026-0001")
    assert other.get(f"/apply/team/national/{own.id}").status_code == 404
    assert "2026-0003" in _page(other, "/apply/team/national/")
    assert app.test_client().get(f"/apply/team/national/{own.id}").status_code == 302  # sign in


def test_the_team_completes_submits_with_a_receipt_and_staff_return_then_approve(app, staff, demo):
    _built, office = opened(app, staff, demo)
    team = world.signed_in(app, "team-2026")
    task = _task("2026-0001")
    url = f"/apply/team/national/{task.id}"
    refused = _submit(team, task.id)
    assert "请先上传：班组创建材料（Word 文件）、申报表盖章扫描件（PDF 文件）" in _page(
        team, refused.headers["Location"]
    )
    long = docx("班" * 5001)
    page = _page(
        team, _upload(team, task.id, "narrative", long, "创建材料.docx").headers["Location"]
    )
    assert "班组创建材料共 5,001 字，超过 5,000 字的上限；请删减 1 字以上后重新上传" in page
    narrative = docx("完善后的班组创建材料。")
    page = _page(
        team, _upload(team, task.id, "narrative", narrative, "完善材料.docx").headers["Location"]
    )
    assert "已收到「完善材料.docx」：" in page
    scan = blank_pdf(2)
    _upload(team, task.id, "scan", scan, "盖章扫描件.pdf")
    assert team.get(f"{url}/files/scan").data == scan
    done = _submit(team, task.id)
    assert done.headers["Location"].endswith(f"{url}/receipt/1")
    receipt = _page(team, done.headers["Location"])
    assert "完善后的推荐材料已提交，等待市质协秘书处审核。" in receipt
    assert "第 1 次" in receipt and "完善材料.docx" in receipt and "盖章扫描件.pdf" in receipt
    page = _page(team, _upload(team, task.id, "scan", scan, "再传.pdf").headers["Location"])
    assert "材料已提交，正在审核；审核退回后方可修改" in page

    staff_url = f"{BASE}/tasks/{task.id}"
    assert office.get(f"{staff_url}/files/narrative").data == narrative
    form = {"csrf_token": helpers.token(office, staff_url), "decision": "return", "reason": ""}
    assert "退回时请写明退回原因，班组将按原因修改" in html.unescape(
        office.post(f"{staff_url}/check", data=form, follow_redirects=True).get_data(as_text=True)
    )
    form["reason"] = "请补充近三年荣誉的证明材料"
    office.post(f"{staff_url}/check", data=form)
    page = _page(team, url)
    assert "状态：退回修改" in page and "退回原因：请补充近三年荣誉的证明材料" in page
    _upload(team, task.id, "narrative", docx("补充后的材料。"), "补充材料.docx")
    assert _submit(team, task.id).headers["Location"].endswith(f"{url}/receipt/2")
    form = {"csrf_token": helpers.token(office, staff_url), "decision": "approve"}
    office.post(f"{staff_url}/check", data=form)
    db.session.expire_all()
    task = db.session.get(NationalTask, task.id)
    assert (task.state, task.version, task.reason) == (TaskState.APPROVED, 2, "")
    assert "状态：审核通过" in _page(team, url)
    actions = db.session.scalars(
        sa.select(AuditEntry.action)
        .where(AuditEntry.subject == f"national_task:{task.id}")
        .order_by(AuditEntry.id)
    ).all()
    assert actions == [
        "national.file_uploaded",
        "national.file_uploaded",
        "national.submitted",
        "national.returned",
        "national.file_uploaded",
        "national.submitted",
        "national.approved",
    ]


def test_after_the_window_the_team_cannot_change_its_materials(app, staff, demo):
    _built, _office = opened(app, staff, demo)
    team = world.signed_in(app, "team-2026")
    task = _task("2026-0001")
    window = db.session.scalar(sa.select(NationalWindow))
    window.closes_at = utcnow() - timedelta(minutes=1)
    db.session.commit()
    closed = tasks.window_text(task.application.season)[1]
    assert closed.startswith("材料完善已于 ") and closed.endswith(
        "（北京时间）截止，材料不能再修改；如有特殊情况请联系市质协秘书处"
    )
    page = _page(team, f"/apply/team/national/{task.id}")
    assert closed in page
    assert 'id="submit-task"' not in page and 'class="upload"' not in page
    page = _page(
        team, _upload(team, task.id, "narrative", docx("迟到的材料"), "迟.docx").headers["Location"]
    )
    assert closed in page
    page = _page(team, _submit(team, task.id).headers["Location"])
    assert closed in page
    assert (
        db.session.scalar(
            sa.select(sa.func.count()).select_from(NationalTask).where(NationalTask.version > 0)
        )
        == 0
    )
