"""The season's stored files beside a database backup: `<backup>.files/`, by SHA-256.

The JSON backup holds every row, the attachments' rows included; the files themselves (up
to gigabytes) go beside it, in the same layout as the store, each checked against its name
(its SHA-256) when copied either way. Only files the rows name are copied.
"""

from __future__ import annotations

import hashlib
import shutil
from pathlib import Path

from contest.extensions import db
from contest.season.files.storage import LocalStorage
from contest.season.models import ApplicationFile


def folder_for(backup: Path) -> Path:
    return backup.with_name(backup.name + ".files")


def _named() -> list[str]:
    return sorted({row.sha256 for row in db.session.query(ApplicationFile.sha256)})


def copy_out(store: LocalStorage, backup: Path) -> tuple[int, list[str]]:
    """Copy every named file beside the backup; (copied, the names missing from the store)."""
    target = LocalStorage(folder_for(backup))
    copied, missing = 0, []
    for sha256 in _named():
        if not store.exists(sha256):
            missing.append(sha256)
            continue
        if not target.exists(sha256):
            target.path(sha256).parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(store.path(sha256), target.path(sha256))
        copied += 1
    return copied, missing


def copy_in(store: LocalStorage, backup: Path) -> tuple[int, list[str]]:
    """Bring the files beside a backup into the store, each checked; (copied, missing)."""
    source = LocalStorage(folder_for(backup))
    copied, missing = 0, []
    for sha256 in _named():
        if not source.exists(sha256):
            missing.append(sha256)
            continue
        data = source.path(sha256).read_bytes()
        if hashlib.sha256(data).hexdigest() != sha256:
            missing.append(sha256)  # changed since the backup: not trusted
            continue
        store.put(data)
        copied += 1
    return copied, missing
