"""Uploads kept between the preview and 确认导入: the same bytes, person, contest and kind.

Each upload is two files in the instance folder, `imports/pending/<token>.data` and
`<token>.json` (who, which contest and kind, the file's name, its SHA-256, the preview's
digest, when). They expire after an hour; a token is never accepted for anyone else.
"""

from __future__ import annotations

import hashlib
import json
import re
import secrets
import time
from dataclasses import dataclass
from pathlib import Path

from flask_babel import gettext as _

KEEP_SECONDS = 3600
_TOKEN = re.compile(r"^[A-Za-z0-9_-]{32}$")


@dataclass(frozen=True)
class Pending:
    """An upload waiting for 确认导入."""

    token: str
    data: bytes
    filename: str
    digest: str  # the preview staff saw


class PendingRefused(Exception):
    """The token names no upload this person may confirm; the message says what to do."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


def folder_of(instance_path: str) -> Path:
    """Where pending uploads live, under the instance folder."""
    return Path(instance_path) / "imports" / "pending"


def _sweep(folder: Path, now: float) -> None:
    for path in folder.glob("*.json"):
        try:
            created = json.loads(path.read_text())["created"]
        except (OSError, ValueError, KeyError):
            created = 0
        if now - created > KEEP_SECONDS:
            drop(folder=folder, token=path.stem)


def keep(
    *,
    folder: Path,
    data: bytes,
    filename: str,
    kind: str,
    contest_id: int,
    staff_id: int,
    digest: str,
    now: float | None = None,
) -> str:
    """Keep an upload for its confirmation; returns the token that names it."""
    now = time.time() if now is None else now
    folder.mkdir(parents=True, exist_ok=True)
    _sweep(folder, now)
    token = secrets.token_urlsafe(24)
    meta = {
        "staff": staff_id,
        "contest": contest_id,
        "kind": kind,
        "file": filename,
        "sha256": hashlib.sha256(data).hexdigest(),
        "digest": digest,
        "created": now,
    }
    (folder / f"{token}.data").write_bytes(data)
    (folder / f"{token}.json").write_text(json.dumps(meta, ensure_ascii=False))
    return token


def load(
    *,
    folder: Path,
    token: str,
    kind: str,
    contest_id: int,
    staff_id: int,
    now: float | None = None,
) -> Pending:
    """The kept upload, or PendingRefused: unknown, expired, altered, or someone else's."""
    now = time.time() if now is None else now
    gone = _("这份预览已失效（可能已确认或已取消），请重新上传文件")
    if not _TOKEN.match(token):
        raise PendingRefused(gone)
    meta_path, data_path = folder / f"{token}.json", folder / f"{token}.data"
    try:
        meta = json.loads(meta_path.read_text())
        data = data_path.read_bytes()
    except (OSError, ValueError) as error:
        raise PendingRefused(gone) from error
    if (meta["staff"], meta["contest"], meta["kind"]) != (staff_id, contest_id, kind):
        raise PendingRefused(_("这份预览不是您在本页上传的，不能确认；请自己上传文件"))
    if now - meta["created"] > KEEP_SECONDS:
        drop(folder=folder, token=token)
        raise PendingRefused(_("预览已超过 1 小时，已失效；请重新上传文件"))
    if hashlib.sha256(data).hexdigest() != meta["sha256"]:
        raise PendingRefused(_("保存的文件与预览时不同，不能确认；请重新上传文件"))
    return Pending(token, data, meta["file"], meta["digest"])


def drop(*, folder: Path, token: str) -> None:
    """Forget an upload (confirmed, cancelled or expired)."""
    if _TOKEN.match(token):
        for suffix in (".data", ".json"):
            (folder / f"{token}{suffix}").unlink(missing_ok=True)
