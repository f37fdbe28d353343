"""The text a paper's QR code carries, and what a scan's code says against the expected one.

`SQA|<year>|<form>|<number>|v<version>|<digest>`, for example
`SQA|2026|1-2|2026-0001|v2|3f5a09c1d2e4`: the season, the form (the notice's attachment
number), the paper's 编号 (an application's 申报编号), the submitted version it was printed
from, and the first 12 hex digits of that version's SHA-256 (the receipt's 校验码). Plain ASCII,
about 40 characters: a small QR code (version 3) that a 150 dpi scan still reads.
Pure: no database; the messages are translated strings.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from flask_babel import gettext as _

PREFIX = "SQA"
DIGEST = 12
_CODE = re.compile(
    r"SQA\|(?P<year>\d{4})\|(?P<form>\d-\d)\|(?P<number>[0-9A-Za-z\-]{1,30})"
    r"\|v(?P<version>\d{1,4})\|(?P<digest>[0-9a-f]{12})"
)


@dataclass(frozen=True)
class Code:
    year: int
    form: str  # "1-2"
    number: str  # 编号: "2026-0001"
    version: int
    digest: str  # first DIGEST hex digits of the version's SHA-256

    @property
    def text(self) -> str:
        return f"{PREFIX}|{self.year}|{self.form}|{self.number}|v{self.version}|{self.digest}"


def make(*, year: int, form: str, number: str, version: int, sha256: str) -> Code:
    return Code(year, form, number, version, sha256[:DIGEST])


def expected(application, form: str, submission) -> Code | None:
    """The code a scan of `submission` (a submitted version of the application's paper
    `form`: its `version` and `content_hash`) carries; None when there is none yet."""
    if submission is None:
        return None
    return make(
        year=application.season.year,
        form=form,
        number=application.number,
        version=submission.version,
        sha256=submission.content_hash,
    )


def of(values: dict, form: str) -> str:
    """The QR code's text of a paper from its facts (year, number, version, sha256)."""
    return make(
        year=values["year"],
        form=form,
        number=values["number"],
        version=values["version"],
        sha256=values["sha256"],
    ).text


def parse(text: str | None) -> Code | None:
    """The code in a QR code's text, or None when it is not one of ours."""
    found = _CODE.fullmatch((text or "").strip())
    if found is None:
        return None
    return Code(
        int(found["year"]), found["form"], found["number"], int(found["version"]), found["digest"]
    )


@dataclass(frozen=True)
class Verdict:
    """What a scan's QR code says against the paper expected now."""

    state: str  # matched, mismatch, unreadable, missing (no scan), unchecked
    message: str  # Chinese, for the team and the secretariat


MATCHED, MISMATCH, UNREADABLE, MISSING, UNCHECKED = (
    "matched",
    "mismatch",
    "unreadable",
    "missing",
    "unchecked",
)


def verdict(
    qr_text: str | None, *, read: bool, expected: Code | None, what: str | None = None
) -> Verdict:
    """`read`: the scan was looked at (False for a file uploaded before codes were read);
    `what`: the paper's name in the messages (申报表, 评分与推荐意见表)."""
    what = what or _("申报表")
    if not read:
        return Verdict(UNCHECKED, _("扫描件上传于二维码核对启用之前，请人工核对"))
    if not qr_text:
        return Verdict(UNREADABLE, _("未识别到二维码"))
    found = parse(qr_text)
    if found is None:
        return Verdict(MISMATCH, _("扫描件上的二维码不是本系统生成的%(what)s二维码", what=what))
    if expected is None:
        return Verdict(UNCHECKED, _("%(what)s尚未提交，提交后再核对扫描件", what=what))
    if found == expected:
        return Verdict(
            MATCHED,
            _("二维码与当前%(what)s一致（第%(n)s次提交的版本）", what=what, n=expected.version),
        )
    if (found.year, found.number) != (expected.year, expected.number):
        why = _(
            "二维码属于另一份材料（编号 %(number)s），与本%(what)s不符",
            number=found.number,
            what=what,
        )
    elif found.form != expected.form:
        why = _(
            "二维码属于同一申报的另一份表（表 %(form)s），不是%(what)s", form=found.form, what=what
        )
    elif found.version != expected.version:
        why = _(
            "二维码与当前%(what)s版本不符（扫描件为第%(n)s次提交的版本）",
            what=what,
            n=found.version,
        )
    else:
        why = _("二维码与当前%(what)s内容不符；请重新下载%(what)s打印盖章", what=what)
    return Verdict(MISMATCH, why)
