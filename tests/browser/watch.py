"""Pages that fail their test on a console error or an uncaught exception."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

import pytest


class Watched:
    """Collects what a page printed as an error, or threw without catching."""

    def __init__(self, page, *, allow: tuple[str, ...] = ()) -> None:
        page._contest_watched = True  # the suite-wide guard leaves this page to us
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


class Guard:
    """Every page any browser test opens, watched unless a `Watched` already watches it.

    Installed for each test that uses the `browser` fixture (tests/conftest.py): pages from
    `browser.new_page()`, from contexts of `browser.new_context()`, and their popups. A
    test that provokes an error on purpose names it with
    `@pytest.mark.console_allows("status of 409", ...)` or watches the page itself.
    """

    def __init__(self, browser, allow: tuple[str, ...]) -> None:
        self.browser = browser
        self.allow = allow
        self.errors: list[str] = []
        self.stopped = False  # once the test's body ends, what pages print no longer counts
        self._new_context = browser.new_context
        self._new_page = browser.new_page
        browser.new_context = self.new_context
        browser.new_page = self.new_page

    def new_context(self, *args, **kwargs):
        context = self._new_context(*args, **kwargs)
        context.on("page", self.attach)
        return context

    def new_page(self, *args, **kwargs):
        page = self._new_page(*args, **kwargs)
        page.context.on("page", self.attach)
        self.attach(page)
        return page

    def attach(self, page) -> None:
        page.on("console", lambda message: self._console(page, message))
        page.on("pageerror", lambda error: self._error(page, f"uncaught: {error}"))

    def stop(self) -> None:
        """The test's body is over: servers stop next, and open pages lose them."""
        self.stopped = True

    def _error(self, page, text: str) -> None:
        if not self.stopped and not getattr(page, "_contest_watched", False):
            self.errors.append(f"{text} (page {page.url})")

    def _console(self, page, message) -> None:
        where = f"{message.text} {message.location.get('url', '')}"
        if message.type == "error" and not any(a in where for a in self.allow):
            self._error(page, f"console.error: {message.text} ({message.location})")

    def close(self) -> list[str]:
        del self.browser.new_context, self.browser.new_page  # back to the class's methods
        return self.errors
