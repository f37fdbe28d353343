"""How bench.documents measures a step: wall, CPU, peak RSS, and spans of the certificate path."""

from __future__ import annotations

import contextlib
import functools
import re
import resource
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

# -- measuring -------------------------------------------------------------------------------


def _cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def _status_kib(name: str) -> int | None:
    with contextlib.suppress(OSError):
        found = re.search(rf"^{name}:\s+(\d+) kB", Path("/proc/self/status").read_text(), re.M)
        if found:
            return int(found.group(1))
    return None


def _reset_peak() -> bool:
    """Reset VmHWM to the current RSS (Linux 4.0+); False where that is not possible."""
    try:
        Path("/proc/self/clear_refs").write_text("5")
        return True
    except OSError:
        return False


@dataclass
class Sample:
    wall: float
    cpu: float
    peak_mib: float  # this step's peak RSS
    rss_before_mib: float
    rss_after_mib: float
    value: Any = None


def measure(fn: Callable[[], Any]) -> Sample:
    reset = _reset_peak()
    before = (_status_kib("VmRSS") or 0) / 1024
    cpu, wall = _cpu(), time.perf_counter()
    value = fn()
    wall, cpu = time.perf_counter() - wall, _cpu() - cpu
    peak = _status_kib("VmHWM") if reset else None
    if peak is None:  # getrusage's peak is the whole process's, not this step's
        peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    after = (_status_kib("VmRSS") or 0) / 1024
    return Sample(wall, cpu, peak / 1024, before, after, value)


# -- instrumentation of the certificate path (wrappers in this process; no file changes) ----


@dataclass
class Spans:
    """Durations of calls into contest.certificates.render, from whichever thread."""

    calls: dict[str, list[float]] = field(default_factory=dict)
    sizes: list[int] = field(default_factory=list)  # sheets per _document call

    def add(self, name: str, seconds: float) -> None:
        self.calls.setdefault(name, []).append(seconds)

    def total(self, name: str) -> float:
        return sum(self.calls.get(name, []))

    def count(self, name: str) -> int:
        return len(self.calls.get(name, []))


@contextlib.contextmanager
def instrumented(spans: Spans):
    """Time render._pages (one chunk), _document (HTML + WeasyPrint layout), render_html
    (Jinja), _qr (QR SVGs), certificate_font (fc-list) and Document.write_pdf (the PDF)."""
    import weasyprint.document

    from contest.certificates import render

    targets = [
        (render, "_pages"),
        (render, "_document"),
        (render, "render_html"),
        (render, "_qr"),
        (render, "certificate_font"),
        (weasyprint.document.Document, "write_pdf"),
    ]
    originals = [(owner, name, getattr(owner, name)) for owner, name in targets]

    def wrap(name: str, original):
        @functools.wraps(original)
        def timed(*args, **kwargs):
            started = time.perf_counter()
            try:
                return original(*args, **kwargs)
            finally:
                spans.add(name, time.perf_counter() - started)
                if name == "_document":
                    sheets = args[0] if args else kwargs.get("sheets", [])
                    spans.sizes.append(len(sheets))

        return timed

    for owner, name, original in originals:
        setattr(owner, name, wrap(name, original))
    try:
        yield spans
    finally:
        for owner, name, original in originals:
            setattr(owner, name, original)
