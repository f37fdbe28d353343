"""Bytes over the wire for a judge's first page load, measured in Chromium.

    .venv/bin/python -m bench.page_weight

Starts the real server (serve.py, gevent) on a fresh demo database, opens a judge's
personal link at a phone viewport, waits for the network to go idle, and sums every
response's encoded length as Chromium's network stack reports it (headers included).
"""

from __future__ import annotations

import tempfile
from pathlib import Path

from playwright.sync_api import sync_playwright

from tests.browser.fixtures import FLAGS, _demo_server
from tests.services import CHROMIUM


def measure(browser, server, url: str) -> list[tuple[str, int]]:
    """(path, bytes) of every response while the page at `url` loads in a fresh context."""
    context = browser.new_context(viewport={"width": 390, "height": 844})
    try:
        page = context.new_page()
        cdp = page.context.new_cdp_session(page)
        cdp.send("Network.enable")
        urls: dict[str, str] = {}
        sizes: dict[str, int] = {}
        cdp.on(
            "Network.requestWillBeSent",
            lambda e: urls.__setitem__(e["requestId"], e["request"]["url"]),
        )
        cdp.on(
            "Network.loadingFinished",
            lambda e: sizes.__setitem__(e["requestId"], int(e["encodedDataLength"])),
        )
        page.goto(url, wait_until="networkidle")
        page.wait_for_selector("#conn", state="hidden")
        page.wait_for_timeout(500)
    finally:
        context.close()
    base = server.url
    return [(urls[r].replace(base, "").split("?")[0], sizes[r]) for r in sizes]


def main() -> None:
    server = _demo_server(Path(tempfile.mkdtemp(prefix="page-weight-")))
    try:
        url = server.flask("judge-links").splitlines()[0].split("\t")[1]
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=CHROMIUM, args=FLAGS)
            rows = measure(browser, server, url)
            browser.close()
    finally:
        server.stop()
    total = sum(size for _, size in rows)
    for path, size in sorted(rows, key=lambda r: -r[1]):
        print(f"{size:>8,} B  {path}")
    print(f"{total:>8,} B  total over the wire for the judge's first load ({total / 1024:.1f} KiB)")


if __name__ == "__main__":
    main()
