"""异议: filed by anyone during the 公示 with their real name; a number and a secret code as
the receipt; handled by staff 受理 → 核查 → 答复 against a deadline in working days."""

from __future__ import annotations

import hashlib
import hmac
import re
import secrets
from pathlib import Path

import sqlalchemy as sa
from flask import current_app
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from contest import audit, offload
from contest.extensions import db
from contest.models import StaffRole, StaffUser
from contest.models.types import utcnow
from contest.publicity import notice as notices
from contest.publicity import workdays
from contest.publicity.calendar import PublicityRefused, calendar, today
from contest.publicity.models import Objection, ObjectionStatus
from contest.season.files import checks
from contest.season.files.storage import LocalStorage
from contest.season.models import Season

ANSWER_DAYS = 10  # working days from 受理 to 答复
MAX_BYTES = 5 * 1024 * 1024
MAX_PAGES = 20
CHECK_SECONDS = 20
CHECK_MEMORY = 512 * 1024 * 1024
# Letters and digits no one confuses when copying a code by hand (no 0/O, 1/I/L).
ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
CODE_LENGTH = 12
_PHONE = re.compile(r"[0-9+\- ]{7,20}")

LABELS = {
    ObjectionStatus.RECEIVED: _l("已收到，待受理"),
    ObjectionStatus.ACCEPTED: _l("已受理"),
    ObjectionStatus.CHECKING: _l("核查中"),
    ObjectionStatus.ANSWERED: _l("已答复"),
}


def storage() -> LocalStorage:
    return LocalStorage(Path(current_app.instance_path) / "publicity-files")


def _hash(code: str) -> str:
    return hashlib.sha256(code.encode()).hexdigest()


def _new_code() -> str:
    raw = "".join(secrets.choice(ALPHABET) for _ in range(CODE_LENGTH))
    return "-".join(raw[i : i + 4] for i in range(0, CODE_LENGTH, 4))


def normal_code(text: str) -> str:
    """What people type back, in the printed form (upper case, dashes every four)."""
    raw = re.sub(r"[^0-9A-Za-z]", "", text or "").upper()[:CODE_LENGTH]
    return "-".join(raw[i : i + 4] for i in range(0, len(raw), 4))


def _attachment(data: bytes, filename: str) -> dict:
    name = Path(filename or "").name.strip()[:200] or "attachment.pdf"
    try:
        facts = offload.in_process(
            checks.check_pdf,
            data,
            filename=name,
            max_bytes=MAX_BYTES,
            max_pages=MAX_PAGES,
            timeout=CHECK_SECONDS,
            memory=CHECK_MEMORY,
        )
    except checks.Refused as refused:
        raise PublicityRefused(refused.message) from None
    except (offload.OffloadError, MemoryError, TimeoutError):
        raise PublicityRefused(
            _("「%(name)s」无法在限定时间内读取，文件可能已损坏；请重新导出后上传", name=name)
        ) from None
    sha256 = storage().put(data)
    return {"name": name, "size": len(data), "sha256": sha256, "pages": facts.pages}


def _required(value: str, label: str, most: int) -> str:
    value = (value or "").strip()
    if not value:
        raise PublicityRefused(_("请填写%(label)s", label=label))
    if len(value) > most:
        raise PublicityRefused(_("%(label)s不能超过 %(most)s 字", label=label, most=most))
    return value


