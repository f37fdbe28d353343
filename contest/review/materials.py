"""What a reviewer reads of an application: form 1-2 as last submitted, the Word narrative's
text, and the sealed scans (served only through a route that checked the assignment)."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import sqlalchemy as sa
from flask_babel import gettext as _

from contest.extensions import db
from contest.season import form12, uploads
from contest.season.files import wordtext
from contest.season.models import Application, ApplicationFile

# The sealed scans a reviewer may open: the team's form 1-2 and the enterprise's opinion.
SCAN_KINDS = ("scan", "opinion_scan")


@dataclass(frozen=True)
class Names:
    company: str  # 企业名称 as the 公章 read at the last 提交
    team: str  # 班组名称


@dataclass
class Pack:
    """The materials of one application, ready for the page."""

    version: int | None = None
    submitted_at: object = None
    fields: list[tuple[str, str, bool]] = field(default_factory=list)  # label, value, wide
    narrative_name: str = ""
    narrative: list[str] = field(default_factory=list)
    narrative_note: str = ""
    scans: list[tuple[str, str, int | None]] = field(default_factory=list)  # kind, label, pages


def names(application: Application) -> Names:
    latest = application.submissions[-1] if application.submissions else None
    company = latest.company_name if latest is not None else application.enterprise.name
    return Names(company=company, team=application.team_name)


def _narrative_row(application: Application, sha256: str | None) -> ApplicationFile | None:
    query = sa.select(ApplicationFile).where(
        ApplicationFile.application_id == application.id, ApplicationFile.kind == "narrative"
    )
    if sha256:
        query = query.where(ApplicationFile.sha256 == sha256)
    return db.session.scalar(query.order_by(ApplicationFile.id.desc()).limit(1))


def pack(application: Application) -> Pack:
    """Form 1-2 of the latest 提交, its narrative's paragraphs, and the scans on file."""
    result = Pack()
    latest = application.submissions[-1] if application.submissions else None
    if latest is not None:
        result.version = latest.version
        result.submitted_at = latest.submitted_at
        result.fields = [
            (str(f.label), str(latest.form.get(f.key) or "—"), f.key.startswith("summary_"))
            for f in form12.FIELDS
        ]
    snapshot = (latest.files or {}).get("narrative", {}) if latest is not None else {}
    row = _narrative_row(application, snapshot.get("sha256"))
    if row is None:
        result.narrative_note = _("未上传班组创建材料（Word 文件）。")
    else:
        result.narrative_name = row.name
        try:
            with uploads.storage().open(row.sha256) as file:
                result.narrative = [p for p in wordtext.paragraphs(file.read()) if p.strip()]
        except Exception:  # a stored file that cannot be read must not break the page
            result.narrative_note = _("班组创建材料无法读取，请联系秘书处。")
    for kind in SCAN_KINDS:
        record = scan(application, kind)
        if record is not None:
            label = (uploads.KINDS.get(kind) or uploads.UNIT_KINDS[kind]).label
            result.scans.append((kind, str(label), record.pages))
    return result


def scan(application: Application, kind: str) -> ApplicationFile | None:
    """The latest upload of a sealed scan of this kind, if the file is on disk."""
    if kind not in SCAN_KINDS:
        return None
    record = db.session.scalar(
        sa.select(ApplicationFile)
        .where(ApplicationFile.application_id == application.id, ApplicationFile.kind == kind)
        .order_by(ApplicationFile.id.desc())
        .limit(1)
    )
    if record is None or not uploads.storage().exists(record.sha256):
        return None
    return record


def path(record: ApplicationFile) -> Path:
    return uploads.storage().path(record.sha256)
