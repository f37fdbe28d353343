"""The pledge's settings, who still has to accept it, acceptances and their export."""

from __future__ import annotations

import copy
import hashlib
import io
from dataclasses import dataclass

import sqlalchemy as sa
import sqlalchemy.orm as so
from flask import request
from flask_babel import gettext as _

from contest import audit
from contest.exports.audit_csv import shown_time
from contest.extensions import db
from contest.models import Contest, Judge
from contest.pledge.models import PledgeAcceptance
from contest.settings import merged

DEFAULT_TEXT = """本人受聘担任本次比赛的评委，郑重承诺：
一、遵守评审纪律，依据评分标准独立、客观、公正地评分，不受任何单位和个人的影响；
二、对评审过程中知悉的参赛材料、评分情况和评审结果严格保密，结果正式公布前不向任何单位和个人透露；
三、与参赛班组或其所在单位存在隶属、任职、亲属等利害关系的，主动申明并回避；
四、不接受参赛单位的宴请、礼品、礼金等任何形式的馈赠；
五、服从组委会和监督人员的管理。如有违反，愿意承担相应责任。"""

MAX_TEXT = 3000


class PledgeRefused(Exception):
    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


@dataclass(frozen=True)
class Pledge:
    enabled: bool
    text: str

    @property
    def sha256(self) -> str:
        return text_hash(self.text)


