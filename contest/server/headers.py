"""Security headers on every response: what a page may load, who may frame it, what is cached.

The pages have no inline script or style: JSON rides in <script type="application/json">,
which a CSP does not execute and does not block. The vendored hls.js builds its worker and
its media source from blob: URLs. The viewer's page also fetches the venue's livestream,
from wherever staff point it (分会场 → 直播地址).
"""

from __future__ import annotations

from urllib.parse import urlsplit

from flask import Flask, Response, g, request

# Pages a browser must never keep: staff, the host console, judges' pages and their APIs.
PRIVATE_BLUEPRINTS = frozenset({"admin", "auth", "host", "judge"})
# The livestream lower third is an OBS browser source, which may embed it as a frame.
FRAMEABLE_ENDPOINTS = frozenset({"display.overlay"})

_POLICY = {
    "default-src": ["'self'"],
    "script-src": ["'self'"],
    "style-src": ["'self'"],
    "img-src": ["'self'", "data:", "blob:"],
    "font-src": ["'self'", "data:"],
    "connect-src": ["'self'"],
    "media-src": ["'self'", "blob:"],
    "worker-src": ["'self'", "blob:"],
    "object-src": ["'none'"],
    "base-uri": ["'none'"],
    "form-action": ["'self'"],
    "frame-ancestors": ["'none'"],
}


def allow_stream(url: str) -> None:
    """Let this page play a livestream from `url`'s origin (and HTTPS CDNs it points to)."""
    parts = urlsplit(url)
    if parts.scheme in ("http", "https") and parts.netloc:
        g.csp_stream_sources = [f"{parts.scheme}://{parts.netloc}", "https:"]


def content_security_policy(*, frameable: bool = False, stream: list[str] | None = None) -> str:
    policy = {name: list(sources) for name, sources in _POLICY.items()}
    if frameable:
        del policy["frame-ancestors"]
    for name in ("connect-src", "media-src"):
        policy[name] += [s for s in stream or [] if s not in policy[name]]
    return "; ".join(f"{name} {' '.join(sources)}" for name, sources in policy.items())


def _secure(response: Response) -> Response:
    frameable = request.endpoint in FRAMEABLE_ENDPOINTS
    stream = g.get("csp_stream_sources")
    response.headers["Content-Security-Policy"] = content_security_policy(
        frameable=frameable, stream=stream
    )
    if not frameable:
        response.headers["X-Frame-Options"] = "DENY"
    response.headers["X-Content-Type-Options"] = "nosniff"
    # Same-origin requests keep their Referer (Flask-WTF's HTTPS CSRF check needs it);
    # other sites learn nothing, not even which page a link was on.
    response.headers["Referrer-Policy"] = "same-origin"
    private = request.blueprint in PRIVATE_BLUEPRINTS
    if private or (request.blueprint == "api" and "Cache-Control" not in response.headers):
        response.headers["Cache-Control"] = "no-store"
    return response


def register(app: Flask) -> None:
    app.after_request(_secure)
