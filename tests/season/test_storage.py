"""Files stored by content hash: atomic, once per content, no path outside the root."""

from __future__ import annotations

import hashlib
import threading

import pytest

from contest.season.files.storage import LocalStorage

DATA = "班组创建材料".encode()
SHA = hashlib.sha256(DATA).hexdigest()


def test_put_stores_under_two_levels_of_the_hash_and_reads_back(tmp_path):
    storage = LocalStorage(tmp_path)
    assert storage.put(DATA) == SHA
    assert storage.path(SHA) == tmp_path / SHA[:2] / SHA[2:4] / SHA
    assert storage.exists(SHA)
    assert storage.size(SHA) == 18
    with storage.open(SHA) as file:
        assert file.read() == DATA


def test_the_same_content_twice_is_stored_once_and_not_rewritten(tmp_path):
    storage = LocalStorage(tmp_path)
    storage.put(DATA)
    written = storage.path(SHA).stat().st_mtime_ns
    assert storage.put(DATA) == SHA
    assert storage.path(SHA).stat().st_mtime_ns == written
    assert sorted(p.name for p in tmp_path.rglob("*") if p.is_file()) == [SHA]


def test_concurrent_puts_of_one_content_leave_one_whole_file_and_no_temporaries(tmp_path):
    storage = LocalStorage(tmp_path)
    data = bytes(range(256)) * 40_000  # 10 MB: long enough for the writes to overlap
    results: list[str] = []
    threads = [threading.Thread(target=lambda: results.append(storage.put(data))) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    sha = hashlib.sha256(data).hexdigest()
    assert results == [sha] * 8
    assert [p.name for p in tmp_path.rglob("*") if p.is_file()] == [sha]
    assert storage.path(sha).read_bytes() == data


@pytest.mark.parametrize(
    "key",
    ["../../etc/passwd", SHA.upper(), SHA[:63], SHA + "0", f"{SHA}\n", "", "../" + SHA[3:]],
)
def test_anything_but_64_lowercase_hex_digits_is_refused_everywhere(tmp_path, key):
    storage = LocalStorage(tmp_path)
    for method in (storage.path, storage.open, storage.exists, storage.size):
        with pytest.raises(ValueError, match="not a SHA-256 hex digest"):
            method(key)


def test_a_missing_file_does_not_exist_and_cannot_be_opened(tmp_path):
    storage = LocalStorage(tmp_path)
    assert not storage.exists(SHA)
    with pytest.raises(FileNotFoundError):
        storage.open(SHA)