def text_hash(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def pledge_of(contest: Contest) -> Pledge:
    section = merged(contest.settings).get("pledge") or {}
    text = section.get("text") or DEFAULT_TEXT
    return Pledge(enabled=bool(section.get("enabled")), text=text)


def save(contest: Contest, *, enabled: bool, text: str, actor: str) -> bool:
    """Store the setting and text; whether anything changed. Refused: empty or too long."""
    text = "\n".join(line.rstrip() for line in text.replace("\r\n", "\n").strip().split("\n"))
    if not text:
        raise PledgeRefused(_("承诺书内容不能为空；如不需要承诺书，请取消勾选“启用”"))
    if len(text) > MAX_TEXT:
        raise PledgeRefused(_("承诺书内容过长（最多 %(n)s 字），请精简后再保存", n=MAX_TEXT))
    before = pledge_of(contest)
    if before.enabled == enabled and before.text == text:
        return False
    settings = copy.deepcopy(contest.settings or {})
    settings["pledge"] = {"enabled": enabled, "text": "" if text == DEFAULT_TEXT else text}
    contest.settings = settings
    from contest.live import feed

    for venue in contest.venues:  # open phones refresh and turn to the pledge (or back)
        feed.bump(venue.id)
    audit.record(
        "pledge.updated",
        actor=actor,
        subject=f"contest:{contest.id}",
        contest_id=contest.id,
        data={"enabled": enabled, "text_sha256": text_hash(text)},
    )
    return True


def accepted(judge: Judge, pledge: Pledge) -> PledgeAcceptance | None:
    return db.session.scalar(
        sa.select(PledgeAcceptance).where(
            PledgeAcceptance.judge_id == judge.id, PledgeAcceptance.text_sha256 == pledge.sha256
        )
    )


def pending(judge: Judge) -> Pledge | None:
    """The pledge this judge must still accept before scoring, or None."""
    pledge = pledge_of(judge.contest)
    if not pledge.enabled or accepted(judge, pledge) is not None:
        return None
    return pledge


def has_accepted_any(judge: Judge) -> bool:
    return (
        db.session.scalar(
            sa.select(PledgeAcceptance.id).where(PledgeAcceptance.judge_id == judge.id).limit(1)
        )
        is not None
    )


def _where() -> tuple[str, str]:
    try:
        return (request.headers.get("User-Agent") or "")[:200], (request.remote_addr or "")[:64]
    except RuntimeError:  # outside a request
        return "", ""


def accept(judge: Judge, *, sha256: str) -> PledgeAcceptance:
    """The judge accepts the text they were shown (its hash): refused if it changed since."""
    pledge = pledge_of(judge.contest)
    if not pledge.enabled:
        raise PledgeRefused(_("本场比赛未启用评审承诺书，可直接评分"))
    if sha256 != pledge.sha256:
        raise PledgeRefused(_("承诺书内容已更新，请重新阅读后再确认"))
    existing = accepted(judge, pledge)
    if existing is not None:
        return existing
    device, address = _where()
    row = PledgeAcceptance(
        contest_id=judge.contest_id,
        judge_id=judge.id,
        text_sha256=pledge.sha256,
        text=pledge.text,
        device=device,
        address=address,
    )
    db.session.add(row)
    db.session.flush()
    audit.record(
        "pledge.accepted",
        actor=f"judge:{judge.id}",
        subject=f"judge:{judge.id}",
        contest_id=judge.contest_id,
        data={"text_sha256": pledge.sha256, "device": device},
    )
    return row


@dataclass(frozen=True)
class Row:
    judge: Judge
    acceptance: PledgeAcceptance | None  # of the current text


def roster(contest: Contest) -> list[Row]:
    """Every judge of the contest, by venue and number, with their acceptance of the text."""
    pledge = pledge_of(contest)
    judges = db.session.scalars(
        sa.select(Judge)
        .where(Judge.contest_id == contest.id)
        .options(so.joinedload(Judge.venue))
        .order_by(Judge.venue_id, Judge.number)
    ).all()
    found = {
        row.judge_id: row
        for row in db.session.scalars(
            sa.select(PledgeAcceptance).where(
                PledgeAcceptance.contest_id == contest.id,
                PledgeAcceptance.text_sha256 == pledge.sha256,
            )
        )
    }
    return [Row(judge, found.get(judge.id)) for judge in judges]


def history(contest: Contest) -> list[PledgeAcceptance]:
    """Every acceptance, of every text, oldest first (the export)."""
    return list(
        db.session.scalars(
            sa.select(PledgeAcceptance)
            .where(PledgeAcceptance.contest_id == contest.id)
            .order_by(PledgeAcceptance.accepted_at, PledgeAcceptance.id)
        )
    )


HEADERS = ("分会场", "评委编号", "姓名", "工作单位", "接受时间（北京时间）", "承诺书版本", "设备")


def workbook(contest: Contest) -> bytes:
    """评审承诺书签署记录: every acceptance, with the text of each version on its own sheet."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font

    from contest.exports.safety import display_width, put

    book = Workbook()
    sheet = book.active
    sheet.title = "签署记录"
    put(sheet, 1, 1, f"{contest.name} 评审承诺书签署记录").font = Font(bold=True, size=14)
    for column, header in enumerate(HEADERS, 1):
        put(sheet, 3, column, header).font = Font(bold=True)
    judges = {
        j.id: j for j in db.session.scalars(sa.select(Judge).where(Judge.contest_id == contest.id))
    }
    texts: dict[str, str] = {}
    rows = []
    for acceptance in history(contest):
        judge = judges[acceptance.judge_id]
        texts.setdefault(acceptance.text_sha256, acceptance.text)
        rows.append(
            (
                judge.venue.name if judge.venue else "",
                judge.label,
                judge.name,
                judge.employer,
                shown_time(acceptance.accepted_at),
                acceptance.text_sha256[:12],
                acceptance.device,
            )
        )
    for r, values in enumerate(rows, 4):
        for column, value in enumerate(values, 1):
            put(sheet, r, column, value)
    for column in range(1, len(HEADERS) + 1):
        longest = max(display_width(str(v[column - 1])) for v in [HEADERS, *rows])
        sheet.column_dimensions[chr(64 + column)].width = min(max(8, longest + 2), 40)
    versions = book.create_sheet("承诺书文本")
    put(versions, 1, 1, "版本").font = Font(bold=True)
    put(versions, 1, 2, "文本").font = Font(bold=True)
    for r, (sha, text) in enumerate(texts.items(), 2):
        put(versions, r, 1, sha[:12])
        put(versions, r, 2, text).alignment = Alignment(wrap_text=True, vertical="top")
    versions.column_dimensions["B"].width = 80
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
