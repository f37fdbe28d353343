"""The team's 材料完善 pages: its own tasks only, uploads within the window, 提交 and receipt."""

from __future__ import annotations

from flask import flash, redirect, render_template, request, url_for
from flask_babel import gettext as _

from contest.extensions import db
from contest.national import tasks
from contest.national.models import NationalSubmission, NationalTask, TaskState
from contest.national.views import team_bp
from contest.season import current, session, uploads
from contest.season.accounts import SeasonRefused
from contest.server.errors import answer
from contest.transactions import atomic


def _mine(task_id: int) -> NationalTask | None:
    """The task, if the signed-in person owns its application (else None: not found)."""
    task = db.session.get(NationalTask, task_id)
    person = session.current()
    if task is None or person is None or task.application.owner_id != person.id:
        return None
    return task


def _page(template: str, status: int = 200, **values):
    body = render_template(
        template,
        person=session.current(),
        deadline=None,
        beijing=current.beijing,
        kinds=tasks.KINDS,
        receipt=tasks.receipt,
        state_name=tasks.state_name,
        S=TaskState,
        max_bytes=uploads.MAX_BYTES,
        **values,
    )
    return body, status, {"Cache-Control": "no-store"}


@team_bp.get("/")
@session.required
def home():
    return _page("national/team_home.html", found=tasks.of_person(session.current()))


@team_bp.get("/<int:task_id>")
@session.required
def task(task_id: int):
    found = _mine(task_id)
    if found is None:
        return answer(404)
    open_now, window_text = tasks.window_text(found.application.season)
    editable = open_now and found.state in (TaskState.OPEN, TaskState.RETURNED)
    return _page(
        "national/team_task.html",
        task=found,
        application=found.application,
        files=tasks.current_files(found),
        open_now=open_now,
        window_text=window_text,
        editable=editable,
    )


@team_bp.post("/<int:task_id>/files/<kind>")
@session.required
def upload(task_id: int, kind: str):
    found = _mine(task_id)
    if found is None or kind not in tasks.KINDS:
        return answer(404)
    sent = request.files.get("file")
    data = sent.read(uploads.MAX_BYTES + 1) if sent is not None else b""
    back = url_for("national_team.task", task_id=task_id) + "#files"
    if len(data) > uploads.MAX_BYTES:
        flash(_("文件超过 8 MB；请压缩或降低扫描分辨率后重新上传"), "error")
        return redirect(back)
    person = session.current()
    try:
        done = atomic(
            lambda: tasks.upload(
                task=found,
                kind=kind,
                data=data,
                filename=sent.filename if sent is not None else "",
                person=person,
            )
        )
    except SeasonRefused as refused:
        flash(refused.message, "error")
    else:
        flash(done.text(), "success")
    return redirect(back)


@team_bp.get("/<int:task_id>/files/<kind>")
@session.required
def download(task_id: int, kind: str):
    found = _mine(task_id)
    record = tasks.current_files(found).get(kind) if found is not None else None
    if record is None:
        return answer(404)
    return uploads.send(record)


@team_bp.post("/<int:task_id>/submit")
@session.required
def submit(task_id: int):
    found = _mine(task_id)
    if found is None:
        return answer(404)
    person = session.current()
    try:
        done = atomic(lambda: tasks.submit(task=found, person=person))
    except SeasonRefused as refused:
        flash(refused.message, "error")
        return redirect(url_for("national_team.task", task_id=task_id))
    return redirect(url_for("national_team.receipt", task_id=task_id, version=done.version))


@team_bp.get("/<int:task_id>/receipt/<int:version>")
@session.required
def receipt(task_id: int, version: int):
    found = _mine(task_id)
    submission = None
    if found is not None:
        submission = (
            db.session.query(NationalSubmission)
            .filter_by(task_id=found.id, version=version)
            .one_or_none()
        )
    if submission is None:
        return answer(404)
    return _page(
        "national/team_receipt.html",
        task=found,
        application=found.application,
        submission=submission,
    )
