"""What an applicant is told a file was received as: name, size, count, hash and time."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from flask_babel import gettext as _

BEIJING = ZoneInfo("Asia/Shanghai")
SHOWN_HASH_DIGITS = 16  # enough to compare by eye with a printout; the full hash is stored


@dataclass(frozen=True)
class Receipt:
    """One stored upload; `received_at` is UTC and shown in Beijing time."""

    name: str
    size: int
    sha256: str
    received_at: datetime
    kind: str  # "docx" or "pdf"
    pages: int | None = None
    characters: int | None = None

    def __post_init__(self) -> None:
        # A naive time would be read as the server's local time somewhere, and shift by hours.
        if self.received_at.utcoffset() != timedelta(0):
            raise ValueError("received_at must be an aware UTC datetime")

    def text(self) -> str:
        """One line in Chinese: 已收到「a.docx」：48.2 KB，字数 4,812，SHA-256 …，服务器时间 …"""
        count = ""
        if self.characters is not None:
            count = _("字数 %(count)s，", count=f"{self.characters:,}")
        elif self.pages is not None:
            count = _("共 %(count)s 页，", count=f"{self.pages:,}")
        return _(
            "已收到「%(name)s」：%(size)s，%(count)sSHA-256 %(hash)s…（前 %(digits)s 位），"
            "服务器时间 %(time)s（北京时间）",
            name=self.name,
            size=human_size(self.size),
            count=count,
            hash=self.sha256[:SHOWN_HASH_DIGITS],
            digits=SHOWN_HASH_DIGITS,
            time=self.received_at.astimezone(BEIJING).strftime("%Y-%m-%d %H:%M:%S"),
        )


def human_size(size: int) -> str:
    """Bytes as a person reads them: 512 字节, 48.2 KB, 19.6 MB (1 KB = 1,024 bytes)."""
    if size < 1024:
        return _("%(size)s 字节", size=size)
    if round(size / 1024, 1) < 1024:  # 1,048,575 bytes reads 1.0 MB, not 1024.0 KB
        return f"{size / 1024:.1f} KB"
    return f"{size / (1024 * 1024):.1f} MB"
