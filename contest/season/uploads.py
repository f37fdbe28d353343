"""An application's attachments: the Word narrative and the sealed PDF scan of form 1-2
(the team's), and the sealed scan of the 评分与推荐意见表 (the enterprise's); each scan's QR
code is read in the check's child process and matched (contest.season.papers.scans).

Each upload is checked in a child process on the live server (a hostile file costs the child,
never the screens), stored by its SHA-256 (contest.season.files), recorded with who and when,
and answered with a receipt. The latest upload of each kind is the one a 提交 takes.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from flask import current_app
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from contest import audit, offload
from contest.extensions import db
from contest.models.types import utcnow
from contest.season.accounts import SeasonRefused
from contest.season.files import checks
from contest.season.files.receipt import Receipt
from contest.season.files.storage import LocalStorage
from contest.season.models import Applicant, Application, ApplicationFile

NARRATIVE_CHARACTERS = 5000  # the notice: 班组创建材料 5000 字以内
MAX_BYTES = 8 * 1024 * 1024  # the server takes no larger request (MAX_CONTENT_LENGTH)
CHECK_SECONDS = 20
CHECK_MEMORY = 768 * 1024 * 1024


@dataclass(frozen=True)
class Kind:
    key: str
    label: str
    suffix: str
    hint: str


KINDS = {
    "narrative": Kind(
        "narrative",
        _l("班组创建材料（Word 文件）"),
        ".docx",
        _l("Word 格式（.docx），5000 字以内，不超过 8 MB"),
    ),
    "scan": Kind(
        "scan",
        _l("申报表盖章扫描件（PDF 文件）"),
        ".pdf",
        _l("提交后下载带二维码的申报表，加盖公章后扫描为 PDF，不超过 8 MB、20 页"),
    ),
}
# Uploaded by the enterprise (contest.season.opinion): never part of the team's 提交.
UNIT_KINDS = {
    "opinion_scan": Kind(
        "opinion_scan",
        _l("评分与推荐意见表盖章扫描件（PDF 文件）"),
        ".pdf",
        _l("加盖公章的评分与推荐意见表扫描为 PDF，不超过 8 MB、20 页"),
    ),
}


def storage() -> LocalStorage:
    return LocalStorage(Path(current_app.instance_path) / "season-files")


def _check(kind: Kind, data: bytes, filename: str):
    if kind.key == "narrative":
        return offload.in_process(
            checks.check_word,
            data,
            filename=filename,
            max_characters=NARRATIVE_CHARACTERS,
            label=str(_("班组创建材料")),
            timeout=CHECK_SECONDS,
            memory=CHECK_MEMORY,
        )
    from contest.season.papers import readback

    return offload.in_process(
        readback.check_scan,
        data,
        filename=filename,
        max_bytes=MAX_BYTES,
        timeout=CHECK_SECONDS,
        memory=CHECK_MEMORY,
    )


def upload(
    *, application: Application, kind: str, data: bytes, filename: str, person: Applicant
) -> Receipt:
    """Check, store and record one attachment; refused in words, nothing written."""
    chosen = KINDS.get(kind) or UNIT_KINDS.get(kind)
    if chosen is None:
        raise SeasonRefused(_("未知的附件类别；请刷新页面后重试"))
    name = Path(filename or "").name.strip()[:200] or f"{chosen.key}{chosen.suffix}"
    if not data:
        raise SeasonRefused(_("请先选择要上传的文件"))
    try:
        facts = _check(chosen, data, name)
    except checks.Refused as refused:
        raise SeasonRefused(refused.message) from None
    except (offload.OffloadError, MemoryError, TimeoutError):
        raise SeasonRefused(
            _("「%(name)s」无法在限定时间内读取，文件可能已损坏；请重新导出后上传", name=name)
        ) from None
    sha256 = storage().put(data)
    record = ApplicationFile(
        application_id=application.id,
        kind=chosen.key,
        name=name,
        size=len(data),
        sha256=sha256,
        pages=getattr(facts, "pages", None),
        characters=getattr(facts, "characters", None),
        uploaded_at=utcnow(),
        uploaded_by_id=person.id,
    )
    facts_seen = {"kind": chosen.key, "name": name, "size": len(data), "sha256": sha256}
    from contest.season.papers import scans

    if chosen.key in scans.PAPERS:  # its QR code, against the paper of the current version
        record.qr_text = facts.qr_text
        record.qr_state = scans.state(application, facts.qr_text, chosen.key)
        facts_seen["qr_state"] = record.qr_state
    db.session.add(record)
    db.session.flush()
    audit.record(
        "season.unit_opinion_scan_uploaded" if kind in UNIT_KINDS else "season.file_uploaded",
        actor=f"applicant:{person.id}",
        subject=f"application:{application.id}",
        data=facts_seen,
    )
    return receipt(record)


def receipt(record: ApplicationFile) -> Receipt:
    """The receipt of a stored file (an application's, or a 材料完善 task's: same columns)."""
    return Receipt(
        name=record.name,
        size=record.size,
        sha256=record.sha256,
        received_at=record.uploaded_at,
        kind="docx" if record.kind == "narrative" else "pdf",
        pages=record.pages,
        characters=record.characters,
    )


def current_files(application: Application) -> dict[str, ApplicationFile]:
    """The latest upload of each of the team's kinds."""
    rows = (
        db.session.query(ApplicationFile)
        .filter(
            ApplicationFile.application_id == application.id,
            ApplicationFile.kind.in_(list(KINDS)),
        )
        .order_by(ApplicationFile.id)
        .all()
    )
    return {row.kind: row for row in rows}


REQUIRED_AT_SUBMIT = ("narrative",)  # the scan is of the submitted paper: it comes after


def snapshot(application: Application) -> dict[str, dict]:
    """What a 提交 records of the attachments."""
    return {
        kind: {"name": row.name, "sha256": row.sha256, "size": row.size}
        for kind, row in current_files(application).items()
    }


def send(record: ApplicationFile):
    """The stored file as a download under its uploaded name, never cached."""
    from flask import send_file

    response = send_file(
        storage().path(record.sha256), download_name=record.name, as_attachment=True, max_age=0
    )
    response.headers["Cache-Control"] = "no-store"
    return response
