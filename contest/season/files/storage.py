"""Applicants' files kept by the SHA-256 of their content, never by a name anyone chose.

`<root>/<aa>/<bb>/<sha256>`: the first two pairs of hex digits fan the files out so no folder
holds more than a few hundred. The hash is the only key, so the same bytes uploaded twice
(by one team re-uploading, or by two teams sharing a template) are stored once, and a stored
file can never be overwritten with other content. Nothing here knows who may read a file:
the caller (a route) looks the hash up on a row it has authorised the user to see, then serves
it with `flask.send_file(storage.open(sha256), download_name=<the original name>)`. Files are
never under a static folder or any URL made from the hash.
"""

from __future__ import annotations

import hashlib
import os
import re
import tempfile
from pathlib import Path
from typing import BinaryIO, Protocol

_SHA256 = re.compile(r"[0-9a-f]{64}")


class Storage(Protocol):
    """Where uploaded files live; LocalStorage on disk, another backend later if needed."""

    def put(self, data: bytes) -> str: ...

    def open(self, sha256: str) -> BinaryIO: ...

    def exists(self, sha256: str) -> bool: ...

    def size(self, sha256: str) -> int: ...

    def path(self, sha256: str) -> Path: ...


def checked(sha256: str) -> str:
    """The hash itself if it is 64 lowercase hex digits; anything else could name another path."""
    if not isinstance(sha256, str) or not _SHA256.fullmatch(sha256):
        raise ValueError(f"not a SHA-256 hex digest: {sha256!r}")
    return sha256


class LocalStorage:
    """Files under one folder on this machine, written atomically."""

    def __init__(self, root: Path) -> None:
        self.root = Path(root)

    def path(self, sha256: str) -> Path:
        checked(sha256)
        return self.root / sha256[:2] / sha256[2:4] / sha256

    def put(self, data: bytes) -> str:
        """Store the bytes and return their SHA-256; the same content again writes nothing."""
        sha256 = hashlib.sha256(data).hexdigest()
        target = self.path(sha256)
        if target.exists():
            return sha256
        target.parent.mkdir(parents=True, exist_ok=True)
        # A reader never sees half a file: the bytes go to a temporary name in the same folder
        # (same file system), reach the disk, then take the final name in one rename. Two
        # writers of the same content both rename a complete copy; the last one wins, unseen.
        handle, temporary = tempfile.mkstemp(dir=target.parent, prefix=".part-")
        try:
            with os.fdopen(handle, "wb") as file:
                file.write(data)
                file.flush()
                os.fsync(file.fileno())
            os.replace(temporary, target)
        except BaseException:
            Path(temporary).unlink(missing_ok=True)
            raise
        _sync_folder(target.parent)
        return sha256

    def open(self, sha256: str) -> BinaryIO:
        return self.path(sha256).open("rb")

    def exists(self, sha256: str) -> bool:
        return self.path(sha256).is_file()

    def size(self, sha256: str) -> int:
        return self.path(sha256).stat().st_size


def _sync_folder(folder: Path) -> None:
    """Make the rename itself survive a power cut, not only the file's bytes."""
    try:
        descriptor = os.open(folder, os.O_RDONLY)
    except OSError:  # a platform without directory handles: the rename is still atomic
        return
    try:
        os.fsync(descriptor)
    except OSError:
        pass
    finally:
        os.close(descriptor)
