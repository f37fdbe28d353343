"""Pages that fail their test on a console error or an uncaught exception."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

import pytest


class Watched:
    """Collects what a page printed as an error, or threw without catching."""

    def __init__(self, page, *, allow: tuple[str, ...] = ()) -> None:
        self.page = page
        self.allow = allow
        self.errors: list[str] = []
        page.on("console", self._console)
        page.on("pageerror", lambda error: self.errors.append(f"uncaught: {error}"))

    def _console(self, message) -> None:
        where = f"{message.text} {message.location.get('url', '')}"  # a failed load: its URL
        if message.type == "error" and not any(a in where for a in self.allow):
            self.errors.append(f"console.error: {message.text} ({message.location})")

    def check(self) -> None:
        if self.errors:
            pytest.fail("the page reported errors:\n" + "\n".join(self.errors))


def watch(page, *, allow: tuple[str, ...] = ()) -> Watched:
    """Watch `page`; call `.check()` (or use `watched_page`) to fail on what it reported.

    `allow` lists substrings of console errors that the test provokes on purpose (a 4xx
    answer the page shows as a message, say): nothing else passes.
    """
    return Watched(page, allow=allow)


@contextmanager
def watched_page(browser_or_context, **page_options) -> Iterator:
    """A new page that fails the test on any console error or uncaught exception."""
    allow = page_options.pop("allow", ())
    page = browser_or_context.new_page(**page_options)
    watcher = watch(page, allow=allow)
    try:
        yield page
    finally:
        errors = list(watcher.errors)
        page.close()
    if errors:
        pytest.fail("the page reported errors:\n" + "\n".join(errors))
