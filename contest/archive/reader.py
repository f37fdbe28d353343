"""Open an archive for reading: refuse a hostile ZIP before it costs memory, verify every
file against manifest.json, and show a JSON or xlsx entry as a table.

Limits are checked on the ZIP's central directory first (count, names, declared sizes and
ratios), then each entry is read in chunks and stopped at its declared size, so a lying
header cannot make a reader inflate more than it said.
"""

from __future__ import annotations

import hashlib
import json
import zipfile
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import Any

from flask_babel import gettext as _

from contest.archive import labels
from contest.archive.writer import CHUNK, MANIFEST

MAX_FILES = 20_000
MAX_TOTAL = 4 * 1024**3  # inflated bytes, all entries
MAX_ENTRY = 512 * 1024**2
MAX_RATIO = 200  # inflated / compressed, for entries past RATIO_FLOOR
RATIO_FLOOR = 1024 * 1024
MAX_MANIFEST = 32 * 1024**2
MAX_SHOWN = 8 * 1024**2  # a JSON or xlsx entry rendered as a table
MAX_ROWS = 500


class ArchiveRefused(Exception):
    """The archive is not opened; `.message` says why in Chinese and what to do."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


@dataclass
class Opened:
    """An archive checked: its manifest and the result of every checksum."""

    path: Path
    manifest: dict[str, Any]
    entries: list[dict[str, Any]]  # path, size, sha256, ok
    failed: list[str] = field(default_factory=list)  # paths whose checksum or size differ
    missing: list[str] = field(default_factory=list)  # in the manifest, not in the ZIP
    extra: list[str] = field(default_factory=list)  # in the ZIP, not in the manifest

    @property
    def ok(self) -> bool:
        return not (self.failed or self.missing or self.extra)


def _safe_name(name: str) -> bool:
    path = PurePosixPath(name)
    return (
        bool(name)
        and "\\" not in name
        and "\x00" not in name
        and not path.is_absolute()
        and ".." not in path.parts
        and not (len(name) > 1 and name[1] == ":")
    )


def screen(book: zipfile.ZipFile) -> list[zipfile.ZipInfo]:
    """The entries, after the directory's checks; hostile archives refused in words."""
    infos = book.infolist()
    if len(infos) > MAX_FILES:
        raise ArchiveRefused(
            _(
                "压缩包内文件过多（%(n)s 个，上限 %(max)s 个），不予打开；请确认是本系统生成的归档",
                n=len(infos),
                max=MAX_FILES,
            )
        )
    total = 0
    for info in infos:
        if not _safe_name(info.filename):
            raise ArchiveRefused(
                _(
                    "压缩包内含不安全的路径「%(name)s」，不予打开；请确认是本系统生成的归档",
                    name=info.filename[:80],
                )
            )
        if info.flag_bits & 0x1:
            raise ArchiveRefused(_("压缩包已加密，不予打开；请提供本系统生成的未加密归档"))
        ratio = info.file_size / max(info.compress_size, 1)
        if info.file_size > MAX_ENTRY or (info.file_size > RATIO_FLOOR and ratio > MAX_RATIO):
            raise ArchiveRefused(
                _(
                    "压缩包内「%(name)s」解压后过大（疑似压缩炸弹），不予打开；请确认是本系统生成的归档",
                    name=info.filename[:80],
                )
            )
        total += info.file_size
    if total > MAX_TOTAL:
        raise ArchiveRefused(_("压缩包解压后总量过大，不予打开；请确认是本系统生成的归档"))
    return infos


def _stream(book: zipfile.ZipFile, info: zipfile.ZipInfo):
    """The entry's bytes in chunks, never more than its declared size."""
    left = info.file_size
    with book.open(info) as source:
        while True:
            chunk = source.read(min(CHUNK, left + 1))
            if not chunk:
                return
            left -= len(chunk)
            if left < 0:
                raise ArchiveRefused(
                    _("压缩包内「%(name)s」实际内容超过声明大小，不予打开", name=info.filename[:80])
                )
            yield chunk


def read_entry(book: zipfile.ZipFile, info: zipfile.ZipInfo, limit: int) -> bytes:
    if info.file_size > limit:
        raise ArchiveRefused(
            _(
                "「%(name)s」过大，不在页面上显示；请下载归档后用办公软件打开",
                name=info.filename[:80],
            )
        )
    return b"".join(_stream(book, info))


