"""Slowest files first, so the parallel run does not end with one worker on a long file.

`make test` hands whole files to workers in collection order (xdist --dist loadfile); a long
browser file that happens to be collected last keeps one worker busy while the other idles.
Files are ordered by their measured time (tests/durations.json, refreshed by running the suite
with CONTEST_RECORD_DURATIONS=tests/durations.json); a file not measured yet is guessed from
its kind and size. Tests inside a file keep their order.
"""

from __future__ import annotations

import json
import os
from collections import defaultdict
from pathlib import Path

DURATIONS = Path(__file__).with_name("durations.json")
_BROWSER_TEST = 60.0  # seconds, a guess for an unmeasured browser test (most take 30–150)
_OTHER_TEST = 0.4


def _measured() -> dict[str, float]:
    try:
        return json.loads(DURATIONS.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}


def slowest_first(items: list) -> list:
    """The items regrouped by file, the files longest first (stable for equal weights)."""
    measured = _measured()
    by_file: dict[str, list] = defaultdict(list)
    for item in items:
        by_file[item.nodeid.split("::", 1)[0]].append(item)

    def weight(path: str) -> float:
        if path in measured:
            return measured[path]
        per_test = _BROWSER_TEST if path.startswith("tests/browser/") else _OTHER_TEST
        return per_test * len(by_file[path])

    files = sorted(by_file, key=weight, reverse=True)
    return [item for path in files for item in by_file[path]]


class Recorder:
    """Adds up each file's setup, call and teardown time and writes them as JSON at the end."""

    def __init__(self, target: str) -> None:
        self.target = Path(target)
        self.seconds: dict[str, float] = defaultdict(float)

    def pytest_runtest_logreport(self, report) -> None:
        self.seconds[report.nodeid.split("::", 1)[0]] += report.duration

    def pytest_sessionfinish(self, session) -> None:
        if os.environ.get("PYTEST_XDIST_WORKER"):
            return  # the controller hears every worker's reports and writes once
        rounded = {path: round(s, 1) for path, s in sorted(self.seconds.items())}
        self.target.write_text(json.dumps(rounded, indent=1) + "\n", encoding="utf-8")
