"""Security headers: a strict CSP, no framing but the OBS overlay, nosniff, referrer, caching."""

from __future__ import annotations

import re

from contest.config import ROOT
from contest.extensions import db
from tests.conftest import sign_in
from tests.security.identities import judge_one

STRICT = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data: blob:; "
    "font-src 'self' data:; connect-src 'self'; media-src 'self' blob:; "
    "worker-src 'self' blob:; object-src 'none'; base-uri 'none'; form-action 'self'; "
    "frame-ancestors 'none'"
)


def _headers(response) -> dict[str, str | None]:
    names = ("Content-Security-Policy", "X-Frame-Options", "X-Content-Type-Options")
    return {name: response.headers.get(name) for name in (*names, "Referrer-Policy")}


def test_public_pages_carry_a_strict_policy_and_refuse_frames(client, demo):
    venue = demo.venues[0]
    for path in ("/", f"/display/venues/{venue.id}", f"/live/{demo.id}", "/staff/login", "/j"):
        response = client.get(path)
        assert response.status_code == 200, path
        assert _headers(response) == {
            "Content-Security-Policy": STRICT,
            "X-Frame-Options": "DENY",
            "X-Content-Type-Options": "nosniff",
            "Referrer-Policy": "same-origin",
        }, path
    # Errors too: a 404 page is a page.
    assert _headers(client.get("/no/such/page"))["Content-Security-Policy"] == STRICT


def test_the_obs_overlay_alone_may_be_framed(client, demo):
    response = client.get(f"/overlay/venues/{demo.venues[0].id}")
    assert response.status_code == 200
    assert _headers(response) == {
        "Content-Security-Policy": STRICT.removesuffix("; frame-ancestors 'none'"),
        "X-Frame-Options": None,
        "X-Content-Type-Options": "nosniff",
        "Referrer-Policy": "same-origin",
    }


def test_the_viewer_page_may_fetch_its_livestream(client, demo):
    venue = demo.venues[0]
    venue.stream_url = "http://127.0.0.1:8765/hall-a/index.m3u8"
    db.session.commit()
    policy = client.get(f"/live/{demo.id}").headers["Content-Security-Policy"]
    directives = dict(d.split(" ", 1) for d in policy.split("; "))
    assert directives["connect-src"] == "'self' http://127.0.0.1:8765 https:"
    assert directives["media-src"] == "'self' blob: http://127.0.0.1:8765 https:"
    assert directives["script-src"] == "'self'"
    # Only that page: the hall display of the same venue stays strict.
    assert client.get(f"/display/venues/{venue.id}").headers["Content-Security-Policy"] == STRICT


def test_staff_host_and_judge_pages_are_never_stored(app, client, staff, demo):
    sign_in(client, "admin")
    venue = demo.venues[0]
    for path in (f"/admin/contests/{demo.id}", f"/host/venues/{venue.id}", "/admin/"):
        response = client.get(path)
        assert response.status_code == 200, path
        assert response.headers["Cache-Control"] == "no-store", path
    assert client.get(f"/api/venues/{venue.id}/state").headers["Cache-Control"] == "no-store"
    phone = app.test_client()
    response = phone.get(f"/j/{judge_one().access_key}")
    assert (response.status_code, response.headers["Cache-Control"]) == (302, "no-store")
    for path in ("/judge/", "/api/judge/state"):
        response = phone.get(path)
        assert (response.status_code, response.headers["Cache-Control"]) == (200, "no-store")
    # Public answers keep their own policy.
    standings = client.get(f"/api/contests/{demo.id}/standings")
    assert standings.headers["Cache-Control"] == "public, max-age=5"


def test_templates_hold_no_inline_script_or_style():
    """The CSP forbids inline code; this keeps the templates from needing it."""
    offenders = []
    for path in sorted((ROOT / "templates").rglob("*.html")):
        text = path.read_text(encoding="utf-8")
        for tag in re.findall(r"<script\b[^>]*>", text):
            if "src=" not in tag and 'type="application/json"' not in tag:
                offenders.append(f"{path.name}: {tag}")
        offenders += [f"{path.name}: <style>" for _ in re.findall(r"<style\b", text)]
        offenders += [f"{path.name}: style=" for _ in re.findall(r"\sstyle=", text)]
        offenders += [f"{path.name}: on…=" for _ in re.findall(r"\son[a-z]+=\"", text)]
    assert offenders == []
