"""材料完善: the window, a task per national candidate, the team's uploads and 提交, the
secretariat's check (通过 / 退回). Every change audited; refused in words, nothing written."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import sqlalchemy as sa
from flask_babel import gettext as _

from contest import audit, offload
from contest.extensions import db
from contest.models import NationalSelection, Team
from contest.models.types import utcnow
from contest.national.models import (
    NationalFile,
    NationalSubmission,
    NationalTask,
    NationalWindow,
    TaskState,
)
from contest.season import uploads
from contest.season.accounts import SeasonRefused
from contest.season.current import BEIJING, beijing
from contest.season.files import checks
from contest.season.files.receipt import Receipt
from contest.season.models import Applicant, Application, Season

KINDS = {"narrative": uploads.KINDS["narrative"], "scan": uploads.KINDS["scan"]}


def state_name(state: TaskState) -> str:
    return {
        TaskState.OPEN: _("待完善"),
        TaskState.SUBMITTED: _("已提交，待审核"),
        TaskState.RETURNED: _("退回修改"),
        TaskState.APPROVED: _("审核通过"),
    }[state]


def default_close(season: Season) -> datetime:
    """The notice's date: 9月30日 23:59, Beijing time, of the season's year."""
    return datetime(season.year, 9, 30, 23, 59, tzinfo=BEIJING).astimezone(UTC)


def candidates(season: Season) -> list[tuple[Application, Team]]:
    """The contest's selected national candidates that came from this season's applications."""
    rows = db.session.execute(
        sa.select(Application, Team)
        .join(Team, Team.id == Application.contest_team_id)
        .join(NationalSelection, NationalSelection.team_id == Team.id)
        .where(Application.season_id == season.id, NationalSelection.selected.is_(True))
        .order_by(Application.number)
    )
    return [(application, team) for application, team in rows]


def window(season: Season) -> NationalWindow | None:
    return db.session.scalar(sa.select(NationalWindow).where(NationalWindow.season_id == season.id))


def tasks(season: Season) -> list[NationalTask]:
    return list(
        db.session.scalars(
            sa.select(NationalTask)
            .join(Application)
            .where(NationalTask.season_id == season.id)
            .order_by(Application.number)
        )
    )


def open_window(*, season: Season, closes_at: datetime, actor: str) -> list[NationalTask]:
    """Open (or change) the window and give each candidate without one a task."""
    now = utcnow()
    if closes_at <= now:
        raise SeasonRefused(_("截止时间应晚于现在；请重新选择截止时间"))
    found = candidates(season)
    if not found:
        raise SeasonRefused(_("本年度还没有确定推荐国家级的班组；请先在发表赛成绩中确认推荐名单"))
    current = window(season)
    if current is None:
        current = NationalWindow(
            season_id=season.id, opens_at=now, closes_at=closes_at, opened_by=actor
        )
        db.session.add(current)
        action = "national.window_opened"
    else:
        current.closes_at = closes_at
        action = "national.window_changed"
    have = {t.application_id for t in tasks(season)}
    made = []
    for application, team in found:
        if application.id not in have:
            task = NationalTask(
                season_id=season.id, application_id=application.id, contest_team_id=team.id
            )
            db.session.add(task)
            made.append(task)
    db.session.flush()
    audit.record(
        action,
        actor=actor,
        subject=f"season:{season.id}",
        data={"closes_at": beijing(closes_at), "tasks_added": [t.application_id for t in made]},
    )
    return made


def window_text(season: Season, now: datetime | None = None) -> tuple[bool, str]:
    """Whether the team may change its materials now, and the sentence saying so."""
    now = now or utcnow()
    current = window(season)
    if current is None:
        return False, _("材料完善尚未开始")
    if current.is_open(now):
        return True, _("材料完善截止时间：%(at)s（北京时间）", at=beijing(current.closes_at))
    return False, _(
        "材料完善已于 %(at)s（北京时间）截止，材料不能再修改；如有特殊情况请联系市质协秘书处",
        at=beijing(current.closes_at),
    )


def _editable(task: NationalTask) -> None:
    """Raise in words when the team may not change the task now."""
    open_now, text = window_text(task.application.season)
    if not open_now:
        raise SeasonRefused(text)
    if task.state is TaskState.SUBMITTED:
        raise SeasonRefused(_("材料已提交，正在审核；审核退回后方可修改"))
    if task.state is TaskState.APPROVED:
        raise SeasonRefused(_("材料已审核通过，不能再修改"))


def current_files(task: NationalTask) -> dict[str, NationalFile]:
    rows = db.session.scalars(
        sa.select(NationalFile).where(NationalFile.task_id == task.id).order_by(NationalFile.id)
    )
    return {row.kind: row for row in rows}


def _check(kind: str, data: bytes, name: str):
    if kind == "narrative":
        return offload.in_process(
            checks.check_word,
            data,
            filename=name,
            max_characters=uploads.NARRATIVE_CHARACTERS,
            label=str(_("班组创建材料")),
            timeout=uploads.CHECK_SECONDS,
            memory=uploads.CHECK_MEMORY,
        )
    from contest.season.papers import readback

    return offload.in_process(
        readback.check_scan,
        data,
        filename=name,
        max_bytes=uploads.MAX_BYTES,
        timeout=uploads.CHECK_SECONDS,
        memory=uploads.CHECK_MEMORY,
    )


def upload(
    *, task: NationalTask, kind: str, data: bytes, filename: str, person: Applicant
) -> Receipt:
    """Check (as the application's uploads are), store and record one file of the task."""
    chosen = KINDS.get(kind)
    if chosen is None:
        raise SeasonRefused(_("未知的附件类别；请刷新页面后重试"))
    _editable(task)
    name = Path(filename or "").name.strip()[:200] or f"{chosen.key}{chosen.suffix}"
    if not data:
        raise SeasonRefused(_("请先选择要上传的文件"))
    try:
        facts = _check(kind, data, name)
    except checks.Refused as refused:
        raise SeasonRefused(refused.message) from None
    except (offload.OffloadError, MemoryError, TimeoutError):
        raise SeasonRefused(
            _("「%(name)s」无法在限定时间内读取，文件可能已损坏；请重新导出后上传", name=name)
        ) from None
    sha256 = uploads.storage().put(data)
    record = NationalFile(
        task_id=task.id,
        kind=kind,
        name=name,
        size=len(data),
        sha256=sha256,
        pages=getattr(facts, "pages", None),
        characters=getattr(facts, "characters", None),
        uploaded_at=utcnow(),
        uploaded_by_id=person.id,
    )
    db.session.add(record)
    db.session.flush()
    audit.record(
        "national.file_uploaded",
        actor=f"applicant:{person.id}",
        subject=f"national_task:{task.id}",
        data={"kind": kind, "name": name, "size": len(data), "sha256": sha256},
    )
    return receipt(record)


# A task's file has the columns of an application's file: the same receipt serves both.
receipt = uploads.receipt


def submit(*, task: NationalTask, person: Applicant) -> NationalSubmission:
    """提交: both files present, within the window; the task goes to the secretariat."""
    _editable(task)
    files = current_files(task)
    missing = [str(KINDS[k].label) for k in KINDS if k not in files]
    if missing:
        raise SeasonRefused(_("请先上传：%(what)s", what="、".join(missing)))
    task.version += 1
    task.state = TaskState.SUBMITTED
    done = NationalSubmission(
        task_id=task.id,
        version=task.version,
        files={k: {"name": f.name, "sha256": f.sha256, "size": f.size} for k, f in files.items()},
        submitted_at=utcnow(),
        submitted_by_id=person.id,
    )
    db.session.add(done)
    db.session.flush()
    audit.record(
        "national.submitted",
        actor=f"applicant:{person.id}",
        subject=f"national_task:{task.id}",
        data={"version": task.version},
    )
    return done


def check(*, task: NationalTask, approve: bool, reason: str, actor: str) -> None:
    """The secretariat's check of a submitted task: 通过, or 退回 with a reason."""
    if task.state is not TaskState.SUBMITTED:
        raise SeasonRefused(_("只有已提交、待审核的材料可以审核；请刷新页面查看最新状态"))
    reason = reason.strip()[:1000]
    if not approve and not reason:
        raise SeasonRefused(_("退回时请写明退回原因，班组将按原因修改"))
    task.state = TaskState.APPROVED if approve else TaskState.RETURNED
    task.reason = "" if approve else reason
    task.checked_by = actor
    task.checked_at = utcnow()
    audit.record(
        "national.approved" if approve else "national.returned",
        actor=actor,
        subject=f"national_task:{task.id}",
        data={"version": task.version, **({} if approve else {"reason": reason})},
    )


def of_person(person: Applicant) -> list[NationalTask]:
    """The tasks of the applications this person owns (the team's own, never another's)."""
    return list(
        db.session.scalars(
            sa.select(NationalTask)
            .join(Application)
            .where(Application.owner_id == person.id)
            .order_by(Application.number)
        )
    )
