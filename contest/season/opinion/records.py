"""The enterprise's 评分与推荐意见 rows: save a draft, 提交 a version, upload the sealed scan,
and what is still missing before 同意推荐.

Editable only while the application waits for the enterprise's decision and the deadline
(or an extension) allows. Each 提交 is a new UnitOpinionSubmission with the SHA-256 of its
content, never overwritten; the same content twice is not a new version. The sealed scan is
an ApplicationFile of kind "opinion_scan" (stored by SHA-256, checked in a child process,
copied beside backups with the team's files), and vouches only for the 提交 it was uploaded
after. Every step is audited.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from datetime import date

from flask_babel import gettext as _

from contest import audit
from contest.extensions import db
from contest.models.types import utcnow
from contest.season import deadline, uploads
from contest.season.accounts import SeasonRefused
from contest.season.current import BEIJING
from contest.season.files.receipt import Receipt
from contest.season.models import (
    Applicant,
    Application,
    ApplicationFile,
    ApplicationStatus,
    UnitOpinion,
    UnitOpinionSubmission,
)
from contest.season.opinion import form

SCAN = "opinion_scan"


def today() -> date:
    """The date in Beijing, which is what 日期 on the form means."""
    return utcnow().astimezone(BEIJING).date()


def draft(application: Application) -> UnitOpinion | None:
    return db.session.query(UnitOpinion).filter_by(application_id=application.id).one_or_none()


def submissions(application: Application) -> list[UnitOpinionSubmission]:
    return (
        db.session.query(UnitOpinionSubmission)
        .filter_by(application_id=application.id)
        .order_by(UnitOpinionSubmission.version)
        .all()
    )


def latest(application: Application) -> UnitOpinionSubmission | None:
    found = submissions(application)
    return found[-1] if found else None


def scan(application: Application) -> ApplicationFile | None:
    """The latest sealed scan of the 评分与推荐意见表."""
    return (
        db.session.query(ApplicationFile)
        .filter_by(application_id=application.id, kind=SCAN)
        .order_by(ApplicationFile.id.desc())
        .first()
    )


def scan_receipt(application: Application) -> Receipt | None:
    record = scan(application)
    return uploads.receipt(record) if record is not None else None


def _returned_to_me(application: Application) -> bool:
    """形式审查 returned it naming the enterprise's items, not yet put right."""
    from contest.season import checklist, formal

    return checklist.ENTERPRISE in formal.outstanding(application)


def editable(application: Application) -> bool:
    return (
        application.status is ApplicationStatus.SUBMITTED or _returned_to_me(application)
    ) and deadline.is_open(application)


def _refuse_unless_editable(application: Application) -> None:
    if application.status is not ApplicationStatus.SUBMITTED and not _returned_to_me(application):
        raise SeasonRefused(
            _("该申报表当前不在待本单位审核状态，评分与推荐意见不能修改；请刷新页面查看最新状态")
        )
    deadline.refuse_if_closed(application)


def save_draft(
    *, application: Application, typed: dict[str, str], person: Applicant
) -> form.Checked:
    """Keep what was typed (bounded), whatever is still wrong; say what is wrong."""
    _refuse_unless_editable(application)
    checked = form.check(typed, submitting=False, today=today())
    row = draft(application)
    if row is None:
        row = UnitOpinion(application_id=application.id, values={}, version=0)
        db.session.add(row)
    if checked.values != row.values:
        row.values = checked.values
        row.updated_at = utcnow()
        row.updated_by_id = person.id
        db.session.flush()
        audit.record(
            "season.unit_opinion_saved",
            actor=f"applicant:{person.id}",
            subject=f"application:{application.id}",
            data={"number": application.number},
        )
    return checked


def content_hash(
    *,
    values: dict,
    company_name: str,
    team_name: str,
    number: str,
    application_version: int,
    version: int,
) -> str:
    """SHA-256 of a 提交's content, as its receipt names it."""
    body = json.dumps(
        {
            "values": values,
            "company_name": company_name,
            "team_name": team_name,
            "number": number,
            "application_version": application_version,
            "version": version,
        },
        ensure_ascii=False,
        sort_keys=True,
        separators=(",", ":"),
    )
    return hashlib.sha256(body.encode("utf-8")).hexdigest()


