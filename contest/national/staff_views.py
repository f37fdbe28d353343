"""The secretariat's 推荐国家级 page: the window, each candidate's task and its check, and
the national recommendation package."""

from __future__ import annotations

from datetime import datetime

from flask import Response, flash, redirect, render_template, request, send_file, url_for
from flask_babel import gettext as _
from flask_login import current_user

from contest.auth.guards import admin_required, can_change
from contest.extensions import db
from contest.national import package, tasks
from contest.national.models import NationalTask, TaskState
from contest.national.views import staff_bp
from contest.season import current, uploads
from contest.season.accounts import SeasonRefused
from contest.server.errors import answer
from contest.transactions import atomic


def _actor() -> str:
    return f"staff:{current_user.id}"


def _local(moment: datetime) -> str:
    return current.beijing(moment).replace(" ", "T")


@staff_bp.get("/")
@admin_required
def index():
    season = current.season()
    window = tasks.window(season) if season is not None else None
    body = render_template(
        "national/staff_index.html",
        season=season,
        window=window,
        default_close=_local(tasks.default_close(season)) if season is not None else "",
        close_value=_local(window.closes_at) if window is not None else "",
        window_text=tasks.window_text(season)[1] if season is not None else "",
        candidates=tasks.candidates(season) if season is not None else [],
        found=tasks.tasks(season) if season is not None else [],
        state_name=tasks.state_name,
        beijing=current.beijing,
        can_change=can_change,
        S=TaskState,
    )
    return body, 200, {"Cache-Control": "no-store"}


def _parse_beijing(text: str) -> datetime | None:
    try:
        moment = datetime.strptime(text.strip(), "%Y-%m-%dT%H:%M")
    except ValueError:
        return None
    return moment.replace(tzinfo=current.BEIJING)


@staff_bp.post("/window")
@admin_required
def window():
    season = current.season()
    if season is None:
        return answer(404)
    closes_at = _parse_beijing(request.form.get("closes_at", ""))
    if closes_at is None:
        flash(_("请按“年-月-日 时:分”选择截止时间（北京时间）"), "error")
        return redirect(url_for("national_staff.index"))
    try:
        made = atomic(lambda: tasks.open_window(season=season, closes_at=closes_at, actor=_actor()))
    except SeasonRefused as refused:
        flash(refused.message, "error")
    else:
        flash(
            _(
                "材料完善截止时间已设为 %(at)s（北京时间）；新建任务 %(n)s 个",
                at=current.beijing(closes_at),
                n=len(made),
            ),
            "success",
        )
    return redirect(url_for("national_staff.index"))


@staff_bp.get("/tasks/<int:task_id>")
@admin_required
def task(task_id: int):
    found = db.get_or_404(NationalTask, task_id)
    body = render_template(
        "national/staff_task.html",
        task=found,
        application=found.application,
        files=tasks.current_files(found),
        kinds=tasks.KINDS,
        receipt=tasks.receipt,
        state_name=tasks.state_name,
        beijing=current.beijing,
        can_change=can_change,
        S=TaskState,
    )
    return body, 200, {"Cache-Control": "no-store"}


@staff_bp.post("/tasks/<int:task_id>/check")
@admin_required
def check(task_id: int):
    found = db.get_or_404(NationalTask, task_id)
    decision = request.form.get("decision", "")
    if decision not in ("approve", "return"):
        flash(_("请选择“审核通过”或“退回修改”"), "error")
        return redirect(url_for("national_staff.task", task_id=task_id))
    reason = request.form.get("reason", "")
    try:
        atomic(
            lambda: tasks.check(
                task=found, approve=decision == "approve", reason=reason, actor=_actor()
            )
        )
    except SeasonRefused as refused:
        flash(refused.message, "error")
        return redirect(url_for("national_staff.task", task_id=task_id))
    flash(_("已审核通过") if decision == "approve" else _("已退回班组修改"), "success")
    return redirect(url_for("national_staff.index"))


@staff_bp.get("/tasks/<int:task_id>/files/<kind>")
@admin_required
def file(task_id: int, kind: str):
    found = db.get_or_404(NationalTask, task_id)
    record = tasks.current_files(found).get(kind)
    if record is None:
        return answer(404)
    return uploads.send(record)


@staff_bp.post("/package")
@admin_required
def package_download():
    season = current.season()
    if season is None or not tasks.tasks(season):
        flash(_("还没有材料完善任务；请先开启材料完善"), "error")
        return redirect(url_for("national_staff.index"))
    path = package.build(season)
    name = _("%(year)s年推荐国家级材料.zip", year=season.year)
    return send_temporary(path, name)


def send_temporary(path, name: str) -> Response:
    """A temporary file as a download, streamed from disk and removed once sent."""
    handle = open(path, "rb")  # noqa: SIM115  (closed with the response)
    path.unlink()  # the open handle keeps the data until the response closes it
    response = send_file(
        handle, mimetype="application/zip", as_attachment=True, download_name=name, max_age=0
    )
    response.headers["Cache-Control"] = "no-store"
    return response
