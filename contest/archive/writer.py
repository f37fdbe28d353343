"""A ZIP whose every file is listed in manifest.json with its size and SHA-256.

Written to a temporary file entry by entry, so memory holds one entry (or one chunk of a
stored file) at a time, never the archive.
"""

from __future__ import annotations

import hashlib
import json
import tempfile
import zipfile
from pathlib import Path
from typing import Any, BinaryIO

MANIFEST = "manifest.json"
CHUNK = 1024 * 1024


def safe_part(text: str) -> str:
    """A name as one path part: exactly as written, only path separators made full-width."""
    cleaned = text.replace("/", "／").replace("\\", "＼").replace("\x00", "").strip()
    return cleaned.lstrip(".") or "_"


class ManifestZip:
    """Add files by path; `finish` writes the manifest and hands back the temp file's path."""

    def __init__(self, folder: Path | None = None) -> None:
        handle, name = tempfile.mkstemp(suffix=".zip", dir=folder)
        self.path = Path(name)
        self._file = open(handle, "wb")  # noqa: SIM115  (closed in finish)
        self._zip = zipfile.ZipFile(self._file, "w", compression=zipfile.ZIP_DEFLATED)
        self.files: list[dict[str, Any]] = []
        self._seen: set[str] = set()

    def _claim(self, path: str) -> str:
        if path in self._seen or path == MANIFEST:
            raise ValueError(f"duplicate path in archive: {path}")
        self._seen.add(path)
        return path

    def add(self, path: str, data: bytes) -> None:
        """One entry from bytes in memory (a JSON, a sheet, a rendered PDF)."""
        self._claim(path)
        self._zip.writestr(path, data)
        self.files.append(
            {"path": path, "size": len(data), "sha256": hashlib.sha256(data).hexdigest()}
        )

    def add_stream(self, path: str, source: BinaryIO) -> None:
        """One entry copied from an open file in chunks (a stored attachment)."""
        self._claim(path)
        digest, size = hashlib.sha256(), 0
        with self._zip.open(path, "w", force_zip64=True) as target:
            while chunk := source.read(CHUNK):
                digest.update(chunk)
                size += len(chunk)
                target.write(chunk)
        self.files.append({"path": path, "size": size, "sha256": digest.hexdigest()})

    def finish(self, meta: dict[str, Any]) -> Path:
        """Write manifest.json (the metadata and every file's size and checksum) and close."""
        manifest = {**meta, "files": self.files}
        self._zip.writestr(MANIFEST, json.dumps(manifest, ensure_ascii=False, indent=1))
        self._zip.close()
        self._file.close()
        return self.path

    def abandon(self) -> None:
        """Close and remove a half-written archive (a section failed)."""
        try:
            self._zip.close()
        finally:
            self._file.close()
            self.path.unlink(missing_ok=True)


def to_json(value: Any) -> bytes:
    """UTF-8 JSON for an archive entry: Chinese as is, keys sorted, dates and decimals as text."""
    return json.dumps(value, ensure_ascii=False, indent=1, sort_keys=True, default=str).encode()
