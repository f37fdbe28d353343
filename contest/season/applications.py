"""A team's application (申报表, form 1-2): create, save a draft, submit with a receipt.

Editable while the season is open and the application is a draft or returned (退回修改);
a submission keeps the whole form as it was (a `Submission`, never overwritten) with the
enterprise's name as its 公章 read then, and a SHA-256 of exactly that content: the
receipt's 校验码. Every step is audited.
"""

from __future__ import annotations

import hashlib
import json
from datetime import datetime

import sqlalchemy as sa
from flask_babel import gettext as _

from contest import audit
from contest.extensions import db
from contest.models.types import utcnow
from contest.season import deadline, form12, notices, uploads
from contest.season.accounts import SeasonRefused
from contest.season.models import (
    Applicant,
    Application,
    ApplicationStatus,
    Enterprise,
    Season,
    Submission,
)

EDITABLE = (
    ApplicationStatus.DRAFT,
    ApplicationStatus.RETURNED,
    ApplicationStatus.FORMAL_RETURNED,
)


def _actor(person: Applicant) -> str:
    return f"applicant:{person.id}"


def _open(season: Season, now: datetime) -> None:
    if not season.is_open(now):
        raise SeasonRefused(_("在线申报不在开放时间内，申报表不能修改或提交"))


def create(*, season: Season, enterprise: Enterprise, person: Applicant) -> Application:
    """A new, empty draft for a team of `enterprise`, numbered in the season's order."""
    _open(season, utcnow())
    count = db.session.scalar(
        sa.select(sa.func.count())
        .select_from(Application)
        .where(Application.season_id == season.id)
    )
    application = Application(
        season_id=season.id,
        enterprise_id=enterprise.id,
        owner_id=person.id,
        number=f"{season.year}-{count + 1:04d}",
        form={},
    )
    db.session.add(application)
    db.session.flush()
    audit.record(
        "season.application_created",
        actor=_actor(person),
        subject=f"application:{application.id}",
        data={"number": application.number, "enterprise": enterprise.name},
    )
    return application


def editable(application: Application, now: datetime | None = None) -> bool:
    return application.status in EDITABLE and deadline.is_open(application, now)


def save_draft(
    *, application: Application, typed: dict[str, str], person: Applicant
) -> form12.Checked:
    """Keep what was typed (bounded), whatever is still wrong; say what is wrong."""
    if application.status not in EDITABLE:
        raise SeasonRefused(_("申报表已提交，不能再修改；如需修改，请联系本单位退回"))
    deadline.refuse_if_closed(application)
    checked = form12.check(typed, submitting=False)
    if checked.values != application.form:
        application.form = checked.values
        application.team_name = checked.values["team_name"]
        application.updated_at = utcnow()
        audit.record(
            "season.application_saved",
            actor=_actor(person),
            subject=f"application:{application.id}",
            data={"number": application.number},
        )
    return checked


def content_hash(
    form: dict[str, str], company_name: str, number: str, version: int, files: dict
) -> str:
    """SHA-256 of a submission's content (the attachments by their own SHA-256), as its
    receipt names it."""
    body = json.dumps(
        {
            "form": form,
            "company_name": company_name,
            "number": number,
            "version": version,
            "files": files,
        },
        ensure_ascii=False,
        sort_keys=True,
        separators=(",", ":"),
    )
    return hashlib.sha256(body.encode("utf-8")).hexdigest()


def submit(*, application: Application, person: Applicant) -> Submission:
    """提交: every field checked; the form kept whole as a new version, with its receipt."""
    if application.status not in EDITABLE:
        raise SeasonRefused(_("申报表已提交，无需重复提交"))
    now = utcnow()
    deadline.refuse_if_closed(application)
    checked = form12.check(application.form, submitting=True)
    if not checked.ok:
        raise SeasonRefused(
            _("申报表还有 %(n)s 处需要修改，请按提示改正后再提交", n=len(checked.errors))
        )
    files = uploads.snapshot(application)
    missing = [
        str(kind.label)
        for key, kind in uploads.KINDS.items()
        if key in uploads.REQUIRED_AT_SUBMIT and key not in files
    ]
    if missing:
        raise SeasonRefused(_("请先上传%(files)s，再提交", files="、".join(missing)))
    version = application.version + 1
    company = application.enterprise.name
    submission = Submission(
        application=application,
        version=version,
        form=dict(checked.values),
        company_name=company,
        files=files,
        content_hash=content_hash(checked.values, company, application.number, version, files),
        submitted_at=now,
        submitted_by_id=person.id,
    )
    db.session.add(submission)
    application.version = version
    back_to_secretariat = application.status is ApplicationStatus.FORMAL_RETURNED
    # Returned by 形式审查: straight back there once the enterprise owes nothing either
    # (contest/season/formal.py); otherwise to the enterprise first.
    if not back_to_secretariat:
        application.status = ApplicationStatus.SUBMITTED
    application.updated_at = now
    db.session.flush()
    if back_to_secretariat:
        from contest.season import formal

        formal.back_when_done(application, _actor(person))
    audit.record(
        "season.application_submitted",
        actor=_actor(person),
        subject=f"application:{application.id}",
        data={
            "number": application.number,
            "version": version,
            "company_name": company,
            "team_name": checked.values["team_name"],
            "sha256": submission.content_hash,
        },
    )
    if not back_to_secretariat:
        notices.submitted(application)
    return submission
