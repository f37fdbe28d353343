"""What bench.fanout prints: one block per run, then a summary table."""

from __future__ import annotations

import math

TARGET_VIEWERS, TARGET_P99_MS = 1000, 250  # ../shared/stack-notes.md, "Fan-out"


def ms(value: float) -> str:
    return "—" if math.isnan(value) else f"{value:.0f} ms"


def report(result: dict, plan: dict) -> None:
    n = result["viewers"]
    print(f"\n=== {n:,} viewers ===")
    print(
        f"clients   {result['connected']:,}/{n:,} connected and got their initial snapshot in "
        f"{result['connect_seconds']:.1f} s ({result['client_processes']} client process(es), "
        f"{result['connect_retries']} retries, {result['connect_failed']} failed)"
    )
    if result.get("viewers_per_process"):
        held = ", ".join(f"{v:,}" for v in result["viewers_per_process"])
        print(f"processes {result['server_processes']} behind nginx, holding {held} viewers")
    for failure in result["connect_failures"]:
        print(f"          failure: {failure}")
    print(
        f"{'reveal':>6} {'team':>5} {'received':>11} {'request':>8} {'first':>7} {'p50':>7} "
        f"{'p99':>7} {'last':>7} {'server CPU':>10} {'client CPU':>10} {'push':>8}  notes"
    )
    for i, r in enumerate(result["reveals"], start=1):
        notes = []
        if r["recused"]:
            notes.append(f"recused: {', '.join(r['recused'])}")
        if r["forced"]:
            notes.append(f"forced; not submitted: {r['not_submitted']}")
        print(
            f"{i:>6} {r['team_id']:>5} {r['received']:>5,}/{n:<5,} {ms(r['request_ms']):>8} "
            f"{ms(r['first_ms']):>7} {ms(r['p50_ms']):>7} {ms(r['p99_ms']):>7} "
            f"{ms(r['last_ms']):>7} {r['server_cpu_s'] * 1000:>7.0f} ms "
            f"{r['clients_cpu_s'] * 1000:>7.0f} ms {r['payload_bytes']:>6,} B  {'; '.join(notes)}"
        )
    lat, last = result["viewer_latency_ms"], result["commit_to_last_viewer_ms"]
    cpu, rss = result["server_cpu"], result["server_rss_mib"]
    print(
        f"per viewer      p50 {ms(lat['p50'])}, p99 {ms(lat['p99'])}, max {ms(lat['max'])} "
        f"over {lat['samples']:,} viewer×reveal samples (commit → viewer)"
    )
    print(
        f"commit → last   p50 {ms(last['p50'])}, p99 {ms(last['p99'])}, max {ms(last['max'])} "
        f"over {len(result['reveals'])} reveals"
    )
    print(
        f"every reveal    received by {result['received_every_reveal']:,} of {n:,} viewers; "
        f"{result['lost_after_connect']} dropped after connecting; "
        f"{result['pings_answered']:,} Engine.IO pings answered"
    )
    print(
        f"server CPU      {cpu['reveal_phase_s']:.2f} s over the "
        f"{cpu['reveal_phase_wall_s']:.1f} s reveal phase "
        f"({cpu['reveal_phase_percent']:.0f} % of one core); per reveal "
        f"(request + fan-out) {cpu['per_reveal_s_mean'] * 1000:.0f} ms = "
        f"{cpu['per_viewer_per_reveal_ms']:.3f} ms per viewer (fixed per-reveal work included)"
    )
    if not math.isnan(cpu["server_core_busy_percent"]):
        print(
            f"server's core   busy {cpu['server_core_busy_percent']:.0f} % over the reveal phase, "
            f"of which {max(0.0, cpu['server_core_others_percent']):.0f} % not the server "
            f"(other processes, interrupts, loopback networking)"
        )
    print(
        f"server RSS      idle {rss['idle']:.1f} MiB, {n:,} connected {rss['connected']:.1f} MiB "
        f"(+{rss['per_viewer_kib']:.0f} KiB per viewer), end {rss['end']:.1f} MiB, "
        f"peak {rss['peak']:.1f} MiB"
    )
    for error in result["client_errors"]:
        print(f"client error    {error}")
    profile = result.get("profile")
    if profile and profile["samples"]:
        print(
            f"py-spy          {profile['samples']:,} samples at 200 Hz while the server was "
            f"busy over the reveal phase ({profile['file']}); inclusive share of the top frames:"
        )
        for frame, count in profile["inclusive"][:25]:
            print(f"  {100 * count / profile['samples']:5.1f} %  {frame[:110]}")


def summary(results: list[dict]) -> None:
    print("\n=== summary ===")
    print(
        f"{'viewers':>8} {'got all':>11} {'p50':>7} {'p99':>7} {'max':>7}   "
        f"{'last p50':>8} {'last p99':>8} {'last max':>8}   {'CPU/reveal':>10} {'ms/viewer':>9} "
        f"{'RSS idle→N→peak':>20}"
    )
    for r in results:
        lat, last = r["viewer_latency_ms"], r["commit_to_last_viewer_ms"]
        cpu, rss = r["server_cpu"], r["server_rss_mib"]
        print(
            f"{r['viewers']:>8,} {r['received_every_reveal']:>5,}/{r['viewers']:<5,} "
            f"{ms(lat['p50']):>7} {ms(lat['p99']):>7} {ms(lat['max']):>7}   "
            f"{ms(last['p50']):>8} {ms(last['p99']):>8} {ms(last['max']):>8}   "
            f"{cpu['per_reveal_s_mean'] * 1000:>7.0f} ms {cpu['per_viewer_per_reveal_ms']:>9.3f} "
            f"{rss['idle']:>6.0f}→{rss['connected']:.0f}→{rss['peak']:.0f} MiB"
        )
    print(
        "p50/p99/max: per viewer, commit → receipt; last: commit → last viewer, per reveal; "
        "CPU/reveal: server CPU from the reveal request to the last viewer; ms/viewer: that / N"
    )
    if len(results) > 1:
        low, high = results[0], results[-1]
        extra = high["connected"] - low["connected"]
        if extra > 0:
            slope = (
                high["server_cpu"]["per_reveal_s_median"] - low["server_cpu"]["per_reveal_s_median"]
            ) / extra
            print(
                f"server CPU per reveal (median) grows by {slope * 1e6:.0f} µs per extra viewer "
                f"({low['connected']:,} → {high['connected']:,}); the rest is per reveal, "
                f"whatever the audience"
            )
    for r in results:
        if r["viewers"] != TARGET_VIEWERS:
            continue
        p99 = r["viewer_latency_ms"]["p99"]
        last99 = r["commit_to_last_viewer_ms"]["p99"]
        everyone = r["received_every_reveal"] == r["viewers"]
        met = p99 < TARGET_P99_MS and everyone
        print(
            f"target (stack notes: p99 < {TARGET_P99_MS} ms at {TARGET_VIEWERS:,} viewers, every "
            f"viewer gets every reveal): {'MET' if met else 'MISSED'} — per-viewer p99 "
            f"{ms(p99)}, commit → last viewer p99 {ms(last99)}, "
            f"{r['received_every_reveal']:,}/{r['viewers']:,} got every reveal"
        )
