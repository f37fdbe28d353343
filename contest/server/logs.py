"""Structured access logs (one JSON object a line) with secrets taken out of paths."""

from __future__ import annotations

import json
import logging
import re
import sys
import time
from collections.abc import Callable, Iterable
from typing import Any

# Judges' personal keys travel in the path of /j/<key>; they must never reach a log, nor
# when typed as //j/<key>, /j//<key> or /J/<key> (redirected or not found, still logged).
_SECRET_PATHS = re.compile(r"^/+j/+(?!\.{1,2}(?:/|$))[^/?#]+", re.IGNORECASE)
# Anywhere in a path or a line of text: a `j` segment (also %6A, with ;params, after
# http://host, /./ or /static/../) and whatever segment follows it, however separated.
_SEP = r"(?:/|\\|%2f|%5c)"
_SECRET_ANYWHERE = re.compile(
    rf"(?i)(?:(?<![^/\\\s'\"=])|(?<=%2f)|(?<=%5c))(?:j|%6a|%4a)(?:;[^/\\?#\s'\"]*)?"
    rf"{_SEP}+(?:(?:\.|%2e){{1,2}}{_SEP}+)*(?P<key>[^/\\?#\s'\"]+)"
)

# Reviewers' personal keys (材料文审) travel in /review/<key>/...: the long segment after it.
_REVIEW_KEYS = re.compile(r"(?i)((?:/|%2f)review(?:/|%2f)+)[A-Za-z0-9_-]{20,}")

logger = logging.getLogger("contest.access")


def redact(path: str) -> str:
    """A path or any text with every judge's and reviewer's key replaced by ***."""
    path = _REVIEW_KEYS.sub(r"\1***", _SECRET_PATHS.sub("/j/***", path))
    return _SECRET_ANYWHERE.sub(lambda m: m.group(0)[: m.start("key") - m.start()] + "***", path)


class RedactingStream:
    """A text stream that takes keys out of whatever is written through it.

    serve.py puts one in front of stderr, where gevent writes the raw request line of a
    request it cannot parse (a bad HTTP version, a space in the path) and tracebacks.
    """

    def __init__(self, stream: Any) -> None:
        self.stream = stream

    def write(self, text: str) -> int:
        self.stream.write(redact(text))
        return len(text)

    def writelines(self, lines: Iterable[str]) -> None:
        for line in lines:
            self.write(line)

    def flush(self) -> None:
        self.stream.flush()

    def __getattr__(self, name: str) -> Any:  # fileno, isatty, encoding …
        return getattr(self.stream, name)


def configure() -> None:
    """Send access logs to stderr as JSON lines (what `serve.py` uses)."""
    if logger.handlers:
        return
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(logging.Formatter("%(message)s"))
    logger.addHandler(handler)
    logger.setLevel(logging.INFO)
    logger.propagate = False


class AccessLog:
    """WSGI middleware: logs method, redacted path, status, size and time of each request."""

    def __init__(self, app: Callable[..., Iterable[bytes]]) -> None:
        self.app = app

    def __call__(self, environ: dict[str, Any], start_response: Callable[..., Any]):
        started = time.perf_counter()
        seen: dict[str, Any] = {}

        def recording_start_response(status: str, headers: list, *args: Any):
            seen["status"] = int(status.split(" ", 1)[0])
            return start_response(status, headers, *args)

        try:
            return self.app(environ, recording_start_response)
        finally:
            logger.info(
                json.dumps(
                    {
                        "ts": time.strftime("%Y-%m-%dT%H:%M:%S%z"),
                        "event": "request",
                        "method": environ.get("REQUEST_METHOD"),
                        "path": redact(environ.get("PATH_INFO", "")),
                        "status": seen.get("status"),
                        "ms": round((time.perf_counter() - started) * 1000, 1),
                        "remote": environ.get("REMOTE_ADDR"),
                    },
                    ensure_ascii=False,
                )
            )