@dataclass(frozen=True)
class Submitted:
    checked: form.Checked
    submission: UnitOpinionSubmission | None  # None: not complete, or the same as the last


def submit(*, application: Application, typed: dict[str, str], person: Applicant) -> Submitted:
    """Save the draft, then, if every field is right and it differs from the last 提交,
    keep it whole as a new version."""
    save_draft(application=application, typed=typed, person=person)
    checked = form.check(typed, submitting=True, today=today())
    last = latest(application)
    if not checked.ok or (last is not None and last.values == checked.clean):
        return Submitted(checked, None)
    row = draft(application)
    version = row.version + 1
    company = application.enterprise.name
    submission = UnitOpinionSubmission(
        application_id=application.id,
        version=version,
        application_version=application.version,
        values=checked.clean,
        company_name=company,
        team_name=application.team_name,
        content_hash=content_hash(
            values=checked.clean,
            company_name=company,
            team_name=application.team_name,
            number=application.number,
            application_version=application.version,
            version=version,
        ),
        submitted_at=utcnow(),
        submitted_by_id=person.id,
    )
    db.session.add(submission)
    row.version = version
    db.session.flush()
    audit.record(
        "season.unit_opinion_submitted",
        actor=f"applicant:{person.id}",
        subject=f"application:{application.id}",
        data={
            "number": application.number,
            "version": version,
            "self_score": checked.clean["score"],
            "sha256": submission.content_hash,
        },
    )
    return Submitted(checked, submission)


def upload_scan(
    *, application: Application, data: bytes, filename: str, person: Applicant
) -> Receipt:
    """The sealed scan of the form as last submitted: checked, stored, receipted."""
    _refuse_unless_editable(application)
    row = draft(application)
    if row is None or row.version == 0:
        raise SeasonRefused(
            _("请先提交评分与推荐意见，再上传按提交内容填写并加盖公章的评分与推荐意见表扫描件")
        )
    done = uploads.upload(
        application=application, kind=SCAN, data=data, filename=filename, person=person
    )
    row.scan_version = row.version
    db.session.flush()
    from contest.season import formal

    formal.back_when_done(application, f"applicant:{person.id}")
    return done


@dataclass(frozen=True)
class Missing:
    """One thing to do before 同意推荐: where on the 评分与推荐意见 page, and what."""

    anchor: str  # an element id on that page
    text: str


class NotReady(SeasonRefused):
    """同意推荐 refused: the message, and each thing still to do (`missing`)."""

    def __init__(self, found: list[Missing]) -> None:
        super().__init__(_("同意推荐前还需完成以下 %(n)s 项（点击前往填写）：", n=len(found)))
        self.missing = found


def refuse_approval_unless_ready(application: Application) -> None:
    found = missing(application)
    if found:
        raise NotReady(found)


def missing(application: Application) -> list[Missing]:
    """What stands between the enterprise and 同意推荐, in the order of the page."""
    row = draft(application)
    last = latest(application)
    found: list[Missing] = []
    checked = form.check(row.values if row else {}, submitting=True, today=today())
    if last is None or not checked.ok or checked.clean != last.values:
        found += [Missing(f"field-{key}", text) for key, text in checked.errors.items()]
        if checked.ok:
            found.append(
                Missing(
                    "opinion-actions",
                    _("评分与推荐意见尚未提交；请按“提交评分与推荐意见”")
                    if last is None
                    else _("评分与推荐意见有修改尚未提交；请提交后再同意推荐"),
                )
            )
    if row is None or row.scan_version is None or scan(application) is None:
        found.append(Missing("scan", _("尚未上传加盖公章的评分与推荐意见表扫描件（PDF）")))
    elif row.scan_version != row.version:
        found.append(
            Missing(
                "scan",
                _(
                    "已上传的盖章扫描件是第 %(old)s 次提交的；请按第 %(n)s 次提交的内容"
                    "盖章后重新上传",
                    old=row.scan_version,
                    n=row.version,
                ),
            )
        )
    return found


def rows(application: Application, submission: UnitOpinionSubmission) -> list[form.Row]:
    """The submitted form's rows, for a page or a paper form."""
    return form.rows(
        company=submission.company_name,
        team=submission.team_name,
        number=application.number,
        recommender=application.enterprise.recommender.name,
        values=submission.values,
    )
