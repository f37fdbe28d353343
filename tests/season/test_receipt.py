"""The receipt line an applicant reads: Beijing time, sizes as people read them."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone

import pytest

from contest.season.files.receipt import Receipt, human_size

SHA = "3f9a1c0b7e2d4a5f" + "0" * 48
AT = datetime(2026, 7, 25, 13, 58, 3, tzinfo=UTC)


def test_a_word_receipt_gives_the_count_and_beijing_time():
    receipt = Receipt("班组创建材料.docx", 49_357, SHA, AT, "docx", characters=4_812)
    assert receipt.text() == (
        "已收到「班组创建材料.docx」：48.2 KB，字数 4,812，SHA-256 3f9a1c0b7e2d4a5f…（前 16 位），"
        "服务器时间 2026-07-25 21:58:03（北京时间）"
    )


def test_a_pdf_receipt_gives_the_pages_and_crosses_midnight_in_beijing():
    at = datetime(2026, 7, 25, 16, 30, 0, tzinfo=UTC)
    receipt = Receipt("现场照片.pdf", 1_363_149, SHA, at, "pdf", pages=12)
    assert receipt.text() == (
        "已收到「现场照片.pdf」：1.3 MB，共 12 页，SHA-256 3f9a1c0b7e2d4a5f…（前 16 位），"
        "服务器时间 2026-07-26 00:30:00（北京时间）"
    )


@pytest.mark.parametrize(
    ("size", "shown"),
    [(0, "0 字节"), (1023, "1023 字节"), (1024, "1.0 KB"), (49_357, "48.2 KB"),
     (1_048_575, "1.0 MB"), (20 * 1024 * 1024, "20.0 MB")],
)  # fmt: skip
def test_sizes_read_as_people_read_them(size, shown):
    assert human_size(size) == shown


BEIJING_AWARE = AT.astimezone(timezone(timedelta(hours=8)))


@pytest.mark.parametrize("at", [datetime(2026, 7, 25, 13, 58), BEIJING_AWARE])
def test_a_time_that_is_not_aware_utc_is_refused(at):
    with pytest.raises(ValueError, match="aware UTC"):
        Receipt("a.pdf", 1, SHA, at, "pdf", pages=1)