def file(
    *,
    season: Season,
    name: str,
    unit: str,
    phone: str,
    subject: str,
    grounds: str,
    upload: tuple[bytes, str] | None,
) -> tuple[Objection, str]:
    """Record an objection; returns it and its secret code (shown once, never stored)."""
    notice = notices.of(season.id)
    if notice is None or notices.period(notice).phase != "open":
        raise PublicityRefused(_("当前不在公示期内，不受理异议；如有疑问请联系上海市质量协会"))
    name = _required(name, _("真实姓名"), 50)
    unit = _required(unit, _("工作单位"), 200)
    phone = _required(phone, _("联系电话"), 30)
    if not _PHONE.fullmatch(phone):
        raise PublicityRefused(_("联系电话请填写数字（可含区号和“-”），以便核实身份"))
    grounds = _required(grounds, _("异议内容和理由"), 3000)
    attachment = _attachment(*upload) if upload and upload[0] else None
    sequence = (
        db.session.scalar(
            sa.select(sa.func.max(Objection.sequence)).where(Objection.season_id == season.id)
        )
        or 0
    ) + 1
    code = _new_code()
    row = Objection(
        season_id=season.id,
        sequence=sequence,
        number=f"YY-{season.year}-{sequence:03d}",
        code_hash=_hash(code),
        name=name,
        unit=unit,
        phone=phone,
        subject=(subject or "").strip()[:300],
        grounds=grounds,
        attachment=attachment,
    )
    db.session.add(row)
    db.session.flush()
    audit.record(
        "publicity.objection_filed",
        actor="public",
        subject=f"objection:{row.number}",
        data={"attachment": bool(attachment)},  # no name or phone in the log
    )
    return row, code


def lookup(number: str, code: str) -> Objection | None:
    """The objection with this number, only if the code matches (else None, as unknown)."""
    number = (number or "").strip().upper()[:20]
    row = db.session.scalar(sa.select(Objection).where(Objection.number == number))
    given = _hash(normal_code(code))
    if row is None:
        hmac.compare_digest(given, given)  # the same work whether or not the number exists
        return None
    return row if hmac.compare_digest(row.code_hash, given) else None


def handlers() -> list[StaffUser]:
    return list(
        db.session.scalars(
            sa.select(StaffUser)
            .where(StaffUser.role == StaffRole.ADMIN, StaffUser.active)
            .order_by(StaffUser.username)
        )
    )


def _get(objection_id: int) -> Objection:
    row = db.session.get(Objection, objection_id)
    if row is None:
        raise PublicityRefused(_("未找到该异议；请刷新页面"))
    return row


def _audit(row: Objection, action: str, staff_id: int, **data) -> None:
    audit.record(action, actor=f"staff:{staff_id}", subject=f"objection:{row.number}", data=data)


def accept(*, objection_id: int, handler_id: int, staff_id: int) -> Objection:
    """受理: a handler and a deadline of ANSWER_DAYS working days from today."""
    row = _get(objection_id)
    if row.status is not ObjectionStatus.RECEIVED:
        raise PublicityRefused(_("该异议已受理，无需重复受理"))
    handler = db.session.get(StaffUser, handler_id)
    if handler is None or handler.role is not StaffRole.ADMIN or not handler.active:
        raise PublicityRefused(_("请选择一名秘书处工作人员作为承办人"))
    row.status = ObjectionStatus.ACCEPTED
    row.handler_id = handler.id
    row.accepted_on = today()
    row.due_on = workdays.add_workdays(row.accepted_on, ANSWER_DAYS, calendar())
    _audit(
        row,
        "publicity.objection_accepted",
        staff_id,
        handler=handler.username,
        due_on=row.due_on.isoformat(),
    )
    return row


def start_check(*, objection_id: int, notes: str, staff_id: int) -> Objection:
    """核查: what is being checked, recorded in the notes."""
    row = _get(objection_id)
    if row.status is not ObjectionStatus.ACCEPTED:
        raise PublicityRefused(_("只有已受理的异议才能开始核查"))
    notes = _required(notes, _("核查记录"), 3000)
    row.status = ObjectionStatus.CHECKING
    row.notes = notes
    _audit(row, "publicity.objection_checking", staff_id, notes=notes)
    return row


def answer(*, objection_id: int, decision: str, staff_id: int) -> Objection:
    """答复: the decision, which closes the objection."""
    row = _get(objection_id)
    if row.status is not ObjectionStatus.CHECKING:
        raise PublicityRefused(_("请先完成核查，再作出答复"))
    row.decision = _required(decision, _("答复意见"), 3000)
    row.status = ObjectionStatus.ANSWERED
    row.answered_at = utcnow()
    _audit(row, "publicity.objection_answered", staff_id, decision=row.decision)
    return row


def of_season(season_id: int) -> list[Objection]:
    return list(
        db.session.scalars(
            sa.select(Objection)
            .where(Objection.season_id == season_id)
            .order_by(Objection.sequence)
        )
    )