def open_archive(path: Path) -> Opened:
    """Check the ZIP and every checksum in its manifest."""
    try:
        book = zipfile.ZipFile(path)
    except (zipfile.BadZipFile, OSError):
        raise ArchiveRefused(_("文件不是有效的 ZIP 压缩包；请选择本系统生成的归档文件")) from None
    with book:
        infos = {info.filename: info for info in screen(book) if not info.is_dir()}
        if MANIFEST not in infos:
            raise ArchiveRefused(_("压缩包内没有 manifest.json，不是本系统生成的归档"))
        try:
            manifest = json.loads(read_entry(book, infos[MANIFEST], MAX_MANIFEST))
            listed = manifest["files"]
            assert isinstance(listed, list)
        except (ValueError, KeyError, TypeError, AssertionError):
            raise ArchiveRefused(_("manifest.json 无法读取，归档可能已损坏")) from None
        opened = Opened(path, manifest, [])
        named = set()
        for item in listed:
            name = str(item.get("path", "")) if isinstance(item, dict) else ""
            named.add(name)
            info = infos.get(name)
            if info is None:
                opened.missing.append(name)
                opened.entries.append({"path": name, "size": None, "sha256": "", "ok": False})
                continue
            digest, size = hashlib.sha256(), 0
            try:
                for chunk in _stream(book, info):
                    digest.update(chunk)
                    size += len(chunk)
                good = digest.hexdigest() == item.get("sha256") and size == item.get("size")
            except (zipfile.BadZipFile, OSError, EOFError, ArchiveRefused):
                good = False  # a damaged entry (bad CRC): reported as failing, not a 500
            if not good:
                opened.failed.append(name)
            opened.entries.append(
                {"path": name, "size": size, "sha256": item.get("sha256", ""), "ok": good}
            )
        opened.extra = sorted(set(infos) - named - {MANIFEST})
    return opened


def table(path: Path, name: str) -> list[tuple[str, list[str], list[list[str]]]]:
    """An entry as tables: (title, header, rows) per sheet of an xlsx or per JSON list."""
    with zipfile.ZipFile(path) as book:
        infos = {info.filename: info for info in screen(book)}
        info = infos.get(name)
        if info is None:
            raise ArchiveRefused(_("归档中没有「%(name)s」", name=name[:80]))
        data = read_entry(book, info, MAX_SHOWN)
    if name.endswith(".json"):
        return _json_tables(name, json.loads(data))
    if name.endswith(".xlsx"):
        return _xlsx_tables(data)
    raise ArchiveRefused(_("只能在页面上显示 JSON 和 xlsx 文件；其他文件请下载归档后查看"))


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, dict | list):
        return json.dumps(value, ensure_ascii=False, sort_keys=True)
    return str(value)


def _records(title: str, value: Any) -> tuple[str, list[str], list[list[str]]]:
    if isinstance(value, list) and all(isinstance(v, dict) for v in value):
        header: list[str] = []
        for record in value:
            header += [k for k in record if k not in header]
        body = [[_text(r.get(k)) for k in header] for r in value[:MAX_ROWS]]
        return labels.title(title), [labels.header(k) for k in header], body
    if isinstance(value, dict):
        return (
            labels.title(title),
            ["项目", "内容"],
            [[labels.header(str(k)), _text(v)] for k, v in list(value.items())[:MAX_ROWS]],
        )
    return labels.title(title), ["内容"], [[_text(value)]]


def _json_tables(name: str, value: Any) -> list[tuple[str, list[str], list[list[str]]]]:
    if (
        isinstance(value, dict)
        and value
        and all(isinstance(v, list | dict) for v in value.values())
    ):
        return [_records(str(key), part) for key, part in value.items()]
    return [_records(name, value)]


def _xlsx_tables(data: bytes) -> list[tuple[str, list[str], list[list[str]]]]:
    import io

    import openpyxl

    try:
        book = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception:
        raise ArchiveRefused(_("xlsx 文件无法读取，归档可能已损坏")) from None
    found = []
    try:
        for ws in book.worksheets:
            values = []
            for number, cells in enumerate(ws.iter_rows(values_only=True)):
                if number > MAX_ROWS:
                    break
                values.append([_text(v) for v in cells])
            header = values[0] if values else []
            found.append((ws.title, header, values[1:]))
    finally:
        book.close()
    return found
