"""Exports staff download: a registry of name -> exporter.

Each exporter is a thin declaration (name, title, extension, content type) around a pure
build function ``build(contest) -> bytes``; the admin pages and the CLI only look them up.
The full database backup is not an exporter: it covers every contest and holds password
hashes and judges' keys, so it stays on the command line (see ``contest.exports.backup``).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from flask_babel import lazy_gettext as _l

if TYPE_CHECKING:
    from flask_babel.speaklater import LazyString

    from contest.models import Contest

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
CSV = "text/csv; charset=utf-8"


@dataclass(frozen=True)
class Exporter:
    name: str  # URL and ASCII file name: /admin/contests/<id>/exports/<name>
    title: (
        str | LazyString
    )  # Chinese file name and label, e.g. 最终排名 (lazy: translated when shown)
    extension: str
    content_type: str
    build: Callable[[Contest], bytes]
    description: str | LazyString = ""

    @property
    def filename(self) -> str:
        return f"{self.title}.{self.extension}"

    @property
    def ascii_filename(self) -> str:
        return f"{self.name}.{self.extension}"


def _ranking(contest: Contest) -> bytes:
    from contest.exports.ranking import build

    return build(contest)


def _summary(contest: Contest) -> bytes:
    from contest.exports.summary import build

    return build(contest)


def _audit(contest: Contest) -> bytes:
    from contest.exports.audit_csv import build

    return build(contest)


def _proof_xlsx(contest: Contest) -> bytes:
    from contest.exports.proof import build_xlsx

    return build_xlsx(contest)


def _proof_pdf(contest: Contest) -> bytes:
    from contest.exports.proof import build_pdf

    return build_pdf(contest)


PDF = "application/pdf"

EXPORTERS: dict[str, Exporter] = {
    e.name: e
    for e in (
        Exporter(
            "ranking",
            _l("最终排名"),
            "xlsx",
            XLSX,
            _ranking,
            _l(
                "总排名及各分会场排名，含每位评委的分数（删除线为去掉的最高分/最低分）、扣分、奖项等级、推荐国家级"
            ),
        ),
        Exporter(
            "summary",
            _l("评审汇总表"),
            "xlsx",
            XLSX,
            _summary,
            _l("按附件2-4的格式，每个推荐单位一页：序号、企业/班组名称、材料评价、打分/排序、评委"),
        ),
        Exporter(
            "proof",
            _l("名称核对表"),
            "xlsx",
            XLSX,
            _proof_xlsx,
            _l("每个班组的企业名称和班组名称，与证书上的完全一致，供各班组核对后定稿"),
        ),
        Exporter(
            "proof_pdf",
            _l("名称核对表"),
            "pdf",
            PDF,
            _proof_pdf,
            _l("同上，PDF 版，便于打印签字"),
        ),
        Exporter(
            "audit",
            _l("审计日志"),
            "csv",
            CSV,
            _audit,
            _l("全部操作记录及哈希链（UTF-8，Excel 可直接打开）"),
        ),
    )
}


def get(name: str) -> Exporter | None:
    return EXPORTERS.get(name)


def build(name: str, contest_id: int) -> bytes:
    """Export `name` of the contest: what the download runs in a child process under gevent
    (contest.offload), so ranking and writing the file never pause the live screens."""
    from contest.extensions import db
    from contest.models import Contest

    contest = db.session.get(Contest, contest_id)
    if contest is None:
        raise LookupError(f"no contest {contest_id}")
    return EXPORTERS[name].build(contest)
