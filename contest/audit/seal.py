"""The audit log's seal: an HMAC of each entry's hash with a key kept apart from the database.

The hash chain shows an entry was changed, unless whoever changed it rewrote every hash
after it (they can: the hash needs no secret). With CONTEST_AUDIT_KEY_FILE set, each new
entry also carries `seal` = HMAC-SHA256(key, hash); someone who can write the database but
not read the key file cannot make a seal, so a rewritten log fails `verify-audit` at its
first rewritten entry. Entries written before the key was set have no seal; once one entry
is sealed, every later one must be.
"""

from __future__ import annotations

import hashlib
import hmac
import os
import secrets
from pathlib import Path

from flask import current_app

KEY_BYTES = 32


class KeyUnavailable(RuntimeError):
    """CONTEST_AUDIT_KEY_FILE names a file that cannot be read as a key."""


def load_key(path: str) -> bytes:
    """The key in the file at `path` (hex, as make-audit-key writes it)."""
    try:
        text = Path(path).read_text(encoding="ascii").strip()
        key = bytes.fromhex(text)
    except (OSError, ValueError, UnicodeDecodeError) as error:
        raise KeyUnavailable(
            f"无法读取审计日志密钥文件 {path}（CONTEST_AUDIT_KEY_FILE）：{error}。"
            "请检查路径和权限；如需新建，运行 flask --app contest make-audit-key 路径"
        ) from error
    if len(key) < 16:
        raise KeyUnavailable(f"审计日志密钥文件 {path} 中的密钥太短（至少 16 字节）")
    return key


def make_key_file(path: str) -> None:
    """A new random key, readable by its owner only; an existing file is never replaced."""
    descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(descriptor, "w", encoding="ascii") as out:
        out.write(secrets.token_hex(KEY_BYTES) + "\n")


def key() -> bytes | None:
    return current_app.config.get("CONTEST_AUDIT_KEY")


def seal(entry_hash: str, with_key: bytes | None = None) -> str | None:
    """The entry's seal, or None when no key is set."""
    chosen = with_key if with_key is not None else key()
    if chosen is None:
        return None
    return hmac.new(chosen, entry_hash.encode("ascii"), hashlib.sha256).hexdigest()


def matches(entry_hash: str, stored: str, with_key: bytes) -> bool:
    return hmac.compare_digest(seal(entry_hash, with_key) or "", stored)
