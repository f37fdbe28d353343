"""The systemd unit bounds each server's memory above what its import child may take."""

from __future__ import annotations

import configparser
from pathlib import Path

from contest.imports.reader import PARSE_MEMORY

UNIT = Path(__file__).resolve().parents[1] / "deploy" / "systemd" / "contest@.service"


def _bytes(text: str) -> int:
    units = {"K": 1024, "M": 1024**2, "G": 1024**3}
    return int(text[:-1]) * units[text[-1]] if text[-1] in units else int(text)


def test_the_server_unit_caps_memory_above_the_import_child():
    unit = configparser.ConfigParser(strict=False, interpolation=None)
    unit.optionxform = str
    unit.read_string(UNIT.read_text())
    service = unit["Service"]
    high, cap = _bytes(service["MemoryHigh"]), _bytes(service["MemoryMax"])
    # The server itself (~150 MB) and an import child at its cap fit under MemoryHigh.
    assert PARSE_MEMORY + 150 * 1024**2 < high < cap
    assert (service["Restart"], service["LimitNOFILE"]) == ("always", "65536")
