"""What bench.documents prints: the table of figures, then where the time goes."""

from __future__ import annotations

import math
import statistics
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from bench.documents import Sample, Spans


@dataclass
class Row:
    what: str
    samples: list[Sample]
    size: int | None = None  # bytes of the document
    per: int = 0  # per-item figure: wall / per
    per_label: str = ""
    note: str = ""

    @property
    def wall(self) -> float:
        return statistics.median(s.wall for s in self.samples)

    @property
    def cpu(self) -> float:
        return statistics.median(s.cpu for s in self.samples)

    @property
    def peak(self) -> float:
        return max(s.peak_mib for s in self.samples)


def fmt_time(seconds: float) -> str:
    if math.isnan(seconds):
        return "—"
    return f"{seconds * 1000:.1f} ms" if seconds < 1 else f"{seconds:.2f} s"


def ljust(text: str, width: int) -> str:
    """Pad to `width` terminal columns: CJK characters take two."""
    import unicodedata

    used = sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)
    return text + " " * max(0, width - used)


def fmt_bytes(size: int | None) -> str:
    if size is None:
        return ""
    return f"{size / 1024:,.0f} KiB" if size < 1024 * 1024 else f"{size / 1024 / 1024:.2f} MiB"


def report(
    rows: list[Row],
    spans_each: list[Spans],
    ranking_phases: dict[str, float],
    cert_samples: list[Sample],
) -> None:
    print("\n=== figures (wall and CPU: median over runs; peak RSS: highest of the runs) ===")
    print(
        f"{'what':<44} {'runs':>4} {'wall':>10} {'min–max':>19} {'CPU':>10} {'per item':>18} "
        f"{'peak RSS':>9} {'size':>10}"
    )
    for row in rows:
        walls = [s.wall for s in row.samples]
        spread = f"{fmt_time(min(walls))}–{fmt_time(max(walls))}" if len(walls) > 1 else ""
        per = ""
        if row.per:
            per = f"{fmt_time(row.wall / row.per)}/{row.per_label}"
        print(
            f"{ljust(row.what, 44)} {len(row.samples):>4} {fmt_time(row.wall):>10} {spread:>19} "
            f"{fmt_time(row.cpu):>10} {per:>18} {row.peak:>6.0f} MiB {fmt_bytes(row.size):>10}"
        )
        if row.note:
            print(f"{'':<6}{row.note}")

    print("\n=== where the time goes ===")
    total = sum(ranking_phases.values())
    print(
        "最终排名 workbook (median per phase): "
        + ", ".join(
            f"{k} {fmt_time(v)} ({100 * v / total:.0f} %)" for k, v in ranking_phases.items()
        )
    )
    for run, (spans, sample) in enumerate(zip(spans_each, cert_samples, strict=True), 1):
        chunks = spans.calls.get("_pages", [])
        layout = spans.total("_document") - spans.total("render_html")
        jinja, qr = spans.total("render_html"), spans.total("_qr")
        write = spans.total("write_pdf")
        font = spans.total("certificate_font")
        other = sample.wall - sum(chunks) - write - font
        singles = sum(1 for n in spans.sizes if n == 1)
        print(
            f"certificates, batch {run}: {fmt_time(sample.wall)} wall, {fmt_time(sample.cpu)} CPU "
            f"({100 * sample.cpu / sample.wall:.0f} % of one core)"
        )
        print(
            f"  {len(chunks)} chunks of ≤10: {fmt_time(sum(chunks))} in all, each "
            f"{fmt_time(min(chunks))}–{fmt_time(max(chunks))} (median "
            f"{fmt_time(statistics.median(chunks))}); of which WeasyPrint layout "
            f"{fmt_time(layout)}, Jinja {fmt_time(jinja)}, QR codes {fmt_time(qr)}"
        )
        print(
            f"  one PDF of every page (Document.write_pdf: font subsetting, serialising): "
            f"{fmt_time(write)}; font lookup (fc-list) {fmt_time(font)}; rest (copy, file, "
            f"polling) {fmt_time(other)}"
        )
        print(
            f"  {len(spans.sizes)} layouts, {singles} of them single certificates laid out again "
            f"smaller (a chunk ran onto an extra page)"
        )
        print(
            f"  longest stretch without a pause, were it built inside the server process "
            f"(CONTEST_OFFLOAD=inline; serve.py builds it in a child process): "
            f"{fmt_time(max([*chunks, write]))}"
        )
