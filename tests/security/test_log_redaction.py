"""Judges' keys are taken out of any path or log text, however the path is written."""

from __future__ import annotations

import io

import pytest

from contest.server.logs import RedactingStream, redact

KEY = "Zq3-x_9KpLmN0aBcDeFgH1"


@pytest.mark.parametrize(
    ("written", "logged"),
    [
        ("/j/{k}", "/j/***"),
        ("//j/{k}", "/j/***"),
        ("/J/{k}/", "/j/***/"),
        ("http://contest.example/j/{k}", "http://contest.example/j/***"),
        ("/./j/{k}", "/./j/***"),
        ("/static/../j/{k}", "/static/../j/***"),
        ("/j;x/{k}", "/j;x/***"),
        ("/j/./{k}", "/j/./***"),
        ("/%6A/{k}", "/%6A/***"),
        ("/j%2F{k}", "/j%2F***"),
        ("/j\\{k}", "/j\\***"),
        (
            "Invalid http version: 'GET /j/{k} HTTP/9.9\\r\\n'",
            "Invalid http version: 'GET /j/*** HTTP/9.9\\r\\n'",
        ),
        ("GET /j/{k} two HTTP/1.1", "GET /j/*** two HTTP/1.1"),
        # Not a key: left alone.
        ("/judge/", "/judge/"),
        ("/static/js/judge.js", "/static/js/judge.js"),
        ("/j", "/j"),
        ("/api/judge/state", "/api/judge/state"),
    ],
)
def test_keys_are_redacted_however_the_path_is_written(written, logged):
    assert redact(written.format(k=KEY)) == logged


def test_a_redacting_stream_passes_everything_but_keys():
    target = io.StringIO()
    stream = RedactingStream(target)
    stream.write(f"GET /j/{KEY} HTTP/9.9\n")
    stream.writelines(["traceback line\n", f"path=/j/{KEY}\n"])
    stream.flush()
    assert target.getvalue() == "GET /j/*** HTTP/9.9\ntraceback line\npath=/j/***\n"
