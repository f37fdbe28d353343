"""The sealed scans against the papers they should be: form 1-2 (the team's, upload kind
"scan") and the 评分与推荐意见表 (the enterprise's, kind "opinion_scan"): when the team may
upload its scan, and what a scan's QR code says now (the note at upload, the 形式审查 page's
「扫描件核对」).

The scan comes after the 提交: the paper exists only for a submitted version, is stamped by
the enterprise (and the 推荐单位), then scanned. So the scan may be uploaded while the form is
editable and, after a 提交, until the deadline or 形式审查's decision. The state is stored at
upload; shown later it is worked out again against the current version, so a scan of
version 1 reads as a mismatch once version 2 is submitted.
"""

from __future__ import annotations

from flask_babel import gettext as _

from contest.season import applications, deadline
from contest.season.models import Application, ApplicationFile, ApplicationStatus
from contest.season.papers import code, form12, opinion

KIND = "scan"
OPINION = "opinion_scan"
CLOSED = (ApplicationStatus.ACCEPTED, ApplicationStatus.REFUSED)
# Upload kind -> the paper module whose `expected(application)` its code is matched against.
PAPERS = {KIND: form12, OPINION: opinion}


def _what(kind: str) -> str:
    return _("评分与推荐意见表") if kind == OPINION else _("申报表")


def scan_open(application: Application) -> bool:
    """Whether the team may upload (or replace) the sealed scan now."""
    if applications.editable(application):
        return True
    return (
        application.version > 0
        and application.status not in CLOSED
        and deadline.is_open(application)
    )


def state(application: Application, qr_text: str | None, kind: str = KIND) -> str:
    """What a code read at upload is, against the current submitted version."""
    expected = PAPERS[kind].expected(application)
    return code.verdict(qr_text, read=True, expected=expected, what=_what(kind)).state


def verdict(
    application: Application, record: ApplicationFile | None, kind: str = KIND
) -> code.Verdict:
    """The current scan's verdict now; `missing` without one."""
    if record is None:
        return code.Verdict(code.MISSING, _("未上传盖章扫描件"))
    return code.verdict(
        record.qr_text,
        read=record.qr_state is not None,
        expected=PAPERS[kind].expected(application),
        what=_what(kind),
    )


def note(found: code.Verdict, kind: str = KIND) -> tuple[str, str]:
    """The flash at upload, (message, category): matched, or what to do (the scan is kept)."""
    what = _what(kind)
    if found.state == code.MATCHED:
        return _("扫描件核对：%(m)s", m=found.message), "success"
    if found.state == code.MISMATCH:
        advice = _("请下载当前版本的%(what)s，盖章后重新扫描上传", what=what)
        return _("扫描件核对：%(m)s。%(advice)s", m=found.message, advice=advice), "error"
    if found.state == code.UNREADABLE:
        advice = _(
            "扫描件已收下，形式审查时将人工核对；如可能，请确认扫描的是从本系统下载的%(what)s，"
            "二维码清晰完整",
            what=what,
        )
        return _("扫描件核对：%(m)s。%(advice)s", m=found.message, advice=advice), "info"
    return _("扫描件核对：%(m)s", m=found.message), "info"
