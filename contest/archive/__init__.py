"""The season archive: one ZIP of every form, review, score sheet, the audit log, the
certificate register (and, added at merge, the 公示/异议 record), with a manifest of SHA-256
checksums; and its reader, which verifies and shows an archive read-only.

writer (a ZIP with a manifest, streamed to a temp file) · sections (name → files) · build ·
reader (hostile ZIPs refused, checksums verified) · views (staff pages) · cli.
"""

from __future__ import annotations

from flask import Flask


def register(app: Flask) -> None:
    """The staff pages of the archive and its `flask season archive-read` command."""
    from contest.archive.cli import attach
    from contest.archive.views import bp

    app.register_blueprint(bp)
    attach(app)
