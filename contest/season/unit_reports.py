"""A 推荐单位 submits forms 2-2 (活动统计表) and 2-1 (活动总结, Word, ≥ 3,000 字).

The statistics are checked field by field (contest.season.form22) and against what the
推荐单位 did in the system: item 5 must equal the applications it recommended. The summary
is checked in a child process like every upload and stored by SHA-256; a new 提交 without a
new file keeps the last one. Each 提交 is a new version, audited.
"""

from __future__ import annotations

from dataclasses import dataclass

from flask_babel import gettext as _

from contest import audit, offload
from contest.extensions import db
from contest.models.types import utcnow
from contest.season import form22, quota, unit_forms, uploads
from contest.season.accounts import SeasonRefused
from contest.season.files import checks
from contest.season.models import (
    Applicant,
    Application,
    Enterprise,
    Recommender,
    UnitForm,
    UnitFormDraft,
    UnitReport,
)

SUMMARY_CHARACTERS = 3000  # the notice: 字数要求 3000 字以上


@dataclass
class Outcome:
    report: UnitReport | None
    values: dict
    errors: dict[str, str]


def latest(recommender: Recommender) -> UnitReport | None:
    return (
        db.session.query(UnitReport)
        .filter_by(recommender_id=recommender.id)
        .order_by(UnitReport.version.desc())
        .first()
    )


def recommended_count(recommender: Recommender) -> int:
    return (
        db.session.query(Application)
        .join(Enterprise, Application.enterprise_id == Enterprise.id)
        .filter(Enterprise.recommender_id == recommender.id, Application.status.in_(quota.HOLDING))
        .count()
    )


def _summary(data: bytes, filename: str) -> dict:
    try:
        facts = offload.in_process(
            checks.check_word,
            data,
            filename=filename,
            min_characters=SUMMARY_CHARACTERS,
            label=str(_("活动总结")),
            timeout=uploads.CHECK_SECONDS,
            memory=uploads.CHECK_MEMORY,
        )
    except checks.Refused as refused:
        raise SeasonRefused(refused.message) from None
    except (offload.OffloadError, MemoryError, TimeoutError):
        message = _("「%(name)s」无法在限定时间内读取；请重新导出后上传", name=filename)
        raise SeasonRefused(message) from None
    sha256 = uploads.storage().put(data)
    return {"name": filename, "sha256": sha256, "characters": facts.characters, "size": len(data)}


def save_draft(
    *, recommender: Recommender, person: Applicant, typed: dict[str, str], forms: list[str]
) -> UnitFormDraft:
    """Form 2-2 as typed so far, unchecked, until the 提交 (the 活动总结 file is not kept)."""
    if not recommender.season.is_open(utcnow()):
        raise SeasonRefused(_("在线申报已截止，统计表不能再保存"))
    content: dict = {f.key: str(typed.get(f.key) or "")[: form22.MAX_TEXT] for f in form22.FIELDS}
    content["forms"] = [f for f in forms if f in {str(known) for known in form22.FORMS}]
    return unit_forms.keep_draft(recommender, UnitForm.REPORT, content, person)


def newer_draft(recommender: Recommender) -> UnitFormDraft | None:
    """The saved draft of form 2-2, when it is newer than the last 提交."""
    found = unit_forms.draft(recommender, UnitForm.REPORT)
    previous = latest(recommender)
    if found is None or (previous is not None and previous.submitted_at >= found.saved_at):
        return None
    return found


def submit(
    *,
    recommender: Recommender,
    person: Applicant,
    typed: dict[str, str],
    forms: list[str],
    data: bytes,
    filename: str,
) -> Outcome:
    """Check everything; store a new version only when all is right."""
    if not recommender.season.is_open(utcnow()):
        raise SeasonRefused(_("在线申报已截止，统计表和活动总结不能再提交"))
    values, errors = form22.check(typed, forms)
    if not errors:
        mismatch = form22.reconcile(values, recommended_count(recommender))
        if mismatch:
            errors["recommended"] = mismatch
    previous = latest(recommender)
    summary = None
    if data:
        try:
            summary = _summary(data, filename)
        except SeasonRefused as refused:
            errors["summary"] = refused.message
    elif previous is not None:
        summary = previous.summary
    else:
        errors["summary"] = _("请上传活动总结（Word 文件，3000 字以上）")
    if errors:
        return Outcome(None, values, errors)
    report = UnitReport(
        recommender_id=recommender.id,
        version=(previous.version + 1) if previous else 1,
        stats=values,
        summary=summary,
        submitted_at=utcnow(),
        submitted_by_id=person.id,
    )
    db.session.add(report)
    db.session.flush()
    audit.record(
        "season.unit_report_submitted",
        actor=f"applicant:{person.id}",
        subject=f"recommender:{recommender.id}",
        data={
            "version": report.version,
            "recommended": values["recommended"],
            "summary_sha256": summary["sha256"],
        },
    )
    return Outcome(report, values, {})
