"""Write and verify the audit log. Every state change goes through `record`."""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from datetime import UTC
from typing import Any

import sqlalchemy as sa

from contest.audit import seal as sealing
from contest.extensions import db
from contest.models import AuditEntry, utcnow

GENESIS = "0" * 64
# Any constant works; it only has to be the same for every writer of the chain.
_CHAIN_LOCK = 7_302_020


def _digest(entry: AuditEntry) -> str:
    body = json.dumps(
        {
            "prev": entry.prev_hash,
            "at": entry.at.astimezone(UTC).isoformat(),
            "contest": entry.contest_id,
            "actor": entry.actor,
            "action": entry.action,
            "subject": entry.subject,
            "data": entry.data,
        },
        ensure_ascii=False,
        sort_keys=True,
        separators=(",", ":"),
        default=str,
    )
    return hashlib.sha256(body.encode("utf-8")).hexdigest()


def record(
    action: str,
    *,
    actor: str,
    subject: str = "",
    data: dict[str, Any] | None = None,
    contest_id: int | None = None,
) -> AuditEntry:
    """Append one entry, chained to the last; committed with the caller's transaction."""
    session = db.session
    if session.get_bind().dialect.name == "postgresql":
        # Serialise writers of the chain until commit, so two never share a predecessor.
        session.execute(sa.text("SELECT pg_advisory_xact_lock(:k)"), {"k": _CHAIN_LOCK})
    last = session.scalar(sa.select(AuditEntry.hash).order_by(AuditEntry.id.desc()).limit(1))
    entry = AuditEntry(
        contest_id=contest_id,
        at=utcnow(),
        actor=actor,
        action=action,
        subject=subject,
        data=_jsonable(data or {}),
        prev_hash=last or GENESIS,
    )
    entry.hash = _digest(entry)
    entry.seal = sealing.seal(entry.hash)
    session.add(entry)
    session.flush()
    return entry


def _jsonable(data: dict[str, Any]) -> dict[str, Any]:
    # Decimals and dates become strings, exactly as written, so the hash is stable.
    return json.loads(json.dumps(data, ensure_ascii=False, default=str))


@dataclass(frozen=True)
class ChainReport:
    entries: int
    first_bad_id: int | None
    sealed: int = 0  # entries whose seal was checked against the key (0 without a key)
    bad_seal: bool = False  # the first bad entry's hashes chain, but its seal does not match

    @property
    def ok(self) -> bool:
        return self.first_bad_id is None


def verify_chain() -> ChainReport:
    """Recompute every hash in order, and with a key every seal; report the first bad entry.

    With a key set, an entry must carry a matching seal from the first sealed entry on.
    """
    key = sealing.key()
    prev = GENESIS
    count = sealed = 0
    for entry in db.session.scalars(sa.select(AuditEntry).order_by(AuditEntry.id)):
        count += 1
        if entry.prev_hash != prev or _digest(entry) != entry.hash:
            return ChainReport(count, entry.id, sealed)
        if key is not None and (entry.seal is not None or sealed):
            if entry.seal is None or not sealing.matches(entry.hash, entry.seal, key):
                return ChainReport(count, entry.id, sealed, bad_seal=True)
            sealed += 1
        prev = entry.hash
    return ChainReport(count, None, sealed)


def head() -> tuple[int, str]:
    """How many entries the log holds, and the last one's hash (GENESIS when empty)."""
    count = db.session.scalar(sa.select(sa.func.count()).select_from(AuditEntry)) or 0
    last = db.session.scalar(sa.select(AuditEntry.hash).order_by(AuditEntry.id.desc()).limit(1))
    return count, last or GENESIS


HEAD_CHARS = 16  # of the hash, on paper: enough to tell, short enough to read out


def head_line() -> str:
    """The log's head for a paper, with the command that checks it later."""
    from flask_babel import gettext as _

    count, last = head()
    short = last[:HEAD_CHARS]
    return _(
        "审计日志：截至导出共 %(n)s 条记录，末条校验码 %(hash)s"
        "（日后核对：flask --app contest verify-audit --head %(n)s:%(hash)s）",
        n=count,
        hash=short,
    )


def check_head(count: int, prefix: str) -> bool:
    """Whether entry number `count` (in order) still has a hash starting with `prefix`."""
    if count < 1 or not prefix:
        return False
    found = db.session.scalar(
        sa.select(AuditEntry.hash).order_by(AuditEntry.id).offset(count - 1).limit(1)
    )
    return found is not None and found.startswith(prefix.lower())
